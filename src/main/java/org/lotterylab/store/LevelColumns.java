package org.lotterylab.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;
import org.lotterylab.metrics.DeadNeurons;
import org.lotterylab.metrics.LevelAnalysis;
import org.lotterylab.metrics.PruningHorizon;
import org.lotterylab.metrics.SplitMetrics;
import org.lotterylab.metrics.State;
import org.lotterylab.metrics.StateCounts;
import org.lotterylab.model.ParameterCounts;
import org.lotterylab.prune.LevelResult;
import org.lotterylab.train.Evaluation;
import tech.tablesaw.api.ColumnType;

/**
 * The columns of {@code levels.csv}, one row per level, declared once in {@link #columns}: the
 * header and every row derive from that list. See {@link RunStore} for their meaning.
 *
 * <p>Names are snake_case. Per-layer columns end in {@code _l<l>} for weight layer {@code l}
 * (the weights {@code W[l]} from neuron layer {@code l} to {@code l+1} and the biases of neuron
 * layer {@code l+1}) or in {@code _n<k>} for neuron layer {@code k} (0 = inputs, the last =
 * outputs); per-task ones end in {@code _t<task>}. The same metric without a suffix is its total.
 *
 * <p>Header versions: a column records the {@link #VERSION} that introduced it. Version 1 held
 * the totals and the per-layer parameter counts; version 2 added the per-layer densities, kept
 * weights and biases, state counts and dead neurons; version 3 the continuous split metrics
 * ({@code modularity, sharing, decided_in, decided_out, ncut} and their per-layer, per-task and
 * null columns). A run keeps the header it started with
 * (a resumed run continues in its version), and runs of an older version load with the newer
 * columns absent: recomputing them would mean reading and analysing every level's networks, and
 * a query over many runs should not do that silently. Delete such a run to recompute it with
 * every column.
 */
final class LevelColumns {
    static final String[] SPLITS = {"train", "val", "test"};
    static final String[] ELEMENTS = {"weights", "biases", "neurons"};
    /** The header version this library writes. */
    static final int VERSION = 3;

    /** What a row is computed from: the level, its analysis, the step that produced it, the training-set evaluation. */
    record Source(LevelResult result, LevelAnalysis analysis, PruningHorizon horizon, Evaluation train) {
    }

    /** One column: its name, the header version that introduced it, its declared type, its value in a row. */
    private record Column(String name, int since, ColumnType type, Function<Source, Object> value) {
    }

    /** An int column. */
    private static Column integer(String name, int since, ToIntFunction<Source> v) {
        return new Column(name, since, ColumnType.INTEGER, s -> v.applyAsInt(s));
    }

    /** A double column (NaN where the value does not exist, e.g. the horizon of level 0). */
    private static Column real(String name, int since, ToDoubleFunction<Source> v) {
        return new Column(name, since, ColumnType.DOUBLE, s -> v.applyAsDouble(s));
    }

    private LevelColumns() {
    }

