package org.lotterylab.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.lotterylab.metrics.DeadNeurons;
import org.lotterylab.metrics.LevelAnalysis;
import org.lotterylab.metrics.PruningHorizon;
import org.lotterylab.metrics.State;
import org.lotterylab.metrics.StateCounts;
import org.lotterylab.model.ParameterCounts;
import org.lotterylab.prune.LevelResult;
import org.lotterylab.train.Evaluation;

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
 * weights and biases, state counts and dead neurons. A run keeps the header it started with
 * (a resumed run continues in its version), and runs of an older version load with the newer
 * columns absent: recomputing them would mean reading and analysing every level's networks, and
 * a query over many runs should not do that silently. Delete such a run to recompute it with
 * every column.
 */
final class LevelColumns {
    static final String[] SPLITS = {"train", "val", "test"};
    static final String[] ELEMENTS = {"weights", "biases", "neurons"};
    /** The header version this library writes. */
    static final int VERSION = 2;

    /** What a row is computed from: the level, its analysis, the step that produced it, the training-set evaluation. */
    record Source(LevelResult result, LevelAnalysis analysis, PruningHorizon horizon, Evaluation train) {
    }

    /** One column: its name, the header version that introduced it, its value in a row. */
    private record Column(String name, int since, Function<Source, String> value) {
    }

    private LevelColumns() {
    }

