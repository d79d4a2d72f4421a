package org.lotterylab.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
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
    final Map<String, Field> byName = new LinkedHashMap<>();
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
            Field f = new Field(this, i, rc[i], p, Codecs.of(rc[i].getGenericType(), p, type.getSimpleName() + "." + rc[i].getName()));
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

    ObjectNode canonical(Object r, boolean inList) {
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
    ObjectNode positional(String text, String path) {
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
                String m = String.valueOf(iae.getMessage());
                throw path.isEmpty() || m.startsWith(path) ? iae : new IllegalArgumentException(path + ": " + m, iae);
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
            s = f.codec instanceof Codecs.RecordCodec rc ? rc.schema : null;
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
            if (f.codec instanceof Codecs.RecordCodec rc) {
                rc.schema.collect(p, out);
            }
        }
    }

    // ------------------------------------------------------------------ fields

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
            if (param.dflt().isEmpty() && !(codec instanceof Codecs.RecordCodec)) {
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
                    d = ((Codecs.RecordCodec) codec).schema.defaults();
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
            return n.isContainerNode() && codec instanceof Codecs.RecordCodec ? "(see its fields)" : n.toString();
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