    /** Every column of a network with {@code layers} weight layers and {@code tasks} tasks, in order. */
    private static List<Column> columns(int layers, int tasks) {
        List<Column> c = new ArrayList<>();
        c.add(integer("level", 1, s -> (s.result().level())));
        c.add(integer("scheduled", 1, s -> (s.result().target())));
        for (int l = 0; l < layers; l++) {
            int layer = l;
            c.add(integer("prunable_l" + l, 1, s -> (s.analysis().parameters().prunableKept(layer))));
        }
        for (int l = 0; l < layers; l++) {
            int layer = l;
            c.add(integer("nonprunable_l" + l, 1, s -> {
                ParameterCounts pc = s.analysis().parameters();
                return pc.layers().get(layer).kept() - pc.prunableKept(layer);
            }));
        }
        c.add(integer("prunable", 1, s -> (s.analysis().parameters().prunableKept())));
        c.add(integer("nonprunable", 1, s -> {
            ParameterCounts pc = s.analysis().parameters();
            return pc.keptWeights() + pc.keptBiases() - pc.prunableKept();
        }));
        c.add(integer("weights", 1, s -> (s.analysis().parameters().keptWeights())));
        c.add(integer("biases", 1, s -> (s.analysis().parameters().keptBiases())));
        c.add(real("density", 1, s -> (s.analysis().parameters().density())));
        for (int l = 0; l < layers; l++) {
            int layer = l;
            c.add(integer("weights_l" + l, 2, s -> (s.analysis().parameters().layers().get(layer).keptWeights())));
        }
        for (int l = 0; l < layers; l++) {
            int layer = l;
            c.add(integer("biases_l" + l, 2, s -> (s.analysis().parameters().layers().get(layer).keptBiases())));
        }
        for (int l = 0; l < layers; l++) {
            int layer = l;
            c.add(real("density_l" + l, 2, s -> {
                ParameterCounts pc = s.analysis().parameters();
                return (double) pc.prunableKept(layer) / pc.prunable(layer);
            }));
        }
        for (String split : SPLITS) {
            Function<Source, Evaluation> e = evaluation(split);
            c.add(real(split + "_loss", 1, s -> (e.apply(s).loss())));
            c.add(real(split + "_acc", 1, s -> (e.apply(s).accuracy())));
            for (int t = 0; t < tasks; t++) {
                int task = t;
                c.add(real(split + "_loss_t" + t, 1, s -> (e.apply(s).taskLoss(task))));
                c.add(real(split + "_acc_t" + t, 1, s -> (e.apply(s).taskAccuracy(task))));
            }
        }
        c.add(integer("stop_epoch", 1, s -> (s.result().training().epochs())));
        c.add(integer("best_epoch", 1, s -> (s.result().training().bestEpoch())));
        c.add(new Column("steps", 1, ColumnType.LONG, s -> s.result().training().steps()));
        c.add(new Column("stop_reason", 1, ColumnType.STRING, s -> s.result().training().stopReason().name()));
        c.add(new Column("restored_best", 1, ColumnType.BOOLEAN, s -> s.result().training().restoredBest()));
        for (String el : ELEMENTS) {
            for (State st : State.values()) {
                c.add(integer(el + "_" + name(st), 1, s -> (total(s.analysis().counts(), el).count(st))));
            }
        }
        for (String el : ELEMENTS) {
            boolean neurons = el.equals("neurons");
            for (int l = 0; l < (neurons ? layers + 1 : layers); l++) {
                int layer = l;
                for (State st : State.values()) {
                    c.add(integer(el + "_" + name(st) + (neurons ? "_n" : "_l") + l, 2,
                            s -> perLayer(s.analysis().counts(), el).get(layer).count(st)));
                }
            }
        }
        c.add(integer("zombies", 1, s -> (s.analysis().deadNeurons().totalZombies())));
        c.add(integer("productive_zombies", 1, s -> (s.analysis().deadNeurons().totalProductive())));
        c.add(integer("frozen_zombies", 1, s -> (s.analysis().deadNeurons().totalFrozen())));
        c.add(integer("comatose", 1, s -> (s.analysis().deadNeurons().totalComatose())));
        for (int k = 0; k <= layers; k++) {
            int n = k;
            c.add(integer("zombies_n" + k, 2, s -> (s.analysis().deadNeurons().zombies()[n])));
            c.add(integer("productive_zombies_n" + k, 2, s -> (s.analysis().deadNeurons().productive()[n])));
            c.add(integer("frozen_zombies_n" + k, 2, s -> (s.analysis().deadNeurons().frozen()[n])));
            c.add(integer("comatose_n" + k, 2, s -> (s.analysis().deadNeurons().comatose()[n])));
        }
        c.add(real("split_value", 1, s -> (s.analysis().split().value())));
        c.add(real("potential", 1, s -> (s.analysis().split().potential())));
        c.add(integer("components", 1, s -> (s.analysis().split().components().size())));
        c.add(integer("task_components", 1, s -> (s.analysis().split().taskComponents())));
        splitMetrics(c, layers, tasks);
        // The horizon of the step that produced the level; level 0 has none.
        c.add(integer("horizon_pruned", 1, s -> s.horizon() == null ? 0 : s.horizon().pruned()));
        c.add(horizon("horizon_max_pruned", PruningHorizon::maxPruned));
        c.add(horizon("horizon_min_kept", PruningHorizon::minKept));
        c.add(horizon("horizon_mean_kept", PruningHorizon::meanKeptWeight));
        c.add(horizon("horizon_max_pruned_rel", PruningHorizon::maxPrunedRelative));
        c.add(horizon("horizon_min_kept_rel", PruningHorizon::minKeptRelative));
        c.add(real("seconds", 1, s -> (s.result().seconds())));
        return c;
    }