    /** Every column of a network with {@code layers} weight layers and {@code tasks} tasks, in order. */
    private static List<Column> columns(int layers, int tasks) {
        List<Column> c = new ArrayList<>();
        c.add(new Column("level", 1, s -> i(s.result().level())));
        c.add(new Column("scheduled", 1, s -> i(s.result().target())));
        for (int l = 0; l < layers; l++) {
            int layer = l;
            c.add(new Column("prunable_l" + l, 1, s -> i(s.analysis().parameters().prunableKept(layer))));
        }
        for (int l = 0; l < layers; l++) {
            int layer = l;
            c.add(new Column("nonprunable_l" + l, 1, s -> {
                ParameterCounts pc = s.analysis().parameters();
                return i(pc.layers().get(layer).kept() - pc.prunableKept(layer));
            }));
        }
        c.add(new Column("prunable", 1, s -> i(s.analysis().parameters().prunableKept())));
        c.add(new Column("nonprunable", 1, s -> {
            ParameterCounts pc = s.analysis().parameters();
            return i(pc.keptWeights() + pc.keptBiases() - pc.prunableKept());
        }));
        c.add(new Column("weights", 1, s -> i(s.analysis().parameters().keptWeights())));
        c.add(new Column("biases", 1, s -> i(s.analysis().parameters().keptBiases())));
        c.add(new Column("density", 1, s -> Csv.num(s.analysis().parameters().density())));
        for (int l = 0; l < layers; l++) {
            int layer = l;
            c.add(new Column("weights_l" + l, 2, s -> i(s.analysis().parameters().layers().get(layer).keptWeights())));
        }
        for (int l = 0; l < layers; l++) {
            int layer = l;
            c.add(new Column("biases_l" + l, 2, s -> i(s.analysis().parameters().layers().get(layer).keptBiases())));
        }
        for (int l = 0; l < layers; l++) {
            int layer = l;
            c.add(new Column("density_l" + l, 2, s -> {
                ParameterCounts pc = s.analysis().parameters();
                return Csv.num((double) pc.prunableKept(layer) / pc.prunable(layer));
            }));
        }
        for (String split : SPLITS) {
            Function<Source, Evaluation> e = evaluation(split);
            c.add(new Column(split + "_loss", 1, s -> Csv.num(e.apply(s).loss())));
            c.add(new Column(split + "_acc", 1, s -> Csv.num(e.apply(s).accuracy())));
            for (int t = 0; t < tasks; t++) {
                int task = t;
                c.add(new Column(split + "_loss_t" + t, 1, s -> Csv.num(e.apply(s).taskLoss(task))));
                c.add(new Column(split + "_acc_t" + t, 1, s -> Csv.num(e.apply(s).taskAccuracy(task))));
            }
        }
        c.add(new Column("stop_epoch", 1, s -> i(s.result().training().epochs())));
        c.add(new Column("best_epoch", 1, s -> i(s.result().training().bestEpoch())));
        c.add(new Column("steps", 1, s -> Long.toString(s.result().training().steps())));
        c.add(new Column("stop_reason", 1, s -> s.result().training().stopReason().name()));
        c.add(new Column("restored_best", 1, s -> Boolean.toString(s.result().training().restoredBest())));
        for (String el : ELEMENTS) {
            for (State st : State.values()) {
                c.add(new Column(el + "_" + name(st), 1, s -> i(total(s.analysis().counts(), el).count(st))));
            }
        }
        for (String el : ELEMENTS) {
            boolean neurons = el.equals("neurons");
            for (int l = 0; l < (neurons ? layers + 1 : layers); l++) {
                int layer = l;
                for (State st : State.values()) {
                    c.add(new Column(el + "_" + name(st) + (neurons ? "_n" : "_l") + l, 2,
                            s -> i(perLayer(s.analysis().counts(), el).get(layer).count(st))));
                }
            }
        }
        c.add(new Column("zombies", 1, s -> i(s.analysis().deadNeurons().totalZombies())));
        c.add(new Column("productive_zombies", 1, s -> i(s.analysis().deadNeurons().totalProductive())));
        c.add(new Column("frozen_zombies", 1, s -> i(s.analysis().deadNeurons().totalFrozen())));
        c.add(new Column("comatose", 1, s -> i(s.analysis().deadNeurons().totalComatose())));
        for (int k = 0; k <= layers; k++) {
            int n = k;
            c.add(new Column("zombies_n" + k, 2, s -> i(s.analysis().deadNeurons().zombies()[n])));
            c.add(new Column("productive_zombies_n" + k, 2, s -> i(s.analysis().deadNeurons().productive()[n])));
            c.add(new Column("frozen_zombies_n" + k, 2, s -> i(s.analysis().deadNeurons().frozen()[n])));
            c.add(new Column("comatose_n" + k, 2, s -> i(s.analysis().deadNeurons().comatose()[n])));
        }
        c.add(new Column("split_value", 1, s -> Csv.num(s.analysis().split().value())));
        c.add(new Column("potential", 1, s -> Csv.num(s.analysis().split().potential())));
        c.add(new Column("components", 1, s -> i(s.analysis().split().components().size())));
        c.add(new Column("task_components", 1, s -> i(s.analysis().split().taskComponents())));
        // The horizon of the step that produced the level; level 0 has none.
        c.add(new Column("horizon_pruned", 1, s -> s.horizon() == null ? "0" : i(s.horizon().pruned())));
        c.add(horizon("horizon_max_pruned", PruningHorizon::maxPruned));
        c.add(horizon("horizon_min_kept", PruningHorizon::minKept));
        c.add(horizon("horizon_mean_kept", PruningHorizon::meanKeptWeight));
        c.add(horizon("horizon_max_pruned_rel", PruningHorizon::maxPrunedRelative));
        c.add(horizon("horizon_min_kept_rel", PruningHorizon::minKeptRelative));
        c.add(new Column("seconds", 1, s -> Csv.num(s.result().seconds())));
        return c;
    }

    private static Column horizon(String name, java.util.function.ToDoubleFunction<PruningHorizon> f) {
        return new Column(name, 1, s -> s.horizon() == null ? "NaN" : Csv.num(f.applyAsDouble(s.horizon())));
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

    private static String i(int v) {
        return Integer.toString(v);
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

    /** One row of the columns named in {@code header} (a header of some version). */
    static String[] row(List<String> header, int layers, int tasks, Source s) {
        Map<String, Column> byName = new LinkedHashMap<>();
        for (Column c : columns(layers, tasks)) {
            byName.put(c.name(), c);
        }
        String[] out = new String[header.size()];
        for (int j = 0; j < out.length; j++) {
            out[j] = byName.get(header.get(j)).value().apply(s);
        }
        return out;
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
