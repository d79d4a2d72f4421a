package org.lotterylab.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.lotterylab.data.DataConfig;
import org.lotterylab.data.Task;
import org.lotterylab.model.Activation;
import org.lotterylab.model.Init;
import org.lotterylab.model.ModelConfig;
import org.lotterylab.prune.PruneConfig;
import org.lotterylab.prune.Reset;
import org.lotterylab.rng.Seeds;
import org.lotterylab.train.Optimizer;
import org.lotterylab.train.TrainConfig;

/**
 * Explicit JSON mapping of {@link ExperimentConfig}. Written by hand rather than with Jackson's
 * record binding so that the records of the other packages need no annotations, every error can
 * name the dotted field, and the canonical form for the hash is under our control.
 */
final class ConfigJson {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ConfigJson() {
    }

    // ---------------------------------------------------------------- writing

    static ObjectNode toTree(ExperimentConfig c) {
        ObjectNode root = F.objectNode();
        root.put("name", c.name());
        root.put("notes", c.notes());
        root.set("data", data(c.data()));
        root.set("model", model(c.model()));
        root.set("training", training(c.training()));
        root.set("pruning", pruning(c.pruning()));
        ObjectNode s = root.putObject("seeds");
        s.put("data", c.seeds().data());
        s.put("model", c.seeds().model());
        s.put("order", c.seeds().order());
        ObjectNode a = root.putObject("analysis");
        a.put("stopOnSplit", c.stopOnSplit());
        a.put("stopOnDegradation", c.stopOnDegradation());
        return root;
    }

    static ObjectNode task(Task t) {
        ObjectNode n = F.objectNode();
        n.put("type", t.name());
        if (t instanceof Task.Moons m) {
            n.put("noise", m.noise());
        } else if (t instanceof Task.Circles c) {
            n.put("noise", c.noise());
            n.put("factor", c.factor());
        }
        return n;
    }

    private static ObjectNode data(DataConfig d) {
        ObjectNode n = F.objectNode();
        ArrayNode tasks = n.putArray("tasks");
        for (Task t : d.tasks()) {
            tasks.add(task(t));
        }
        n.put("rowsPerTask", d.rowsPerTask());
        n.put("trainFraction", d.trainFraction());
        n.put("validationFraction", d.validationFraction());
        n.put("standardise", d.standardise());
        return n;
    }

    private static ObjectNode model(ModelConfig m) {
        ObjectNode n = F.objectNode();
        ArrayNode shape = n.putArray("shape");
        for (int w : m.shape()) {
            shape.add(w);
        }
        n.put("activation", lower(m.activation()));
        ObjectNode init = n.putObject("init");
        init.put("kind", lower(m.init().kind()));
        init.put("mean", m.init().mean());
        init.put("std", m.init().std());
        return n;
    }

    private static ObjectNode training(TrainConfig t) {
        ObjectNode n = F.objectNode();
        n.put("optimizer", lower(t.optimizer()));
        n.put("learningRate", t.learningRate());
        n.put("beta1", t.beta1());
        n.put("beta2", t.beta2());
        n.put("epsilon", t.epsilon());
        n.put("weightDecay", t.weightDecay());
        n.put("momentum", t.momentum());
        if (t.batchSize() == TrainConfig.FULL_BATCH) {
            n.put("batchSize", "full");
        } else {
            n.put("batchSize", t.batchSize());
        }
        n.put("maxEpochs", t.maxEpochs());
        n.put("earlyStopping", t.earlyStopping());
        n.put("patience", t.patience());
        n.put("delta", t.delta());
        putNaNable(n, "lossCutoff", t.lossCutoff());
        n.put("restoreBest", t.restoreBest());
        return n;
    }

    private static ObjectNode pruning(PruneConfig p) {
        ObjectNode n = F.objectNode();
        n.put("method", lower(p.method()));
        n.put("biases", p.biases());
        n.put("target", p.target());
        putNaNable(n, "rate", p.rate());
        n.put("levels", p.levels());
        n.put("extension", p.extension());
        ObjectNode r = n.putObject("reset");
        r.put("mode", lower(p.reset().mode()));
        r.put("rewindStep", p.reset().rewindStep());
        return n;
    }

