package org.lotterylab.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.lotterylab.metrics.DeadNeurons;
import org.lotterylab.metrics.LevelAnalysis;
import org.lotterylab.metrics.PruningHorizon;
import org.lotterylab.metrics.State;
import org.lotterylab.metrics.StateCounts;
import org.lotterylab.model.ParameterCounts;
import org.lotterylab.prune.LevelResult;
import org.lotterylab.train.Evaluation;
import org.lotterylab.train.TrainResult;

/**
 * The columns of {@code levels.csv}, one row per level; see {@link RunStore} for their meaning.
 * Per-layer columns end in {@code _l<layer>} (weight layer), per-task ones in {@code _t<task>}.
 */
final class LevelColumns {
    static final String[] SPLITS = {"train", "val", "test"};
    static final String[] ELEMENTS = {"weights", "biases", "neurons"};

    private LevelColumns() {
    }

    static List<String> header(int layers, int tasks) {
        List<String> h = new ArrayList<>(List.of("level", "scheduled"));
        for (int l = 0; l < layers; l++) {
            h.add("prunable_l" + l);
        }
        for (int l = 0; l < layers; l++) {
            h.add("nonprunable_l" + l);
        }
        h.addAll(List.of("prunable", "nonprunable", "weights", "biases", "density"));
        for (String s : SPLITS) {
            h.add(s + "_loss");
            h.add(s + "_acc");
            for (int t = 0; t < tasks; t++) {
                h.add(s + "_loss_t" + t);
                h.add(s + "_acc_t" + t);
            }
        }
        h.addAll(List.of("stop_epoch", "best_epoch", "steps", "stop_reason", "restored_best"));
        for (String e : ELEMENTS) {
            for (State s : State.values()) {
                h.add(e + "_" + s.name().toLowerCase(Locale.ROOT));
            }
        }
        h.addAll(List.of("zombies", "productive_zombies", "frozen_zombies", "comatose", "split_value", "potential",
                "components", "task_components", "horizon_pruned", "horizon_max_pruned", "horizon_min_kept",
                "horizon_mean_kept", "horizon_max_pruned_rel", "horizon_min_kept_rel", "seconds"));
        return h;
    }

    /**
     * One row.
     *
     * @param horizon the pruning step that produced this level (null for level 0)
     */
    static String[] row(LevelResult r, LevelAnalysis a, PruningHorizon horizon, Evaluation train) {
        List<String> v = new ArrayList<>();
        v.add(Integer.toString(r.level()));
        v.add(Integer.toString(r.target()));
        ParameterCounts pc = a.parameters();
        int layers = pc.layers().size();
        for (int l = 0; l < layers; l++) {
            v.add(Integer.toString(pc.prunableKept(l)));
        }
        for (int l = 0; l < layers; l++) {
            ParameterCounts.Layer c = pc.layers().get(l);
            v.add(Integer.toString(c.kept() - pc.prunableKept(l)));
        }
        v.add(Integer.toString(pc.prunableKept()));
        v.add(Integer.toString(pc.keptWeights() + pc.keptBiases() - pc.prunableKept()));
        v.add(Integer.toString(pc.keptWeights()));
        v.add(Integer.toString(pc.keptBiases()));
        v.add(Csv.num(pc.density()));
        TrainResult tr = r.training();
        for (Evaluation e : new Evaluation[] {train, tr.validation(), tr.test()}) {
            v.add(Csv.num(e.loss()));
            v.add(Csv.num(e.accuracy()));
            for (int t = 0; t < e.taskLoss().length; t++) {
                v.add(Csv.num(e.taskLoss(t)));
                v.add(Csv.num(e.taskAccuracy(t)));
            }
        }
        v.add(Integer.toString(tr.epochs()));
        v.add(Integer.toString(tr.bestEpoch()));
        v.add(Long.toString(tr.steps()));
        v.add(tr.stopReason().name());
        v.add(Boolean.toString(tr.restoredBest()));
        StateCounts c = a.counts();
        for (StateCounts.Tally t : new StateCounts.Tally[] {c.totalWeights(), c.totalBiases(), c.totalNeurons()}) {
            for (State s : State.values()) {
                v.add(Integer.toString(t.count(s)));
            }
        }
        DeadNeurons d = a.deadNeurons();
        v.add(Integer.toString(d.totalZombies()));
        v.add(Integer.toString(d.totalProductive()));
        v.add(Integer.toString(d.totalFrozen()));
        v.add(Integer.toString(d.totalComatose()));
        v.add(Csv.num(a.split().value()));
        v.add(Csv.num(a.split().potential()));
        v.add(Integer.toString(a.split().components().size()));
        v.add(Integer.toString(a.split().taskComponents()));
        if (horizon == null) {
            v.add("0");
            for (int i = 0; i < 5; i++) {
                v.add("NaN");
            }
        } else {
            v.add(Integer.toString(horizon.pruned()));
            v.add(Csv.num(horizon.maxPruned()));
            v.add(Csv.num(horizon.minKept()));
            v.add(Csv.num(horizon.meanKeptWeight()));
            v.add(Csv.num(horizon.maxPrunedRelative()));
            v.add(Csv.num(horizon.minKeptRelative()));
        }
        v.add(Csv.num(r.seconds()));
        return v.toArray(String[]::new);
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
