package org.lotterylab.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@link Codec} of each field type {@link Param} supports: booleans, integers (with named
 * values such as "full"), numbers (null for NaN when nullable), strings, enums in lower case,
 * integer arrays (also "4-40-40-2"), nested records, lists of records and of the records a
 * sealed interface permits.
 */
final class Codecs {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Codecs() {
    }

    private static IllegalArgumentException wrongType(String path, String want, JsonNode got) {
        return new IllegalArgumentException(path + " must be " + want + ", got " + Schema.kind(got));
    }

    static Codec of(Type generic, Param p, String where) {
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
            return new RecordCodec(Schema.of(raw.asSubclass(Record.class)));
        }
        if (raw == List.class && generic instanceof ParameterizedType pt) {
            Class<?> element = (Class<?>) pt.getActualTypeArguments()[0];
            if (element.isRecord()) {
                return new ListCodec(new RecordCodec(Schema.of(element.asSubclass(Record.class))));
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
            add(iface);
        }

        /** The records {@code iface} permits, and those of the sealed interfaces it permits (Task.Image). */
        private void add(Class<?> iface) {
            for (Class<?> c : iface.getPermittedSubclasses()) {
                if (c.isInterface()) {
                    add(c);
                    continue;
                }
                String name = c.getSimpleName().toLowerCase(Locale.ROOT);
                types.put(name, new RecordCodec(Schema.of(c.asSubclass(Record.class))));
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
}