    /** Version 3: the continuous split metrics ({@link SplitMetrics}); see {@link RunStore}. */
    private static void splitMetrics(List<Column> c, int layers, int tasks) {
        c.add(metric("modularity", m -> m.modularity()));
        for (int l = 0; l < layers; l++) {
            int layer = l;
            c.add(metric("modularity_l" + l, m -> m.modularityPerLayer()[layer]));
        }
        c.add(metric("sharing", m -> m.sharing()));
        for (int l = 0; l < layers; l++) {
            int layer = l;
            c.add(metric("sharing_l" + l, m -> m.sharingPerLayer()[layer]));
        }
        for (int t = 0; t < tasks; t++) {
            int task = t;
            c.add(metric("sharing_t" + t, m -> m.sharingPerTask()[task]));
            for (int l = 0; l < layers; l++) {
                int layer = l;
                c.add(metric("sharing_t" + t + "_l" + l, m -> m.sharingPerTaskLayer()[task][layer]));
            }
        }
        c.add(metric("decided_in", m -> m.decidedIn()));
        for (int k = 1; k <= layers; k++) {
            int n = k;
            c.add(metric("decided_in_n" + k, m -> m.decidedInPerLayer()[n]));
        }
        c.add(metric("decided_out", m -> m.decidedOut()));
        for (int k = 0; k < layers; k++) {
            int n = k;
            c.add(metric("decided_out_n" + k, m -> m.decidedOutPerLayer()[n]));
        }
        c.add(metric("ncut", m -> m.clusterability().ncut()));
        for (int l = 0; l < layers; l++) {
            int layer = l;
            c.add(metric("ncut_l" + l, m -> m.clusterability().ncutPerLayer()[layer]));
        }
        c.add(integer("ncut_shuffles", 3, s -> s.analysis().splitMetrics().clusterability().shuffles()));
        c.add(metric("ncut_null_mean", m -> m.clusterability().nullMean()));
        c.add(metric("ncut_null_sd", m -> m.clusterability().nullSd()));
        c.add(metric("ncut_z", m -> m.clusterability().z()));
        c.add(metric("ncut_p", m -> m.clusterability().p()));
    }

    private static Column metric(String name, ToDoubleFunction<SplitMetrics> f) {
        return real(name, 3, s -> f.applyAsDouble(s.analysis().splitMetrics()));
    }

    private static Column horizon(String name, ToDoubleFunction<PruningHorizon> f) {
        return real(name, 1, s -> s.horizon() == null ? Double.NaN : f.applyAsDouble(s.horizon()));
    }

    private static Function<Source, Evaluation> evaluation(String split) {
        return switch (split) {
            case "train" -> Source::train;
            case "val" -> s -> s.result().training().validation();
            case "test" -> s -> s.result().training().test();
            default -> throw new IllegalArgumentException(split);
        };
    }

    private static StateCounts.Tally total(StateCounts c, String element) {
        return switch (element) {
            case "weights" -> c.totalWeights();
            case "biases" -> c.totalBiases();
            default -> c.totalNeurons();
        };
    }

