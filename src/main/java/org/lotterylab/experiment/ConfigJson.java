package org.lotterylab.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.lotterylab.config.Schema;
import org.lotterylab.io.Json;

/**
 * The JSON form of {@link ExperimentConfig}: strict parsing, and the canonical form the hash is
 * taken of. The fields themselves, their defaults and checks come from the {@link Schema} of the
 * config records; this class adds the file handling, the source named in every error, and the
 * canonical form's stripping of defaults.
 */
final class ConfigJson {
    /** Strict: a duplicate key or text after the JSON value is an error. */
    static final ObjectMapper MAPPER = Json.MAPPER;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final Schema<ExperimentConfig> SCHEMA = Schema.of(ExperimentConfig.class);

    private ConfigJson() {
    }

    // ---------------------------------------------------------------- writing

    static ObjectNode toTree(ExperimentConfig c) {
        return SCHEMA.write(c);
    }

    static String pretty(JsonNode n) {
        return Json.pretty(n);
    }

    static String compact(JsonNode n) {
        return Json.compact(n);
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
            return Json.parse(json, source);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
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
}
