package org.lotterylab.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.lotterylab.config.Names;
import org.lotterylab.config.Schema;
import org.lotterylab.data.DataConfig;

/**
 * Setting one config field by dotted name, for sweeps and the command line. Works on the full
 * JSON tree and parses it back, so every field of the JSON form is settable and validated the
 * same way as a config file; a few shorthands cover what sweeps vary most.
 */
final class Fields {
    /** Shorthands, with what they do (shown in error messages and documented on {@link org.lotterylab.sweep.Sweep}). */
    static final Map<String, String> SHORTHANDS = Map.of(
            "model.hidden", "width of every hidden layer",
            "model.depth", "number of hidden layers (keeps the first hidden width)",
            "data.noise", "noise of every task",
            "data.tasks", "tasks, e.g. \"moons+moons\" (also fits model.shape's inputs and outputs)",
            "data.rows", "rows per task (= data.rowsPerTask)",
            "seeds.all", "data, model and order seed at once",
            "training.lr", "learning rate (= training.learningRate)");

    private Fields() {
    }

    /** Every accepted name: the declared fields (nested objects included) plus the shorthands, sorted. */
    static List<String> names() {
        TreeSet<String> out = new TreeSet<>(SHORTHANDS.keySet());
        for (Schema.Entry e : ExperimentConfig.fields()) {
            out.add(e.path());
        }
        return new ArrayList<>(out);
    }

    static ExperimentConfig set(ExperimentConfig c, String field, Object value) {
        String source = "field " + field;
        ObjectNode tree = ConfigJson.toTree(c);
        JsonNode v = value instanceof JsonNode j ? j : ConfigJson.MAPPER.valueToTree(value);
        ObjectNode model = (ObjectNode) tree.get("model");
        ArrayNode shape = (ArrayNode) model.get("shape");
        switch (field) {
            case "model.hidden" -> {
                int h = intOf(v, field);
                for (int i = 1; i + 1 < shape.size(); i++) {
                    shape.set(i, h);
                }
            }
            case "model.depth" -> {
                int depth = intOf(v, field);
                int width = shape.size() > 2 ? shape.get(1).intValue() : 40;
                int in = shape.get(0).intValue();
                int out = shape.get(shape.size() - 1).intValue();
                shape.removeAll();
                shape.add(in);
                for (int i = 0; i < depth; i++) {
                    shape.add(width);
                }
                shape.add(out);
            }
            case "data.noise" -> {
                for (JsonNode t : tree.get("data").get("tasks")) {
                    ((ObjectNode) t).set("noise", v);
                }
            }
            case "data.tasks" -> {
                ObjectNode data = (ObjectNode) tree.get("data");
                data.set("tasks", v);
                DataConfig d;
                try {
                    d = Schema.of(DataConfig.class).read(data, "data");
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(source + ": " + e.getMessage(), e);
                }
                shape.set(0, d.inputCount());
                shape.set(shape.size() - 1, d.outputCount());
            }
            case "data.rows" -> ((ObjectNode) tree.get("data")).set("rowsPerTask", v);
            case "seeds.all" -> {
                ObjectNode s = (ObjectNode) tree.get("seeds");
                s.set("data", v);
                s.set("model", v);
                s.set("order", v);
            }
            case "training.lr" -> ((ObjectNode) tree.get("training")).set("learningRate", v);
            default -> setPath(tree, field, v);
        }
        if (field.equals("pruning.target")) {
            // Setting a target means "prune down to this": a rate would silently override it.
            ((ObjectNode) tree.get("pruning")).putNull("rate");
        }
        return ConfigJson.fromTree(tree, source);
    }

    private static void setPath(ObjectNode tree, String field, JsonNode v) {
        String[] parts = field.split("\\.");
        JsonNode n = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            n = n.get(parts[i]);
            if (n == null || !n.isObject()) {
                throw unknown(field);
            }
        }
        if (!n.has(parts[parts.length - 1])) {
            throw unknown(field);
        }
        ((ObjectNode) n).set(parts[parts.length - 1], v);
    }

    static ConfigException unknown(String field) {
        return new ConfigException("unknown config field " + field + Names.nearest(field, names())
                .map(n -> "; did you mean " + n + "?").orElse("; use one of " + names()));
    }

    private static int intOf(JsonNode v, String field) {
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new ConfigException(field + " must be an integer, got " + v);
        }
        return v.intValue();
    }
}
