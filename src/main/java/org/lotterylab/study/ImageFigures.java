package org.lotterylab.study;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.knowm.xchart.XYChart;
import org.lotterylab.data.DataConfig;
import org.lotterylab.data.Task;
import org.lotterylab.store.StoredRun;
import org.lotterylab.metrics.TaskLayout;
import org.lotterylab.model.Network;
import org.lotterylab.plot.BinnedDiagram;
import org.lotterylab.plot.Figure;
import org.lotterylab.plot.PixelMaps;
import org.lotterylab.plot.TaskAccuracy;

/**
 * The figures of image-task runs, read from the store: pixel-connectivity maps at chosen levels,
 * accuracy per task against weights remaining, and binned network diagrams.
 */
public final class ImageFigures {
    private ImageFigures() {
    }

    /**
     * The task names of {@code data} for legends: each task's name, with " (task k)" appended when
     * two tasks share a name (mnist+mnist).
     */
    public static List<String> names(DataConfig data) {
        List<String> base = data.tasks().stream().map(Task::name).toList();
        List<String> out = new ArrayList<>();
        for (int k = 0; k < base.size(); k++) {
            out.add(Collections.frequency(base, base.get(k)) > 1 ? base.get(k) + " (task " + k + ")" : base.get(k));
        }
        return out;
    }

    /** The task layout of {@code data}: each task's consecutive input and output columns. */
    public static TaskLayout layout(DataConfig data) {
        return TaskLayout.of(data.taskInputs(), data.taskOutputs());
    }

    /**
     * The stored level whose density is nearest to each of {@code densities} (the earlier level
     * on a tie), in the order given; e.g. {@code levelsAt(run, 1, 0.14, 0.02)}.
     *
     * @throws IllegalArgumentException if the run has no stored level or a density is not in (0, 1]
     */
    public static int[] levelsAt(StoredRun run, double... densities) {
        var table = run.levels();
        if (table.rowCount() == 0) {
            throw new IllegalArgumentException("run " + run.hash() + " has no stored level yet");
        }
        double[] level = table.numberColumn("level").asDoubleArray();
        double[] density = table.numberColumn("density").asDoubleArray();
        int[] out = new int[densities.length];
        for (int d = 0; d < densities.length; d++) {
            if (!(densities[d] > 0 && densities[d] <= 1)) {
                throw new IllegalArgumentException("density must lie in (0, 1], got " + densities[d]);
            }
            int best = 0;
            for (int r = 1; r < level.length; r++) {
                if (Math.abs(density[r] - densities[d]) < Math.abs(density[best] - densities[d])) {
                    best = r;
                }
            }
            out[d] = (int) level[best];
        }
        return out;
    }

    /**
     * The levels that tell a run's story, ascending and without repeats: the dense level 0, the
     * level before the split, the split level and the last level; for a run that never split, the
     * dense level, the level halfway to the last (rounded down) and the last. E.g. a run of 20 levels
     * that split at 12 gives {@code [0, 11, 12, 20]}, one that never split {@code [0, 10, 20]}.
     *
     * @throws IllegalArgumentException if the run is not complete
     */
    public static int[] keyLevels(StoredRun run) {
        var s = run.summary().orElseThrow(() -> new IllegalArgumentException("run " + run.hash()
                + " is not complete (" + run.status() + "): finish it with RunStore.run(config) first"));
        int last = run.levelCount() - 1;
        var split = s.split();
        java.util.stream.IntStream levels = split.isPresent()
                ? java.util.stream.IntStream.of(0, split.getAsInt() - 1, split.getAsInt(), last)
                : java.util.stream.IntStream.of(0, last / 2, last);
        return levels.filter(l -> l >= 0).distinct().sorted().toArray();
    }

    /**
     * Pixel-connectivity maps of the run's trained networks at {@code levels} (columns titled
     * "level t" over the kept weights), kept outgoing weights per pixel and task components.
     */
    public static PixelMaps pixelMaps(StoredRun run, int... levels) {
        DataConfig data = run.config().data();
        PixelMaps.Builder b = PixelMaps.builder(layout(data)).names(names(data));
        for (int t : levels) {
            Network net = trained(run, t);
            b.level("level " + t + ": " + compact(net.mask().keptWeights()), net);
        }
        return b.build();
    }

    /** Test accuracy per task against weights remaining, with each task's chance level ({@link TaskAccuracy}). */
    public static Figure<XYChart> accuracy(StoredRun run) {
        DataConfig data = run.config().data();
        int[] classes = data.tasks().stream().mapToInt(Task::classes).toArray();
        return TaskAccuracy.vsWeights(run.levels(), names(data), classes);
    }

    /** The binned diagram of the run's trained network at {@code level}, titled with its kept weights. */
    public static BinnedDiagram binned(StoredRun run, int level) {
        DataConfig data = run.config().data();
        Network net = trained(run, level);
        return BinnedDiagram.of(net, layout(data)).names(names(data))
                .title("level " + level + ": " + net.mask().keptWeights() + " weights").build();
    }

    private static Network trained(StoredRun run, int level) {
        if (level < 0 || level >= run.levelCount()) {
            throw new IllegalArgumentException("run " + run.hash() + " stores levels 0.." + (run.levelCount() - 1)
                    + ", not " + level);
        }
        return run.trained(level);
    }

    /** 1234567 as "1.23M", 12345 as "12.3k", 600 as "600". */
    static String compact(int n) {
        if (n >= 1_000_000) {
            return String.format(java.util.Locale.ROOT, "%.3gM", n / 1e6);
        }
        if (n >= 10_000) {
            return String.format(java.util.Locale.ROOT, "%.3gk", n / 1e3);
        }
        return Integer.toString(n);
    }
}
