package org.lotterylab.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The schema of a config record, derived from the {@link Param} declarations of its components:
 * defaults, a builder, strict JSON reading and writing, the dotted field names with their
 * documentation, and a canonical tree for hashing. One schema per record class, built once.
 *
 * <p><b>Reading</b> ({@link #read}): a field left out takes its default; an unknown field is an
 * error suggesting the nearest declared name; a wrong type or a value outside its range is an
 * error naming the dotted field, the value, what is allowed and the default. A nested record
 * may also be given as a string of its components in order separated by {@code ':'}
 * ({@code "rewind:50"}, {@code "normal"}), and a list of records as such strings joined by
 * {@code '+'} ({@code "circles+moons"}).
 *
 * <p>Errors are {@link IllegalArgumentException}s whose message starts with the dotted field.
 *
 * @param <R> the record type
 */
public final class Schema<R extends Record> {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ClassValue<Schema<?>> CACHE = new ClassValue<>() {
        @Override
        protected Schema<?> computeValue(Class<?> type) {
            return new Schema<>(type.asSubclass(Record.class));
        }
    };

    private final Class<R> type;
    private final List<Field> fields;
    private final Map<String, Field> byName = new LinkedHashMap<>();
    private final Constructor<R> constructor;
    private volatile R defaults;

    private Schema(Class<R> type) {
        this.type = type;
        RecordComponent[] rc = type.getRecordComponents();
        if (rc == null) {
            throw new IllegalStateException(type + " is not a record");
        }
        List<Field> fs = new ArrayList<>();
        Class<?>[] types = new Class<?>[rc.length];
        for (int i = 0; i < rc.length; i++) {
            Param p = rc[i].getAnnotation(Param.class);
            if (p == null) {
                throw new IllegalStateException(type.getName() + "." + rc[i].getName() + " has no @Param declaration");
            }
            Field f = new Field(this, i, rc[i], p, codecFor(rc[i].getGenericType(), p, type.getSimpleName() + "." + rc[i].getName()));
            fs.add(f);
            byName.put(f.name(), f);
            types[i] = rc[i].getType();
        }
        fields = List.copyOf(fs);
        try {
            constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(type + " has no canonical constructor", e);
        }
    }

    /** The schema of {@code type}, whose components must all carry {@link Param}. */
    @SuppressWarnings("unchecked")
    public static <R extends Record> Schema<R> of(Class<R> type) {
        return (Schema<R>) CACHE.get(type);
    }

    /** The record type. */
    public Class<R> type() {
        return type;
    }

    /** The fields, in component order. */
    public List<Field> fields() {
        return fields;
    }

    /** The field called {@code name}, or null. */
    public Field field(String name) {
        return byName.get(name);
    }

    /** The record with every field at its default. */
    public R defaults() {
        R d = defaults;
        if (d == null) {
            Object[] v = new Object[fields.size()];
            for (Field f : fields) {
                v[f.index] = f.defaultValue();
            }
            d = construct(v, "");
            defaults = d;
        }
        return d;
    }

    /** A builder starting from the defaults. */
    public Builder<R> builder() {
        return new Builder<>(this, defaults());
    }

    /** A builder starting from {@code from}. */
    public Builder<R> builder(R from) {
        return new Builder<>(this, from);
    }

    // ------------------------------------------------------------------ writing

    /** Every field, in component order. */
    public ObjectNode write(R r) {
        ObjectNode n = F.objectNode();
        for (Field f : fields) {
            n.set(f.name(), f.codec.write(f.get(r)));
        }
        return n;
    }

    /**
     * The tree a content hash is taken of, before defaults are stripped: fields that are not
     * {@link Param#hashed() hashed} or that the value {@link IgnoredParams ignores} are left out,
     * and so are fields of list elements equal to their default (unless
     * {@link Param#hashDefault()}).
     */
    public ObjectNode canonical(R r) {
        return canonical(r, false);
    }

    private ObjectNode canonical(Object r, boolean inList) {
        Set<String> ignored = r instanceof IgnoredParams ip ? ip.ignoredParams() : Set.of();
        ObjectNode n = F.objectNode();
        for (Field f : fields) {
            if (!f.param.hashed() || ignored.contains(f.name())) {
                continue;
            }
            Object v = f.get(r);
            JsonNode written = f.codec.canonical(v);
            if (inList && !f.param.hashDefault() && written.equals(f.codec.canonical(f.defaultValue()))) {
                continue;
            }
            n.set(f.name(), written);
        }
        return n;
    }

    // ------------------------------------------------------------------ reading

    /**
     * Reads a record from JSON; {@code path} is the dotted name of {@code n} for messages
     * (empty at the top level, where only an object is accepted).
     */
    public R read(JsonNode n, String path) {
        if (n.isTextual() && !path.isEmpty()) {
            n = positional(n.asText(), path);
        }
        if (!n.isObject()) {
            throw new IllegalArgumentException((path.isEmpty() ? "the top level" : path)
                    + " must be a JSON object {...}, got " + kind(n));
        }
        Iterator<String> names = n.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!byName.containsKey(name)) {
                throw new IllegalArgumentException("unknown field " + join(path, name) + hint(path, name));
            }
        }
        Object[] v = new Object[fields.size()];
        for (Field f : fields) {
            JsonNode x = n.get(f.name());
            v[f.index] = x == null ? f.defaultValue() : f.codec.read(x, join(path, f.name()));
        }
        return construct(v, path);
    }

    private String hint(String path, String name) {
        List<String> known = new ArrayList<>();
        for (String k : byName.keySet()) {
            known.add(join(path, k));
        }
        return Names.nearest(join(path, name), known).map(s -> "; did you mean " + s + "?")
                .orElse("; the fields" + (path.isEmpty() ? "" : " of " + path) + " are " + String.join(", ", byName.keySet()));
    }

    /** {@code "a:b:c"} as {@code {first: a, second: b, third: c}}, each part a JSON scalar or a string. */
    private ObjectNode positional(String text, String path) {
        String[] parts = text.trim().split("\\s*[:=]\\s*");
        if (parts.length > fields.size()) {
            throw new IllegalArgumentException(path + " \"" + text + "\" has " + parts.length + " parts; write at most "
                    + fields.size() + " (" + String.join(":", byName.keySet()) + ") or an object");
        }
        ObjectNode o = F.objectNode();
        for (int i = 0; i < parts.length; i++) {
            o.set(fields.get(i).name(), scalar(parts[i]));
        }
        return o;
    }

    private static JsonNode scalar(String s) {
        try {
            JsonNode n = MAPPER.readTree(s);
            if (n != null && (n.isNumber() || n.isBoolean())) {
                return n;
            }
        } catch (Exception e) {
            // not a JSON scalar: a string
        }
        return TextNode.valueOf(s);
    }

    R construct(Object[] v, String path) {
        for (Field f : fields) {
            f.check(v[f.index], join(path, f.name()));
        }
        try {
            return constructor.newInstance(v);
        } catch (InvocationTargetException e) {
            Throwable c = e.getCause();
            if (c instanceof IllegalArgumentException iae) {
                throw path.isEmpty() || iae.getMessage().startsWith(path) ? iae
                        : new IllegalArgumentException(path + ": " + iae.getMessage(), iae);
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error er) {
                throw er;
            }
            throw new IllegalStateException(c);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    static String kind(JsonNode n) {
        return n.getNodeType().name().toLowerCase(Locale.ROOT) + " " + n;
    }

    /**
     * The value of a field of {@code r} by its dotted name through nested records, e.g.
     * {@code "training.learningRate"} (a record, list or array as held, not copied).
     *
     * @throws IllegalArgumentException naming the nearest field if there is none of that name
     */
    public Object get(R r, String dotted) {
        Object v = r;
        Schema<?> s = this;
        for (String part : dotted.split("\\.")) {
            Field f = s == null ? null : s.byName.get(part);
            if (f == null) {
                List<String> known = new ArrayList<>();
                entries().forEach(e -> known.add(e.path()));
                throw new IllegalArgumentException("unknown field " + dotted + Names.hint(dotted, known));
            }
            v = f.get(v);
            s = f.codec instanceof RecordCodec rc ? rc.schema : null;
        }
        return v;
    }

    // ------------------------------------------------------------------ documentation

    /** One documented leaf or nested object: its dotted name and declaration. */
    public record Entry(String path, Field field) {
    }

    /** Every field, nested records' fields included, depth first in declaration order. */
    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        collect("", out);
        return out;
    }

    private void collect(String prefix, List<Entry> out) {
        for (Field f : fields) {
            String p = join(prefix, f.name());
            out.add(new Entry(p, f));
            if (f.codec instanceof RecordCodec rc) {
                rc.schema.collect(p, out);
            }
        }
    }

    // ------------------------------------------------------------------ fields and codecs

    /** One declared field: its name, declaration, type and default. */
    public static final class Field {
        private final Schema<?> owner;
        private final int index;
        private final RecordComponent component;
        private final Param param;
        private final Codec codec;
        private final Range range;
        private volatile Object dflt;

        Field(Schema<?> owner, int index, RecordComponent component, Param param, Codec codec) {
            this.owner = owner;
            this.index = index;
            this.component = component;
            this.param = param;
            this.codec = codec;
            String where = owner.type.getSimpleName() + "." + component.getName();
            this.range = param.range().isEmpty() ? null : Range.parse(param.range(), where);
            if (param.dflt().isEmpty() && !(codec instanceof RecordCodec)) {
                throw new IllegalStateException(where + " declares no default");
            }
        }

        public String name() {
            return component.getName();
        }

        /** The declared description. */
        public String doc() {
            return param.doc();
        }

        /** The declared range, or "" for any value. */
        public String range() {
            return param.range();
        }

        /** What JSON value the field takes, e.g. "a number", "one of adam, adamw, sgd". */
        public String typeName() {
            return codec.describe() + (param.nullable() ? " or null" : "");
        }

        /** The default value. */
        public Object defaultValue() {
            Object d = dflt;
            if (d == null) {
                String where = "the default of " + owner.type.getSimpleName() + "." + name();
                if (param.dflt().isEmpty()) {
                    d = ((RecordCodec) codec).schema.defaults();
                } else {
                    d = codec.read(parseDefault(param.dflt()), where);
                }
                dflt = d;
            }
            return d;
        }

        /** The default as JSON text, e.g. {@code 0.001} or {@code "adam"}. */
        public String defaultText() {
            JsonNode n = codec.write(defaultValue());
            return n.isContainerNode() && codec instanceof RecordCodec ? "(see its fields)" : n.toString();
        }

        private static JsonNode parseDefault(String s) {
            try {
                JsonNode n = MAPPER.readTree(s);
                return n == null || n.isMissingNode() ? TextNode.valueOf(s) : n;
            } catch (Exception e) {
                return TextNode.valueOf(s);
            }
        }

        Object get(Object r) {
            try {
                return component.getAccessor().invoke(r);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Fails unless {@code v} lies in the declared range (NaN of a nullable field passes). */
        void check(Object v, String path) {
            if (range == null || !(v instanceof Number num)) {
                return;
            }
            double d = num.doubleValue();
            if (param.nullable() && Double.isNaN(d)) {
                return;
            }
            if (!range.contains(d)) {
                throw new IllegalArgumentException(path + " = " + codec.write(v) + " is out of range: it must lie in "
                        + range.text() + " (" + param.doc() + "); the default is " + defaultText());
            }
        }

        /** A Java value for this field: numbers convert when exact, anything else must have the field's type. */
        Object coerce(Object v) {
            Class<?> t = component.getType();
            if (v instanceof Number n) {
                if (t == double.class) {
                    return n.doubleValue();
                }
                if ((t == int.class || t == long.class) && (n instanceof Integer || n instanceof Long || n instanceof Short
                        || n instanceof Byte)) {
                    long l = n.longValue();
                    if (t == int.class && (int) l != l) {
                        throw new IllegalArgumentException(name() + " = " + l + " does not fit an int");
                    }
                    return t == int.class ? (Object) (int) l : (Object) l;
                }
            }
            Class<?> boxed = t == int.class ? Integer.class : t == long.class ? Long.class : t == double.class ? Double.class
                    : t == boolean.class ? Boolean.class : t;
            if (v == null || !boxed.isInstance(v)) {
                throw new IllegalArgumentException(name() + " must be " + typeName() + ", got " + v);
            }
            return v instanceof int[] a ? a.clone() : v;
        }
    }

    /** Between a Java value of one type and JSON. */
    interface Codec {
        JsonNode write(Object v);

        /** The form inside a canonical tree (nested records canonical too). */
        default JsonNode canonical(Object v) {
            return write(v);
        }

        Object read(JsonNode n, String path);

        String describe();
    }

    private static IllegalArgumentException wrongType(String path, String want, JsonNode got) {
        return new IllegalArgumentException(path + " must be " + want + ", got " + kind(got));
    }

    private static Codec codecFor(Type generic, Param p, String where) {
        Class<?> raw = generic instanceof ParameterizedType pt ? (Class<?>) pt.getRawType() : (Class<?>) generic;
        if (raw == boolean.class) {
            return new Scalar("true or false") {
                @Override
                public JsonNode write(Object v) {
                    return F.booleanNode((Boolean) v);
                }

                @Override
                public Object read(JsonNode n, String path) {
                    if (!n.isBoolean()) {
                        throw wrongType(path, "true or false", n);
                    }
                    return n.booleanValue();
                }
            };
        }
        if (raw == int.class || raw == long.class) {
            return new Integral(raw == int.class, named(p.names(), where));
        }
        if (raw == double.class) {
            boolean nullable = p.nullable();
            return new Scalar("a number") {
                @Override
                public JsonNode write(Object v) {
                    double d = (Double) v;
                    return nullable && Double.isNaN(d) ? F.nullNode() : F.numberNode(d);
                }

                @Override
                public Object read(JsonNode n, String path) {
                    if (nullable && n.isNull()) {
                        return Double.NaN;
                    }
                    if (!n.isNumber()) {
                        throw wrongType(path, nullable ? "a number or null" : "a number", n);
                    }
                    return n.doubleValue();
                }
            };
        }
        if (raw == String.class) {
            return new Scalar("a string") {
                @Override
                public JsonNode write(Object v) {
                    return TextNode.valueOf((String) v);
                }

                @Override
                public Object read(JsonNode n, String path) {
                    if (!n.isTextual()) {
                        throw wrongType(path, "a string", n);
                    }
                    return n.asText();
                }
            };
        }
        if (raw.isEnum()) {
            return new EnumCodec(raw);
        }
        if (raw == int[].class) {
            return new IntArray();
        }
        if (raw.isRecord()) {
            return new RecordCodec(of(raw.asSubclass(Record.class)));
        }
        if (raw == List.class && generic instanceof ParameterizedType pt) {
            Class<?> element = (Class<?>) pt.getActualTypeArguments()[0];
            if (element.isRecord()) {
                return new ListCodec(new RecordCodec(of(element.asSubclass(Record.class))));
            }
            if (element.isSealed()) {
                return new ListCodec(new Sealed(element));
            }
        }
        throw new IllegalStateException(where + ": no JSON form for type " + generic);
    }

    private static Map<String, Long> named(String[] names, String where) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String s : names) {
            int eq = s.indexOf('=');
            if (eq < 1) {
                throw new IllegalStateException(where + ": named value \"" + s + "\" must be name=value");
            }
            m.put(s.substring(0, eq).trim(), Long.parseLong(s.substring(eq + 1).trim()));
        }
        return m;
    }

    private abstract static class Scalar implements Codec {
        private final String description;

        Scalar(String description) {
            this.description = description;
        }

        @Override
        public String describe() {
            return description;
        }
    }

    private static final class Integral implements Codec {
        private final boolean isInt;
        private final Map<String, Long> names;

        Integral(boolean isInt, Map<String, Long> names) {
            this.isInt = isInt;
            this.names = names;
        }

        @Override
        public JsonNode write(Object v) {
            long l = ((Number) v).longValue();
            for (var e : names.entrySet()) {
                if (e.getValue() == l) {
                    return TextNode.valueOf(e.getKey());
                }
            }
            return isInt ? F.numberNode((int) l) : F.numberNode(l);
        }

        @Override
        public Object read(JsonNode n, String path) {
            if (n.isTextual()) {
                for (var e : names.entrySet()) {
                    if (e.getKey().equalsIgnoreCase(n.asText().trim())) {
                        return isInt ? (Object) e.getValue().intValue() : (Object) e.getValue();
                    }
                }
            }
            if (!n.isIntegralNumber() || !(isInt ? n.canConvertToInt() : n.canConvertToLong())) {
                throw wrongType(path, describe(), n);
            }
            return isInt ? (Object) n.intValue() : (Object) n.longValue();
        }

        @Override
        public String describe() {
            String base = isInt ? "an integer" : "an integer (64 bits)";
            return names.isEmpty() ? base : base + " or " + String.join(" or ", names.keySet().stream().map(s -> "\"" + s + "\"").toList());
        }
    }

    private static final class EnumCodec implements Codec {
        private final Class<? extends Enum<?>> type;
        private final List<String> names = new ArrayList<>();

        @SuppressWarnings("unchecked")
        EnumCodec(Class<?> type) {
            this.type = (Class<? extends Enum<?>>) type;
            for (Enum<?> e : this.type.getEnumConstants()) {
                names.add(e.name().toLowerCase(Locale.ROOT));
            }
        }

        @Override
        public JsonNode write(Object v) {
            return TextNode.valueOf(((Enum<?>) v).name().toLowerCase(Locale.ROOT));
        }

        @Override
        public Object read(JsonNode n, String path) {
            if (!n.isTextual()) {
                throw wrongType(path, describe(), n);
            }
            String want = n.asText().trim().toLowerCase(Locale.ROOT).replace('-', '_');
            int i = names.indexOf(want);
            if (i < 0) {
                throw new IllegalArgumentException(path + " \"" + n.asText() + "\" is unknown" + Names.hint(want, names));
            }
            return type.getEnumConstants()[i];
        }

        @Override
        public String describe() {
            return "one of " + String.join(", ", names);
        }
    }

    private static final class IntArray implements Codec {
        @Override
        public JsonNode write(Object v) {
            ArrayNode a = F.arrayNode();
            for (int x : (int[]) v) {
                a.add(x);
            }
            return a;
        }

        @Override
        public Object read(JsonNode s, String path) {
            if (s.isTextual()) {
                // "4,40,40,2" or "4-40-40-2", handy on command lines and in sweeps.
                String[] parts = s.asText().trim().split("[,\\-x ]+");
                int[] out = new int[parts.length];
                for (int i = 0; i < parts.length; i++) {
                    try {
                        out[i] = Integer.parseInt(parts[i]);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(path + " \"" + s.asText()
                                + "\" is not a list of integers; write it as [4, 40, 40, 2]");
                    }
                }
                return out;
            }
            if (!s.isArray()) {
                throw new IllegalArgumentException(path + " must be an array of integers such as [4, 40, 40, 2], got " + s);
            }
            int[] out = new int[s.size()];
            for (int i = 0; i < out.length; i++) {
                if (!s.get(i).canConvertToInt() || !s.get(i).isIntegralNumber()) {
                    throw new IllegalArgumentException(path + "[" + i + "] must be an integer, got " + s.get(i));
                }
                out[i] = s.get(i).intValue();
            }
            return out;
        }

        @Override
        public String describe() {
            return "an array of integers";
        }
    }

    static final class RecordCodec implements Codec {
        final Schema<?> schema;

        RecordCodec(Schema<?> schema) {
            this.schema = schema;
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public JsonNode write(Object v) {
            return ((Schema) schema).write((Record) v);
        }

        @Override
        public JsonNode canonical(Object v) {
            return schema.canonical(v, false);
        }

        JsonNode canonicalInList(Object v) {
            return schema.canonical(v, true);
        }

        @Override
        public Object read(JsonNode n, String path) {
            return schema.read(n, path);
        }

        @Override
        public String describe() {
            return "an object {" + String.join(", ", schema.byName.keySet()) + "}";
        }
    }

    /** The records a sealed interface permits, told apart by {@code "type"}. */
    private static final class Sealed implements Codec {
        private final Map<String, RecordCodec> types = new LinkedHashMap<>();
        private final Map<Class<?>, String> names = new LinkedHashMap<>();

        Sealed(Class<?> iface) {
            for (Class<?> c : iface.getPermittedSubclasses()) {
                String name = c.getSimpleName().toLowerCase(Locale.ROOT);
                types.put(name, new RecordCodec(of(c.asSubclass(Record.class))));
                names.put(c, name);
            }
        }

        @Override
        public JsonNode write(Object v) {
            ObjectNode n = F.objectNode();
            n.put("type", names.get(v.getClass()));
            n.setAll(types.get(names.get(v.getClass())).write(v) instanceof ObjectNode o ? o : F.objectNode());
            return n;
        }

        @Override
        public JsonNode canonical(Object v) {
            ObjectNode n = F.objectNode();
            n.put("type", names.get(v.getClass()));
            n.setAll((ObjectNode) types.get(names.get(v.getClass())).canonicalInList(v));
            return n;
        }

        @Override
        public Object read(JsonNode n, String path) {
            ObjectNode o;
            if (n.isTextual()) {
                String[] parts = n.asText().trim().split("\\s*[:=]\\s*", 2);
                o = F.objectNode().put("type", parts[0]);
                if (parts.length > 1) {
                    String rest = parts[1];
                    RecordCodec rc = types.get(parts[0].toLowerCase(Locale.ROOT));
                    if (rc != null) {
                        o.setAll(rc.schema.positional(rest, path));
                    }
                }
            } else if (n.isObject()) {
                o = ((ObjectNode) n).deepCopy();
            } else {
                throw wrongType(path, "an object {\"type\": ...} or a string such as \"" + types.keySet().iterator().next() + "\"", n);
            }
            JsonNode t = o.remove("type");
            if (t == null || !t.isTextual()) {
                throw new IllegalArgumentException(path + ".type is missing; use one of " + String.join(", ", types.keySet()));
            }
            RecordCodec rc = types.get(t.asText().trim().toLowerCase(Locale.ROOT));
            if (rc == null) {
                throw new IllegalArgumentException(path + ".type \"" + t.asText() + "\" is unknown"
                        + Names.hint(t.asText().toLowerCase(Locale.ROOT), List.copyOf(types.keySet())));
            }
            return rc.read(o, path);
        }

        @Override
        public String describe() {
            List<String> forms = new ArrayList<>();
            types.forEach((name, rc) -> forms.add(name + " {" + String.join(", ", rc.schema.byName.keySet()) + "}"));
            return String.join(" or ", forms);
        }
    }

    private static final class ListCodec implements Codec {
        private final Codec element;

        ListCodec(Codec element) {
            this.element = element;
        }

        @Override
        public JsonNode write(Object v) {
            ArrayNode a = F.arrayNode();
            for (Object x : (List<?>) v) {
                a.add(element.write(x));
            }
            return a;
        }

        @Override
        public JsonNode canonical(Object v) {
            ArrayNode a = F.arrayNode();
            for (Object x : (List<?>) v) {
                a.add(element instanceof RecordCodec rc ? rc.canonicalInList(x) : element.canonical(x));
            }
            return a;
        }

        @Override
        public Object read(JsonNode n, String path) {
            List<Object> out = new ArrayList<>();
            if (n.isTextual()) {
                String[] parts = n.asText().split("\\+");
                for (int i = 0; i < parts.length; i++) {
                    out.add(element.read(TextNode.valueOf(parts[i].trim()), path + "[" + i + "]"));
                }
                return Collections.unmodifiableList(out);
            }
            if (!n.isArray() || n.isEmpty()) {
                throw new IllegalArgumentException(path + " must be a non-empty array of " + describe()
                        + ", or a string such as \"a+b\", got " + n);
            }
            for (int i = 0; i < n.size(); i++) {
                out.add(element.read(n.get(i), path + "[" + i + "]"));
            }
            return Collections.unmodifiableList(out);
        }

        @Override
        public String describe() {
            return "a list of " + element.describe();
        }
    }

    // ------------------------------------------------------------------ builder

    /**
     * A mutable set of field values; {@link #build()} checks ranges and calls the record's
     * constructor (which checks what involves several fields).
     */
    public static final class Builder<R extends Record> {
        private final Schema<R> schema;
        private final Object[] values;

        Builder(Schema<R> schema, R from) {
            this.schema = schema;
            values = new Object[schema.fields.size()];
            for (Field f : schema.fields) {
                values[f.index] = f.get(from);
            }
        }

        /** Sets a field by its name; numbers convert when exact (an int into a long or double field). */
        public Builder<R> set(String name, Object value) {
            Field f = schema.byName.get(name);
            if (f == null) {
                throw new IllegalArgumentException("unknown field " + name + schema.hint("", name));
            }
            values[f.index] = f.coerce(value);
            return this;
        }

        /** The current value of a field. */
        public Object get(String name) {
            Field f = schema.byName.get(name);
            if (f == null) {
                throw new IllegalArgumentException("unknown field " + name + schema.hint("", name));
            }
            return values[f.index];
        }

        public R build() {
            return schema.construct(values.clone(), "");
        }

        @Override
        public String toString() {
            return schema.type.getSimpleName() + ".Builder" + Arrays.toString(values);
        }
    }
}
