package org.lotterylab.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.lotterylab.experiment.ExperimentConfig;
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
     * The config columns, in order: {@code hash}, then one per config field, named by the one
     * mapping from the config's dotted names ({@link #column(String)}), with a few derived ones
     * beside their field: {@code hash, name, data} (label such as circles+moons), {@code tasks}
     * (k), {@code noise} (of the first task), {@code rows} (per task), {@code train_fraction,
     * validation_fraction, standardise, shape} (e.g. 4-40-40-2, the base shape),
     * {@code start_shape} (the trained shape: wider with extension), {@code depth} (hidden
     * layers), {@code hidden} (first hidden width, 0 without), {@code activation, init, init_mean,
     * init_std, optimizer, lr, beta1, beta2, epsilon, weight_decay, momentum, batch, max_epochs,
     * early_stopping, patience, delta, loss_cutoff, restore_best, l1, method, biases, target}
     * (P_L of the schedule), {@code rate} (p of the schedule), {@code levels} (L),
     * {@code extension} (E), {@code p0}, {@code reset} (init, reinit, rewind:k),
     * {@code reset_rewind_step, seed_data, seed_model, seed_order, stop_on_split,
     * stop_on_degradation}; a field added to the config adds its column.
     */
    public static final List<String> CONFIG_COLUMNS = ConfigColumns.names();

    private final List<StoredRun> runs;

    Runs(List<StoredRun> runs) {
        this.runs = List.copyOf(runs);
    }

    /** A set of the given runs, e.g. from {@link RunStore#list()}. */
    public static Runs of(List<StoredRun> runs) {
        return new Runs(runs);
    }

    /**
     * The run tables' column of a config field given by its dotted name, e.g.
     * {@code training.learningRate} -> {@code lr}, {@code training.maxEpochs} ->
     * {@code max_epochs}: the one mapping between the config's names and the tables'.
     */
    public static String column(String configField) {
        return ConfigColumns.column(configField);
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

    /**
     * One row per run and stored level: config columns, {@code status}, then the levels.csv
     * columns, each of its declared type (int, long, double, boolean or string; see
     * {@link LevelColumns}); a column a run lacks (e.g. per-layer columns of a run stored before
     * them) is missing in its rows.
     */
    public Table levels() {
        Tables t = new Tables();
        for (StoredRun r : runs) {
            if (r.status() == RunStatus.CORRUPT) {
                continue;
            }
            Map<String, Object> cfg = ConfigColumns.row(r.config());
            cfg.put("status", r.status().name().toLowerCase(java.util.Locale.ROOT));
            int layers = r.startShape().length - 1;
            List<Map<String, Object>> rows;
            try {
                rows = LevelColumns.read(r.levelsParsed(), layers, r.config().data().taskCount());
            } catch (IllegalArgumentException e) {
                throw new CorruptRunException(r.dir(), e.getMessage(), CorruptRunException.defaultFix(r.dir()));
            }
            for (Map<String, Object> row : rows) {
                Map<String, Object> m = new LinkedHashMap<>(cfg);
                m.putAll(row);
                t.add(m);
            }
        }
        return t.build("levels");
    }

    /**
     * One row per run, lesioned level ({@code analysis.lesions}) and row of its lesions file:
     * config columns, {@code level}, then the columns of {@link StoredRun#lesions()}. Runs and
     * levels without lesions add no row.
     */
    public Table lesions() {
        Tables t = new Tables();
        for (StoredRun r : runs) {
            if (r.status() == RunStatus.CORRUPT) {
                continue;
            }
            Map<String, Object> cfg = ConfigColumns.row(r.config());
            for (Map<String, Object> row : r.lesionRows()) {
                Map<String, Object> m = new LinkedHashMap<>(cfg);
                m.putAll(row);
                t.add(m);
            }
        }
        return t.build("lesions");
    }

    /**
     * One row per run: the config columns, {@code status, numerics}, then the run's
     * {@link RunSummary} ({@code category, split_level, degradation_level, levels_done,
     * dense_test_acc, final_test_acc, final_test_acc_t<t>, final_prunable, final_density}; missing
     * for a run that is not complete) and {@code problem} (what is wrong with a corrupt run, else
     * empty).
     */
    public Table summary() {
        Tables t = new Tables();
        for (StoredRun r : runs) {
            Map<String, Object> m = r.config() == null ? new LinkedHashMap<>(Map.of("hash", r.hash()))
                    : ConfigColumns.row(r.config());
            m.put("hash", r.hash());
            m.put("status", r.status().name().toLowerCase(java.util.Locale.ROOT));
            m.put("numerics", r.numerics());
            RunSummary s = r.summary().orElse(null);
            m.put("category", s == null ? null : s.category());
            m.put("split_level", s == null ? null : s.splitLevel());
            m.put("degradation_level", s == null ? null : s.degradationLevel());
            m.put("levels_done", r.levelCount());
            m.put("dense_test_acc", s == null ? null : s.denseTestAcc());
            m.put("final_test_acc", s == null ? null : s.finalTestAcc());
            if (s != null) {
                for (int i = 0; i < s.finalTestAccPerTask().size(); i++) {
                    m.put("final_test_acc_t" + i, s.finalTestAccPerTask().get(i));
                }
            }
            m.put("final_prunable", s == null ? null : s.finalPrunable());
            m.put("final_density", s == null ? null : s.finalDensity());
            m.put("problem", r.problem() == null ? "" : r.problem());
            t.add(m);
        }
        return t.build("runs");
    }

    /** Hashes of the runs, in order. */
    List<String> hashes() {
        List<String> h = new ArrayList<>();
        runs.forEach(r -> h.add(r.hash()));
        return Collections.unmodifiableList(h);
    }

    @Override
    public String toString() {
        return "Runs(" + runs.size() + ")";
    }

}
