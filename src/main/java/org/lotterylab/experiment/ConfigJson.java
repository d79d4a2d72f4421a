package org.lotterylab.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.lotterylab.config.Names;
import org.lotterylab.config.Schema;

/**
 * The JSON form of {@link ExperimentConfig}: strict parsing, and the canonical form the hash is
 * taken of. The fields themselves, their defaults and checks come from the {@link Schema} of the
 * config records; this class adds the file handling, the source named in every error, and the
 * canonical form's stripping of defaults.
 */
final class ConfigJson {
    /** Strict: a duplicate key or text after the JSON value is an error. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final Schema<ExperimentConfig> SCHEMA = Schema.of(ExperimentConfig.class);

    private ConfigJson() {
    }

    // ---------------------------------------------------------------- writing

    static ObjectNode toTree(ExperimentConfig c) {
        return SCHEMA.write(c);
    }

    /** An enum constant as the JSON form writes it (lower case); the run tables use it too. */
    static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    static String pretty(JsonNode n) {
        try {
            return PRETTY.writeValueAsString(n) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String compact(JsonNode n) {
        try {
            return MAPPER.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- canonical form and hash

    /** The frozen defaults the canonical form omits; see {@link ExperimentConfig}. */
    private static final ObjectNode DEFAULTS = SCHEMA.canonical(ExperimentConfig.defaults());

    static ObjectNode canonical(ExperimentConfig c) {
        return (ObjectNode) sorted(strip(SCHEMA.canonical(c), DEFAULTS));
    }

    /** Removes from {@code t} every field equal to the same field of {@code defaults}, recursively. */
    static ObjectNode strip(ObjectNode t, ObjectNode defaults) {
        ObjectNode out = F.objectNode();
        Iterator<Map.Entry<String, JsonNode>> it = t.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode d = defaults.get(e.getKey());
            JsonNode v = e.getValue();
            if (d != null && d.equals(v)) {
                continue;
            }
            if (d != null && d.isObject() && v.isObject()) {
                ObjectNode sub = strip((ObjectNode) v, (ObjectNode) d);
                if (!sub.isEmpty()) {
                    out.set(e.getKey(), sub);
                }
                continue;
            }
            out.set(e.getKey(), v);
        }
        return out;
    }

    /** A copy with the keys of every object sorted, so the serialisation is canonical. */
    static JsonNode sorted(JsonNode n) {
        if (n.isObject()) {
            TreeMap<String, JsonNode> m = new TreeMap<>();
            n.fields().forEachRemaining(e -> m.put(e.getKey(), sorted(e.getValue())));
            ObjectNode o = F.objectNode();
            m.forEach(o::set);
            return o;
        }
        if (n.isArray()) {
            ArrayNode a = F.arrayNode();
            n.forEach(x -> a.add(sorted(x)));
            return a;
        }
        return n;
    }

    static String canonicalString(ExperimentConfig c) {
        return compact(canonical(c));
    }

    static String hash(ExperimentConfig c) {
        return hashOf(canonicalString(c));
    }

    /** SHA-256 of the UTF-8 text, first {@link ExperimentConfig#HASH_LENGTH} hex characters. */
    static String hashOf(String canonical) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder();
            for (byte b : d) {
                sb.append(String.format(Locale.ROOT, "%02x", b));
            }
            return sb.substring(0, ExperimentConfig.HASH_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    // ---------------------------------------------------------------- reading

    static ExperimentConfig read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file; check the path");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read (" + e.getMessage() + ")");
        }
        return parse(text, file.toString());
    }

    static JsonNode parseTree(String json, String source) {
        try {
            JsonNode n = MAPPER.readTree(json);
            if (n == null || n.isMissingNode()) {
                throw new ConfigException(source + " is empty; write a JSON object such as {\"pruning\": {\"levels\": 20}}");
            }
            return n;
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            String at = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            String m = e.getOriginalMessage();
            int noise = m.indexOf(" (for root starting at");
            m = noise < 0 ? m : m.substring(0, noise);
            if (m.startsWith("Duplicate field")) {
                throw new ConfigException(source + ": duplicate key " + m.substring(m.indexOf('\'')).replace('\'', '"') + at
                        + "; each field may appear once in an object: remove one of them");
            }
            if (m.startsWith("Trailing token")) {
                throw new ConfigException(source + ": text after the JSON value" + at
                        + "; a config holds exactly one JSON object: remove what follows its closing brace");
            }
            throw new ConfigException(source + ": malformed JSON" + at + ": " + m + "; fix the JSON syntax");
        }
    }

    static ExperimentConfig parse(String json, String source) {
        return fromTree(parseTree(json, source), source);
    }

    /** Reads a config from its JSON tree; every error names {@code source} and the field. */
    static ExperimentConfig fromTree(JsonNode root, String source) {
        try {
            return SCHEMA.read(root, "");
        } catch (IllegalArgumentException e) {
            throw new ConfigException(source + ": " + e.getMessage(), e);
        }
    }

    /** A JSON object being read by hand (a sweep file): typed getters that name the field, and a check for unknown fields. */
    static final class Obj {
        final JsonNode node;
        final String prefix;
        final String source;
        final Set<String> seen = new LinkedHashSet<>();

        Obj(JsonNode node, String prefix, String source) {
            if (!node.isObject()) {
                throw new ConfigException(source + ": " + (prefix.isEmpty() ? "the top level" : prefix)
                        + " must be a JSON object {...}, got " + node.getNodeType().name().toLowerCase(Locale.ROOT));
            }
            this.node = node;
            this.prefix = prefix;
            this.source = source;
        }

        String path(String field) {
            return prefix.isEmpty() ? field : field.isEmpty() ? prefix : prefix + "." + field;
        }

        /** An integer field, or {@code dflt} when absent. */
        int integer(String field, int dflt) {
            seen.add(field);
            JsonNode v = node.get(field);
            if (v == null) {
                return dflt;
            }
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw new ConfigException(source + ": " + path(field) + " must be an integer, got " + v);
            }
            return v.intValue();
        }

        /** Fails on the first field no getter asked for, suggesting the nearest known one. */
        void done() {
            Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                String n = names.next();
                if (!seen.contains(n)) {
                    throw new ConfigException(source + ": unknown field " + path(n) + Names.nearest(n, seen)
                            .map(x -> "; did you mean " + path(x) + "?").orElse("; the fields" + (prefix.isEmpty() ? ""
                                    : " of " + prefix) + " are " + String.join(", ", seen)));
                }
            }
        }
    }
}