    private static void putNaNable(ObjectNode n, String field, double v) {
        if (Double.isNaN(v)) {
            n.putNull(field);
        } else {
            n.put(field, v);
        }
    }

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

    /** Per task type, the fields whose value is the default and are omitted from each task. */
    private static final Map<String, ObjectNode> TASK_DEFAULTS = Map.of(
            "circles", (ObjectNode) F.objectNode().put("factor", Task.Circles.DEFAULT_FACTOR));
    /** The frozen defaults the canonical form omits; see {@link ExperimentConfig}. */
    private static final ObjectNode DEFAULTS = canonicalBase(ExperimentConfig.defaults());

    /** The full tree without labels, with parameters the run ignores normalised away. */
    private static ObjectNode canonicalBase(ExperimentConfig c) {
        ObjectNode t = toTree(c);
        t.remove("name");
        t.remove("notes");
        ObjectNode p = (ObjectNode) t.get("pruning");
        if (!p.get("rate").isNull()) {
            // A rate overrides the target: two runs with the same rate are the same run.
            p.remove("target");
        }
        ObjectNode init = (ObjectNode) t.get("model").get("init");
        Init.Kind kind = c.model().init().kind();
        if (kind != Init.Kind.NORMAL) {
            init.remove("mean");
        }
        if (kind != Init.Kind.NORMAL && kind != Init.Kind.TRUNCATED_NORMAL) {
            init.remove("std");
        }
        for (JsonNode task : t.get("data").get("tasks")) {
            ObjectNode d = TASK_DEFAULTS.get(task.get("type").asText());
            if (d != null) {
                d.fields().forEachRemaining(e -> {
                    if (e.getValue().equals(task.get(e.getKey()))) {
                        ((ObjectNode) task).remove(e.getKey());
                    }
                });
            }
        }
        return t;
    }

