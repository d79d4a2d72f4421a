package org.lotterylab.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.lotterylab.data.Task;
import tech.tablesaw.api.Table;

/**
 * A set of stored runs and their Tablesaw tables, for notebooks and the CLI.
 *
 * <p>{@link #levels()}: one row per run and level: the {@linkplain #CONFIG_COLUMNS config
 * columns} followed by the columns of {@code levels.csv} (see {@link RunStore}).
 * {@link #summary()}: one row per run: the config columns, then {@code status, category,
 * split_level, degradation_level, levels_done, dense_test_acc, final_test_acc,
 * final_test_acc_t<t>, final_prunable, final_density, problem}. Corrupt runs appear in the
 * summary only. Tables are built from parsed files cached in memory, so rebuilding them is fast.
 */
public final class Runs implements Iterable<StoredRun> {
    /**
     * The config columns, in order: {@code hash, name, data} (label such as circles+moons),
     * {@code tasks} (k), {@code noise} (of the first task), {@code rows} (per task), {@code shape}
     * (e.g. 4-40-40-2, the base shape), {@code start_shape} (the trained shape: wider with
     * extension), {@code depth} (hidden layers), {@code hidden} (first hidden width, 0 without),
     * {@code activation, init, optimizer, lr, batch, max_epochs, patience, method, biases,
     * levels} (L), {@code extension} (E), {@code p0}, {@code target} (P_L of the schedule),
     * {@code rate} (p), {@code reset} (init, reinit, rewind:k), {@code seed_data, seed_model,
     * seed_order, stop_on_split, stop_on_degradation}.
     */
    public static final List<String> CONFIG_COLUMNS;
    private static final Map<String, Function<ExperimentConfig, Object>> COLUMNS = new LinkedHashMap<>();

    static {
        COLUMNS.put("hash", ExperimentConfig::hash);
        COLUMNS.put("name", ExperimentConfig::name);
        COLUMNS.put("data", c -> c.data().label());
        COLUMNS.put("tasks", c -> c.data().taskCount());
        COLUMNS.put("noise", c -> noise(c.data().tasks().get(0)));
        COLUMNS.put("rows", c -> c.data().rowsPerTask());
        COLUMNS.put("shape", c -> shape(c.model().shape()));
        COLUMNS.put("start_shape", c -> shape(c.schedule().startShape()));
        COLUMNS.put("depth", c -> c.model().shape().length - 2);
        COLUMNS.put("hidden", c -> c.model().shape().length > 2 ? c.model().shape()[1] : 0);
        COLUMNS.put("activation", c -> ConfigJson.lower(c.model().activation()));
        COLUMNS.put("init", c -> ConfigJson.lower(c.model().init().kind()));
        COLUMNS.put("optimizer", c -> ConfigJson.lower(c.training().optimizer()));
        COLUMNS.put("lr", c -> c.training().learningRate());
        COLUMNS.put("batch", c -> c.training().batchSize());
        COLUMNS.put("max_epochs", c -> c.training().maxEpochs());
        COLUMNS.put("patience", c -> c.training().patience());
        COLUMNS.put("l1", c -> c.training().l1());
        COLUMNS.put("method", c -> ConfigJson.lower(c.pruning().method()));
        COLUMNS.put("biases", c -> c.pruning().biases());
        COLUMNS.put("levels", c -> c.pruning().levels());
        COLUMNS.put("extension", c -> c.pruning().extension());
        COLUMNS.put("p0", c -> c.schedule().p0());
        COLUMNS.put("target", c -> c.schedule().target());
        COLUMNS.put("rate", c -> c.schedule().rate());
        COLUMNS.put("reset", c -> c.pruning().reset().mode() == org.lotterylab.prune.Reset.Mode.REWIND
                ? "rewind:" + c.pruning().reset().rewindStep() : ConfigJson.lower(c.pruning().reset().mode()));
        COLUMNS.put("seed_data", c -> c.seeds().data());
        COLUMNS.put("seed_model", c -> c.seeds().model());
        COLUMNS.put("seed_order", c -> c.seeds().order());
        COLUMNS.put("stop_on_split", ExperimentConfig::stopOnSplit);
        COLUMNS.put("stop_on_degradation", ExperimentConfig::stopOnDegradation);
        CONFIG_COLUMNS = List.copyOf(COLUMNS.keySet());
    }

    private final List<StoredRun> runs;

    Runs(List<StoredRun> runs) {
        this.runs = List.copyOf(runs);
    }

    /** A set of the given runs, e.g. from {@link RunStore#list()}. */
    public static Runs of(List<StoredRun> runs) {
        return new Runs(runs);
    }

    private static double noise(Task t) {
        return t instanceof Task.Moons m ? m.noise() : t instanceof Task.Circles c ? c.noise()
                : t instanceof Task.Xor x ? x.noise() : Double.NaN;
    }