    private static List<StateCounts.Tally> perLayer(StateCounts c, String element) {
        return switch (element) {
            case "weights" -> c.weights();
            case "biases" -> c.biases();
            default -> c.neurons();
        };
    }

    private static String name(State s) {
        return s.name().toLowerCase(Locale.ROOT);
    }


    /** The header this library writes. */
    static List<String> header(int layers, int tasks) {
        return header(layers, tasks, VERSION);
    }

    /** The header of version {@code version} (1..{@link #VERSION}). */
    static List<String> header(int layers, int tasks, int version) {
        return columns(layers, tasks).stream().filter(c -> c.since() <= version).map(Column::name).toList();
    }

    /** The version whose header is {@code header}, or -1 if none is. */
    static int version(List<String> header, int layers, int tasks) {
        for (int v = VERSION; v >= 1; v--) {
            if (header(layers, tasks, v).equals(header)) {
                return v;
            }
        }
        return -1;
    }

    /** One row of the columns named in {@code header} (a header of some version), as typed values. */
    static Object[] values(List<String> header, int layers, int tasks, Source s) {
        Map<String, Column> byName = byName(layers, tasks);
        Object[] out = new Object[header.size()];
        for (int j = 0; j < out.length; j++) {
            out[j] = byName.get(header.get(j)).value().apply(s);
        }
        return out;
    }

    /** {@link #values} as the fields of a {@code levels.csv} line ({@link Csv#field}). */
    static String[] row(List<String> header, int layers, int tasks, Source s) {
        Object[] v = values(header, layers, tasks, s);
        String[] out = new String[v.length];
        for (int j = 0; j < v.length; j++) {
            out[j] = Csv.field(v[j]);
        }
        return out;
    }

    /**
     * The declared type of each column of {@code header}, in order.
     *
     * @throws IllegalArgumentException naming a column this library does not write
     */
    static List<ColumnType> types(List<String> header, int layers, int tasks) {
        Map<String, Column> byName = byName(layers, tasks);
        List<ColumnType> out = new ArrayList<>();
        for (String h : header) {
            Column c = byName.get(h);
            if (c == null) {
                throw new IllegalArgumentException("levels.csv has a column " + h + " this library does not write");
            }
            out.add(c.type());
        }
        return out;
    }

    /**
     * The rows of a {@code levels.csv} of a network with {@code layers} weight layers and
     * {@code tasks} tasks as typed values, each field read as its column's declared type: the
     * inverse of {@link #row}, bit for bit.
     */
    static List<Map<String, Object>> read(Csv.Parsed p, int layers, int tasks) {
        List<ColumnType> types = types(p.header(), layers, tasks);
        List<Map<String, Object>> out = new ArrayList<>();
        for (String[] r : p.rows()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int c = 0; c < r.length; c++) {
                try {
                    m.put(p.header().get(c), Csv.value(r[c], types.get(c)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("levels.csv level " + out.size() + ", column " + p.header().get(c)
                            + ": " + e.getMessage() + " (edited?)", e);
                }
            }
            out.add(m);
        }
        return out;
    }

    private static Map<String, Column> byName(int layers, int tasks) {
        Map<String, Column> byName = new LinkedHashMap<>();
        for (Column c : columns(layers, tasks)) {
            byName.put(c.name(), c);
        }
        return byName;
    }

    /** The evaluation of split {@code s} ("val" or "test") read back from a row. */
    static Evaluation evaluation(Csv.Parsed p, String[] row, String s, int tasks) {
        double[] loss = new double[tasks];
        double[] acc = new double[tasks];
        for (int t = 0; t < tasks; t++) {
            loss[t] = Double.parseDouble(row[p.column(s + "_loss_t" + t)]);
            acc[t] = Double.parseDouble(row[p.column(s + "_acc_t" + t)]);
        }
        return new Evaluation(Double.parseDouble(row[p.column(s + "_loss")]),
                Double.parseDouble(row[p.column(s + "_acc")]), loss, acc);
    }
}