    static ObjectNode canonical(ExperimentConfig c) {
        ObjectNode t = canonicalBase(c);
        return (ObjectNode) sorted(strip(t, DEFAULTS));
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
            throw new ConfigException(source + ": malformed JSON" + (loc == null ? "" : " at line " + loc.getLineNr()
                    + ", column " + loc.getColumnNr()) + ": " + e.getOriginalMessage() + "; fix the JSON syntax");
        }
    }

    static ExperimentConfig parse(String json, String source) {
        return fromTree(parseTree(json, source), source);
    }

    static ExperimentConfig fromTree(JsonNode root, String source) {
        Obj r = new Obj(root, "", source);
        ExperimentConfig d = ExperimentConfig.defaults();
        ExperimentConfig.Builder b = ExperimentConfig.builder();
        b.name(r.str("name", ""));
        b.notes(r.str("notes", ""));
        try {
            Obj data = r.obj("data");
            if (data != null) {
                b.data(data(data, d.data()));
            }
            Obj model = r.obj("model");
            if (model != null) {
                b.model(model(model, d.model()));
            }
            Obj train = r.obj("training");
            if (train != null) {
                b.training(training(train));
            }
            Obj prune = r.obj("pruning");
            if (prune != null) {
                b.pruning(pruning(prune));
            }
            Obj seeds = r.obj("seeds");
            if (seeds != null) {
                Seeds s = d.seeds();
                b.seeds(new Seeds(seeds.lng("data", s.data()), seeds.lng("model", s.model()),
                        seeds.lng("order", s.order())));
                seeds.done();
            }
            Obj an = r.obj("analysis");
            if (an != null) {
                b.stopOnSplit(an.bool("stopOnSplit", false));
                b.stopOnDegradation(an.bool("stopOnDegradation", false));
                an.done();
            }
            r.done();
            return b.build();
        } catch (ConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(source + ": " + e.getMessage());
        }
    }

    private static DataConfig data(Obj o, DataConfig d) {
        DataConfig.Builder b = DataConfig.builder();
        JsonNode tasks = o.node.get("tasks");
        o.seen.add("tasks");
        if (tasks == null) {
            b.tasks(d.tasks());
        } else {
            b.tasks(tasks(tasks, o.path("tasks"), o.source));
        }
        b.rowsPerTask(o.integer("rowsPerTask", d.rowsPerTask()));
        b.split(o.dbl("trainFraction", d.trainFraction()), o.dbl("validationFraction", d.validationFraction()));
        b.standardise(o.bool("standardise", d.standardise()));
        o.done();
        return wrap(o.path(""), b::build);
    }

    /** Tasks as an array of {"type": ...} objects, or as a string like "circles+moons". */
    static List<Task> tasks(JsonNode tasks, String path, String source) {
        List<Task> out = new ArrayList<>();
        if (tasks.isTextual()) {
            for (String name : tasks.asText().split("\\+")) {
                out.add(taskOf(F.objectNode().put("type", name.trim()), path, source));
            }
            return out;
        }
        if (!tasks.isArray() || tasks.isEmpty()) {
            throw new ConfigException(source + ": " + path + " must be a non-empty array of tasks such as "
                    + "[{\"type\": \"moons\", \"noise\": 0.1}] or a string such as \"circles+moons\"");
        }
        for (int i = 0; i < tasks.size(); i++) {
            out.add(taskOf(tasks.get(i), path + "[" + i + "]", source));
        }
        return out;
    }

    private static Task taskOf(JsonNode n, String path, String source) {
        Obj t = new Obj(n, path, source);
        String type = t.str("type", null);
        if (type == null) {
            throw new ConfigException(source + ": " + path + ".type is missing; use \"moons\" or \"circles\"");
        }
        double noise = t.dbl("noise", 0.1);
        Task task = switch (type.toLowerCase(Locale.ROOT)) {
            case "moons" -> wrap(path, () -> new Task.Moons(noise));
            case "circles" -> {
                double f = t.dbl("factor", Task.Circles.DEFAULT_FACTOR);
                yield wrap(path, () -> new Task.Circles(noise, f));
            }
            default -> throw new ConfigException(source + ": " + path + ".type \"" + type
                    + "\" is unknown; use \"moons\" or \"circles\"");
        };
        t.done();
        return task;
    }

    private static ModelConfig model(Obj o, ModelConfig d) {
        int[] shape = d.shape();
        JsonNode s = o.node.get("shape");
        o.seen.add("shape");
        if (s != null) {
            shape = intArray(s, o.path("shape"), o.source);
        }
        Activation act = o.enumValue("activation", Activation.class, d.activation());
        Init init = d.init();
        JsonNode in = o.node.get("init");
        o.seen.add("init");
        if (in != null) {
            if (in.isTextual()) {
                Init.Kind k = enumOf(Init.Kind.class, in.asText(), o.path("init"), o.source);
                init = Init.of(k);
            } else {
                Obj io = new Obj(in, o.path("init"), o.source);
                Init.Kind k = io.enumValue("kind", Init.Kind.class, Init.Kind.KAIMING_NORMAL);
                Init base = Init.of(k);
                double mean = io.dbl("mean", base.mean());
                double std = io.dbl("std", base.std());
                io.done();
                init = wrap(o.path("init"), () -> new Init(k, mean, std));
            }
        }
        o.done();
        int[] fs = shape;
        Activation fa = act;
        Init fi = init;
        return wrap(o.path(""), () -> new ModelConfig(fs, fa, fi));
    }

    static int[] intArray(JsonNode s, String path, String source) {
        if (s.isTextual()) {
            // "4,40,40,2" or "4-40-40-2", handy on command lines and in sweeps.
            String[] parts = s.asText().trim().split("[,\\-x ]+");
            int[] out = new int[parts.length];
            for (int i = 0; i < parts.length; i++) {
                try {
                    out[i] = Integer.parseInt(parts[i]);
                } catch (NumberFormatException e) {
                    throw new ConfigException(source + ": " + path + " \"" + s.asText()
                            + "\" is not a list of integers; write it as [4, 40, 40, 2]");
                }
            }
            return out;
        }
        if (!s.isArray()) {
            throw new ConfigException(source + ": " + path + " must be an array of integers such as [4, 40, 40, 2], got " + s);
        }
        int[] out = new int[s.size()];
        for (int i = 0; i < out.length; i++) {
            if (!s.get(i).canConvertToInt() || !s.get(i).isIntegralNumber()) {
                throw new ConfigException(source + ": " + path + "[" + i + "] must be an integer, got " + s.get(i));
            }
            out[i] = s.get(i).intValue();
        }
        return out;
    }

    private static TrainConfig training(Obj o) {
        TrainConfig d = TrainConfig.defaults();
        TrainConfig.Builder b = TrainConfig.builder();
        Optimizer opt = o.enumValue("optimizer", Optimizer.class, d.optimizer());
        b.optimizer(opt);
        b.learningRate(o.dbl("learningRate", d.learningRate()));
        b.betas(o.dbl("beta1", d.beta1()), o.dbl("beta2", d.beta2()));
        b.epsilon(o.dbl("epsilon", d.epsilon()));
        // The builder gives AdamW a default decay of 0.01; an explicit value wins.
        if (o.node.has("weightDecay")) {
            b.weightDecay(o.dbl("weightDecay", 0));
        }
        b.momentum(o.dbl("momentum", d.momentum()));
        JsonNode bs = o.node.get("batchSize");
        o.seen.add("batchSize");
        if (bs != null) {
            if (bs.isTextual() && bs.asText().equalsIgnoreCase("full")) {
                b.fullBatch();
            } else if (bs.isIntegralNumber() && bs.canConvertToInt()) {
                b.batchSize(bs.intValue());
            } else {
                throw new ConfigException(o.source + ": " + o.path("batchSize") + " must be an integer or \"full\", got " + bs);
            }
        }
        b.maxEpochs(o.integer("maxEpochs", d.maxEpochs()));
        b.earlyStopping(o.bool("earlyStopping", d.earlyStopping()));
        b.patience(o.integer("patience", d.patience()));
        b.delta(o.dbl("delta", d.delta()));
        b.lossCutoff(o.nanable("lossCutoff", d.lossCutoff()));
        b.restoreBest(o.bool("restoreBest", d.restoreBest()));
        o.done();
        return wrap(o.path(""), b::build);
    }

    private static PruneConfig pruning(Obj o) {
        PruneConfig.Builder b = PruneConfig.builder().target(ExperimentConfig.DEFAULT_TARGET);
        b.method(o.enumValue("method", PruneConfig.Method.class, PruneConfig.Method.GLOBAL_MAGNITUDE));
        b.biases(o.bool("biases", false));
        b.target(o.integer("target", ExperimentConfig.DEFAULT_TARGET));
        b.rate(o.nanable("rate", Double.NaN));
        b.levels(o.integer("levels", 20));
        b.extension(o.integer("extension", 0));
        JsonNode r = o.node.get("reset");
        o.seen.add("reset");
        if (r != null) {
            b.reset(reset(r, o.path("reset"), o.source));
        }
        o.done();
        return wrap(o.path(""), b::build);
    }

    /** A reset as {"mode": "rewind", "rewindStep": 50} or as a string "init", "reinit", "rewind:50". */
    static Reset reset(JsonNode r, String path, String source) {
        if (r.isTextual()) {
            String s = r.asText().trim().toLowerCase(Locale.ROOT);
            if (s.startsWith("rewind")) {
                String[] parts = s.split("[:=]");
                if (parts.length != 2) {
                    throw new ConfigException(source + ": " + path + " \"" + r.asText() + "\" needs a step: write \"rewind:50\"");
                }
                try {
                    int step = Integer.parseInt(parts[1].trim());
                    return wrap(path, () -> Reset.rewind(step));
                } catch (NumberFormatException e) {
                    throw new ConfigException(source + ": " + path + " step \"" + parts[1] + "\" is not an integer");
                }
            }
            Reset.Mode m = enumOf(Reset.Mode.class, s, path, source);
            return wrap(path, () -> new Reset(m, 0));
        }
        Obj o = new Obj(r, path, source);
        Reset.Mode m = o.enumValue("mode", Reset.Mode.class, Reset.Mode.INIT);
        int step = o.integer("rewindStep", 0);
        o.done();
        return wrap(path, () -> new Reset(m, step));
    }

    static <E extends Enum<E>> E enumOf(Class<E> type, String value, String path, String source) {
        String want = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(want)) {
                return e;
            }
        }
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(lower(e));
        }
        throw new ConfigException(source + ": " + path + " \"" + value + "\" is unknown; use one of " + names);
    }

    /** Runs a record constructor, turning its validation error into one naming the field. */
    private static <T> T wrap(String path, java.util.function.Supplier<T> make) {
        try {
            return make.get();
        } catch (ConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(path.isEmpty() ? e.getMessage() : path + ": " + e.getMessage(), e);
        }
    }

    /** A JSON object being read: typed getters that name the field, and a check for unknown fields. */
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

        private JsonNode get(String field) {
            seen.add(field);
            JsonNode v = node.get(field);
            return v == null || v.isMissingNode() ? null : v;
        }

        private ConfigException wrongType(String field, String want, JsonNode got) {
            return new ConfigException(source + ": " + path(field) + " must be " + want + ", got " + got);
        }

        Obj obj(String field) {
            JsonNode v = get(field);
            return v == null ? null : new Obj(v, path(field), source);
        }

        String str(String field, String dflt) {
            JsonNode v = get(field);
            if (v == null || v.isNull()) {
                return dflt;
            }
            if (!v.isTextual()) {
                throw wrongType(field, "a string", v);
            }
            return v.asText();
        }

        int integer(String field, int dflt) {
            JsonNode v = get(field);
            if (v == null) {
                return dflt;
            }
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw wrongType(field, "an integer", v);
            }
            return v.intValue();
        }

        long lng(String field, long dflt) {
            JsonNode v = get(field);
            if (v == null) {
                return dflt;
            }
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                throw wrongType(field, "an integer", v);
            }
            return v.longValue();
        }

        double dbl(String field, double dflt) {
            JsonNode v = get(field);
            if (v == null) {
                return dflt;
            }
            if (!v.isNumber()) {
                throw wrongType(field, "a number", v);
            }
            return v.doubleValue();
        }

        /** A number, or null for "off" (stored as NaN). */
        double nanable(String field, double dflt) {
            JsonNode v = get(field);
            if (v == null) {
                return dflt;
            }
            if (v.isNull()) {
                return Double.NaN;
            }
            if (!v.isNumber()) {
                throw wrongType(field, "a number or null", v);
            }
            return v.doubleValue();
        }

        boolean bool(String field, boolean dflt) {
            JsonNode v = get(field);
            if (v == null) {
                return dflt;
            }
            if (!v.isBoolean()) {
                throw wrongType(field, "true or false", v);
            }
            return v.booleanValue();
        }

        <E extends Enum<E>> E enumValue(String field, Class<E> type, E dflt) {
            JsonNode v = get(field);
            if (v == null) {
                return dflt;
            }
            if (!v.isTextual()) {
                throw wrongType(field, "a string", v);
            }
            return enumOf(type, v.asText(), path(field), source);
        }

        /** Fails on the first field no getter asked for. */
        void done() {
            Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                String n = names.next();
                if (!seen.contains(n)) {
                    throw new ConfigException(source + ": unknown field \"" + path(n) + "\"; known fields"
                            + (prefix.isEmpty() ? "" : " of " + prefix) + ": " + String.join(", ", seen)
                            + " (check the spelling)");
                }
            }
        }
    }
}
