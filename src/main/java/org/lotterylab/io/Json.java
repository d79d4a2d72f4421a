package org.lotterylab.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The JSON every LotteryLab file is read and written with (configs, sweeps, a run's summary,
 * provenance and manifests): strict reading, where a duplicate key or text after the value is an
 * error, and one pretty form for writing.
 */
public final class Json {
    /** Strict: a duplicate key or text after the JSON value is an error. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    /** Indented, with a trailing newline: the form files are written in. */
    public static String pretty(JsonNode n) {
        try {
            return PRETTY.writeValueAsString(n) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One line, no spaces. */
    public static String compact(JsonNode n) {
        try {
            return MAPPER.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Parses one JSON value strictly.
     *
     * @param source what the text is (a file name), named in every error
     * @throws IllegalArgumentException naming {@code source}, the line and column and the fix, for
     *         empty text, malformed JSON, a duplicate key or text after the value
     */
    public static JsonNode parse(String json, String source) {
        try {
            JsonNode n = MAPPER.readTree(json);
            if (n == null || n.isMissingNode()) {
                throw new IllegalArgumentException(source + " is empty; write a JSON object such as {\"pruning\": {\"levels\": 20}}");
            }
            return n;
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            String at = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            String m = e.getOriginalMessage();
            int noise = m.indexOf(" (for root starting at");
            m = noise < 0 ? m : m.substring(0, noise);
            if (m.startsWith("Duplicate field")) {
                throw new IllegalArgumentException(source + ": duplicate key " + m.substring(m.indexOf('\'')).replace('\'', '"') + at
                        + "; each field may appear once in an object: remove one of them");
            }
            if (m.startsWith("Trailing token")) {
                throw new IllegalArgumentException(source + ": text after the JSON value" + at
                        + "; a config holds exactly one JSON object: remove what follows its closing brace");
            }
            throw new IllegalArgumentException(source + ": malformed JSON" + at + ": " + m + "; fix the JSON syntax");
        }
    }
}
