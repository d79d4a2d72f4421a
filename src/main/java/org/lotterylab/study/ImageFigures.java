package org.lotterylab.study;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import tech.tablesaw.api.Table;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.lotterylab.data.DataConfig;
import org.lotterylab.data.Task;
import org.lotterylab.store.StoredRun;
import org.lotterylab.metrics.TaskLayout;
import org.lotterylab.model.Network;
import org.lotterylab.plot.BinnedDiagram;
import org.lotterylab.plot.Charts;
import org.lotterylab.plot.Figure;
import org.lotterylab.plot.PaperStyle;
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
     * The run to draw as an example: the first complete run of {@code runs} that split, or the first
     * complete run when none did.
     *
     * @throws IllegalArgumentException if no run is complete
     */
    public static StoredRun firstSplitting(org.lotterylab.store.Runs runs) {
        var done = runs.complete();
        if (done.size() == 0) {
            throw new IllegalArgumentException("no complete run among " + runs.size() + "; run them first");
        }
        return done.list().stream().filter(r -> summary(r).split().isPresent()).findFirst().orElse(done.get(0));
    }

    /**
     * The run's split level, or its last level when it never split: the level whose network
     * {@link ImageSummaries#atSplit} describes.
     *
     * @throws IllegalArgumentException if the run is not complete
     */
    public static int splitOrLast(StoredRun run) {
        return summary(run).split().orElse(run.levelCount() - 1);
    }

    private static org.lotterylab.store.RunSummary summary(StoredRun run) {
        return run.summary().orElseThrow(() -> new IllegalArgumentException("run " + run.hash()
                + " is not complete (" + run.status() + "): finish it with RunStore.run(config) first"));
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
        int last = run.levelCount() - 1;
        var split = summary(run).split();
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

    /** The y-axis titles of the {@link ImageSummaries#byLevel} columns {@link #byWeights} is meant for. */
    private static final java.util.Map<String, String> TITLES = java.util.Map.of(
            "active_input_share", "share of the task's pixels kept",
            "weight_share", "share of weights on its paths",
            "centre_share", "share of kept pixels in the centre",
            "radius", "distance from the centre");

    /**
     * One line per task of {@code column} of an {@link ImageSummaries#byLevel} table against the
     * weights remaining (log x, as {@link #accuracy}): the mean over the runs with a band of one
     * standard deviation ({@link org.lotterylab.plot.Charts#errorBands}), legend right of the plot.
     * For {@code centre_share} and {@code radius}, the same over every pixel of the image
     * ({@code centre_area}, {@code radius_all}) is drawn dashed grey as "all pixels".
     *
     * @throws IllegalArgumentException if a column is missing
     */
    public static Figure<XYChart> byWeights(Table byLevel, String column) {
        for (String c : List.of("weights", "seed_model", "task", column)) {
            if (!byLevel.columnNames().contains(c)) {
                throw new IllegalArgumentException("table '" + byLevel.name() + "' has no column '" + c
                        + "'; pass ImageSummaries.byLevel(runs)");
            }
        }
        Figure<XYChart> f = Charts.errorBands(byLevel, "weights", column, "seed_model", "task", Charts.Band.SD);
        XYChart c = f.chart();
        c.setXAxisTitle("weights remaining");
        c.setYAxisTitle(TITLES.getOrDefault(column, column.replace('_', ' ')));
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
        String all = column.equals("centre_share") ? "centre_area" : column.equals("radius") ? "radius_all" : null;
        if (all != null && byLevel.columnNames().contains(all) && byLevel.rowCount() > 0) {
            double[] w = byLevel.numberColumn("weights").asDoubleArray();
            double v = byLevel.numberColumn(all).mean();
            double[] x = {java.util.Arrays.stream(w).min().getAsDouble(), java.util.Arrays.stream(w).max().getAsDouble()};
            XYSeries line = c.addSeries("all pixels", x, new double[] {v, v});
            line.setLineColor(PaperStyle.GREY);
            line.setLineStyle(PaperStyle.dashed());
            line.setMarker(SeriesMarkers.NONE);
        }
        return f;
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