    static String shape(int[] s) {
        return java.util.Arrays.stream(s).mapToObj(Integer::toString).collect(Collectors.joining("-"));
    }

    /** The config columns of one config, as typed values. */
    static Map<String, Object> configRow(ExperimentConfig c) {
        Map<String, Object> row = new LinkedHashMap<>();
        COLUMNS.forEach((k, f) -> {
            Object v = f.apply(c);
            row.put(k, v instanceof Long l && l == l.intValue() ? (Object) l.intValue() : v);
        });
        return row;
    }

    /** The runs, in hash order. */
    public List<StoredRun> list() {
        return runs;
    }

    public int size() {
        return runs.size();
    }

    public StoredRun get(int i) {
        return runs.get(i);
    }

    @Override
    public Iterator<StoredRun> iterator() {
        return runs.iterator();
    }

    /** The runs whose config satisfies {@code p}; runs without a readable config are dropped. */
    public Runs filter(Predicate<ExperimentConfig> p) {
        return new Runs(runs.stream().filter(r -> r.config() != null && p.test(r.config())).toList());
    }

    /** These runs followed by {@code other}'s, e.g. sweeps over configs a single sweep cannot vary jointly. */
    public Runs and(Runs other) {
        List<StoredRun> all = new ArrayList<>(runs);
        all.addAll(other.runs);
        return new Runs(all);
    }

    /** The complete runs only. */
    public Runs complete() {
        return new Runs(runs.stream().filter(StoredRun::isComplete).toList());
    }

    /** One row per run and stored level: config columns, then the levels.csv columns. */
    public Table levels() {
        Tables t = new Tables();
        for (StoredRun r : runs) {
            if (r.status() == RunStatus.CORRUPT) {
                continue;
            }
            Map<String, Object> cfg = configRow(r.config());
            cfg.put("status", r.status().name().toLowerCase(java.util.Locale.ROOT));
            Csv.Parsed p = r.levelsParsed();
            for (String[] row : p.rows()) {
                Map<String, Object> m = new LinkedHashMap<>(cfg);
                for (int c = 0; c < row.length; c++) {
                    m.put(p.header().get(c), Tables.parse(row[c]));
                }
                t.add(m);
            }
        }
        return t.build("levels");
    }

    /**
     * One row per run, lesioned level ({@link Analysis#lesions()}) and row of its lesions file:
     * config columns, {@code level}, then the columns of {@link StoredRun#lesions()}. Runs and
     * levels without lesions add no row.
     */
    public Table lesions() {
        Tables t = new Tables();
        for (StoredRun r : runs) {
            if (r.status() == RunStatus.CORRUPT) {
                continue;
            }
            Map<String, Object> cfg = configRow(r.config());
            for (Map<String, Object> row : r.lesionRows()) {
                Map<String, Object> m = new LinkedHashMap<>(cfg);
                m.putAll(row);
                t.add(m);
            }
        }
        return t.build("lesions");
    }

    /** One row per run: config columns, status and the summary. */
    public Table summary() {
        Tables t = new Tables();
        for (StoredRun r : runs) {
            Map<String, Object> m = r.config() == null ? new LinkedHashMap<>(Map.of("hash", r.hash()))
                    : configRow(r.config());
            m.put("hash", r.hash());
            m.put("status", r.status().name().toLowerCase(java.util.Locale.ROOT));
            m.put("numerics", r.numerics());
            JsonNode s = r.summary().orElse(null);
            m.put("category", s == null ? null : s.get("category").asText());
            m.put("split_level", s == null || s.get("splitLevel").isNull() ? null : s.get("splitLevel").asInt());
            m.put("degradation_level", s == null || s.get("degradationLevel").isNull() ? null
                    : s.get("degradationLevel").asInt());
            m.put("levels_done", r.levelCount());
            m.put("dense_test_acc", s == null ? null : s.get("denseTestAccuracy").asDouble());
            m.put("final_test_acc", s == null ? null : s.get("finalTestAccuracy").asDouble());
            if (s != null) {
                JsonNode per = s.get("finalTestAccuracyPerTask");
                for (int i = 0; i < per.size(); i++) {
                    m.put("final_test_acc_t" + i, per.get(i).asDouble());
                }
            }
            m.put("final_prunable", s == null ? null : s.get("finalPrunable").asInt());
            m.put("final_density", s == null ? null : s.get("finalDensity").asDouble());
            m.put("problem", r.problem() == null ? "" : r.problem());
            t.add(m);
        }
        return t.build("runs");
    }

    /** Hashes of the runs, in order. */
    public List<String> hashes() {
        List<String> h = new ArrayList<>();
        runs.forEach(r -> h.add(r.hash()));
        return Collections.unmodifiableList(h);
    }

    @Override
    public String toString() {
        return "Runs(" + runs.size() + ")";
    }

}
