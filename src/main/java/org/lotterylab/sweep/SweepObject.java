package org.lotterylab.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.lotterylab.config.Names;
import org.lotterylab.experiment.ConfigException;

/**
 * A JSON object of a sweep file, read by hand: typed getters that name the field, and a check for
 * unknown fields that suggests the nearest known one.
 */
final class SweepObject {
    final JsonNode node;
    final String prefix;
    final String source;
    final Set<String> seen = new LinkedHashSet<>();

    SweepObject(JsonNode node, String prefix, String source) {
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
