package org.lotterylab.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lotterylab.data.DataConfig;
import org.lotterylab.data.Task;
import org.lotterylab.experiment.ExperimentConfig;
import org.lotterylab.metrics.TaskLayout;
import org.lotterylab.model.Mask;
import org.lotterylab.prune.PruneConfig;
import org.lotterylab.store.RunStore;
import org.lotterylab.store.Runs;
import org.lotterylab.store.StoredRun;
import org.lotterylab.train.TrainConfig;

import tech.tablesaw.api.Table;

class ImageSummariesTest {
    /** Two tasks of 4 x 4 pixels (inputs 0-15 and 16-31), five hidden neurons, one output each. */
    private static final TaskLayout TWO_IMAGES = TaskLayout.of(
            new int[][] {java.util.stream.IntStream.range(0, 16).toArray(), java.util.stream.IntStream.range(16, 32).toArray()},
            new int[] {0, 1});

    /**
     * h0 <- pixels 0 (corner) and 5 (centre) of task 0, h1 <- pixel 6 (centre), h2 <- pixels 17 and
     * 19 of task 1 (its pixels 1 and 3, top row), h3 <- pixel 10 of task 0 and 20 of task 1 (its
     * pixel 4, left edge), h4 <- pixel 12 of task 0 with no outgoing weight; out0 <- h0, h1 and
     * out1 <- h2, h3: h3 carries crosstalk from task 0 to task 1's output.
     */
    private static Mask handMask() {
        Mask.Builder b = Mask.full(32, 5, 2).toBuilder();
        for (int k = 0; k < 32 * 5; k++) {
            b.weightAt(0, k, false);
        }
        for (int k = 0; k < 5 * 2; k++) {
            b.weightAt(1, k, false);
        }
        int[][] in = {{0, 0}, {0, 5}, {1, 6}, {2, 17}, {2, 19}, {3, 10}, {3, 20}, {4, 12}};
        for (int[] e : in) {
            b.weight(0, e[0], e[1], true);
        }
        int[][] out = {{0, 0}, {0, 1}, {1, 2}, {1, 3}};
        for (int[] e : out) {
            b.weight(1, e[0], e[1], true);
        }
        return b.build();
    }

    @Test
    void countsEachTasksOwnPathsAndWhereItsPixelsLie() {
        ImageSummaries.TaskCounts[] c = ImageSummaries.counts(handMask(), TWO_IMAGES);
        // task 0: pixels 0, 5, 6 reach out0 (10 reaches only out1, 12 nothing); weights 0->h0, 5->h0,
        // 6->h1, h0->out0, h1->out0
        assertEquals(List.of(0, 16, 3, 5, 1, 1), List.of(c[0].task(), c[0].inputs(), c[0].activeInputs(),
                c[0].activeWeights(), c[0].outputs(), c[0].activeOutputs()));
        assertEquals(2.0 / 3, c[0].centreShare(), 1e-15);
        assertEquals(0.25, c[0].centreArea(), 0);
        // corner (0, 0) at sqrt(1.5^2 + 1.5^2) / 2 half sides, (1, 1) and (1, 2) at sqrt(0.5^2 + 0.5^2) / 2
        assertEquals((Math.sqrt(4.5) / 2 + 2 * Math.sqrt(0.5) / 2) / 3, c[0].radius(), 1e-12);
        // 4 inner pixels at 0.354, 8 edge pixels at 0.791, 4 corners at 1.061
        assertEquals((4 * Math.sqrt(0.5) + 8 * Math.sqrt(2.5) + 4 * Math.sqrt(4.5)) / 2 / 16, c[0].radiusAll(), 1e-12);
        // task 1: its pixels 1, 3 (top row) and 4 (left edge), none central: 17->h2, 19->h2, 20->h3,
        // h2->out1, h3->out1; the crosstalk weight 10->h3 starts at task 0's pixel and counts for neither
        assertEquals(1, c[1].task());
        assertEquals(3, c[1].activeInputs());
        assertEquals(5, c[1].activeWeights());
        assertEquals(1, c[1].activeOutputs());
        assertEquals(0, c[1].centreShare());
        assertEquals((2 * Math.sqrt(2.5) / 2 + Math.sqrt(4.5) / 2) / 3, c[1].radius(), 1e-12);
    }

    @Test
    void theCentreIsTheCentralSquareOfHalfTheSide() {
        // 28 x 28: rows 7..20 (14 of 28), a quarter of the area; 12 x 12: rows 3..8
        assertFalse(ImageSummaries.inCentre(6, 28));
        assertTrue(ImageSummaries.inCentre(7, 28) && ImageSummaries.inCentre(20, 28));
        assertFalse(ImageSummaries.inCentre(21, 28));
        assertTrue(ImageSummaries.inCentre(3, 12) && ImageSummaries.inCentre(8, 12));
        assertFalse(ImageSummaries.inCentre(2, 12) || ImageSummaries.inCentre(9, 12));
        assertEquals(0.25, ImageSummaries.where(new boolean[28 * 28])[1], 0);
        assertEquals(0.25, ImageSummaries.where(new boolean[12 * 12])[1], 0);
        // 14 x 14: rows 4..9 (centres 4.5..9.5 inside (3.5, 10.5)), 36 of 196 pixels
        assertEquals(36.0 / 196, ImageSummaries.where(new boolean[14 * 14])[1], 1e-15);
        // a corner pixel's centre of a 2 x 2 image lies at half a pixel from each axis: sqrt(2)/2
        assertEquals(Math.sqrt(0.5), ImageSummaries.radius(0, 0, 2), 1e-15);
        // the mean radius of all pixels of a large image tends to that of the square, 0.7652
        assertEquals(0.7648270506162206, ImageSummaries.where(new boolean[28 * 28])[3], 1e-12);
        // no live pixel: shares and radius undefined; not a square: all undefined
        double[] none = ImageSummaries.where(new boolean[16]);
        assertTrue(Double.isNaN(none[0]) && Double.isNaN(none[2]) && none[1] == 0.25);
        for (double v : ImageSummaries.where(new boolean[] {true, true})) {
            assertTrue(Double.isNaN(v));
        }
    }

    @Test
    void anEmptyMaskKeepsNothingOfAnyTask() {
        Mask.Builder b = Mask.full(32, 5, 2).toBuilder();
        for (int k = 0; k < 32 * 5; k++) {
            b.weightAt(0, k, false);
        }
        for (ImageSummaries.TaskCounts c : ImageSummaries.counts(b.build(), TWO_IMAGES)) {
            assertEquals(0, c.activeInputs() + c.activeWeights() + c.activeOutputs());
            assertTrue(Double.isNaN(c.centreShare()) && Double.isNaN(c.radius()));
        }
    }

    private static StoredRun toyRun(Path dir) {
        ExperimentConfig c = ExperimentConfig.builder()
                .data(DataConfig.builder().task(new Task.Moons(0.1)).task(new Task.Moons(0.1)).rowsPerTask(200).build())
                .shape(4, 6, 6, 2).training(TrainConfig.builder().maxEpochs(20).patience(5).build())
                .pruning(PruneConfig.builder().target(8).levels(5).build()).build();
        return RunStore.at(dir).run(c);
    }

    @Test
    void tablesReadEveryLevelOfTheStoredRuns(@TempDir Path dir) {
        StoredRun run = toyRun(dir);
        Runs runs = Runs.of(List.of(run));
        Table levels = run.levels();
        Table by = ImageSummaries.byLevel(runs);
        assertEquals(levels.rowCount() * 2, by.rowCount());
        // dense: both inputs of a task active; its paths hold 2 x 6 + 6 x 6 + 6 x 1 = 54 weights
        assertEquals(List.of(2, 2), by.intColumn("active_inputs").asList().subList(0, 2));
        assertEquals(List.of(54, 54), by.intColumn("active_weights").asList().subList(0, 2));
        // of the 4 x 6 + 6 x 6 + 6 x 2 = 72 weights
        assertEquals(0.75, by.doubleColumn("weight_share").getDouble(0), 1e-15);
        assertEquals(List.of("moons (task 0)", "moons (task 1)"), by.stringColumn("task").asList().subList(0, 2));
        // toy tasks are no images: where their "pixels" lie is undefined
        assertTrue(Double.isNaN(by.doubleColumn("centre_share").getDouble(0)));
        int last = levels.rowCount() - 1;
        for (int t = 0; t < 2; t++) {
            int row = 2 * last + t;
            assertEquals(levels.numberColumn("test_acc_t" + t).getDouble(last), by.doubleColumn("test_acc").getDouble(row));
            assertEquals(bruteForce(run.mask(last), t), by.intColumn("active_weights").getInt(row), "task " + t);
        }

        // the chart: one series per task, x the weights remaining ascending, y the one run's values
        var chart = ImageFigures.byWeights(by, "active_weights");
        var s0 = chart.series("moons (task 0)");
        assertEquals(levels.rowCount(), s0.size());
        assertEquals(levels.intColumn("weights").getInt(last), s0.x()[0], 0);
        assertEquals(by.intColumn("active_weights").getInt(2 * last), s0.y()[0], 0);
        assertEquals(54, s0.y()[s0.size() - 1], 0);
        var missing = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ImageFigures.byWeights(levels, "active_weights"));
        assertTrue(missing.getMessage().contains("ImageSummaries.byLevel"), missing.getMessage());

        Table at = ImageSummaries.atSplit(runs);
        assertEquals(2, at.rowCount());
        var split = run.summary().orElseThrow().split();
        int level = split.orElse(last);
        assertEquals(List.of(level, level), at.intColumn("level").asList());
        assertEquals(split.isPresent() ? "split" : "last", at.stringColumn("at").get(0));
        for (int t = 0; t < 2; t++) {
            double dense = levels.numberColumn("test_acc_t" + t).getDouble(0);
            double there = levels.numberColumn("test_acc_t" + t).getDouble(level);
            assertEquals(dense, at.doubleColumn("dense_acc").getDouble(t));
            assertEquals(dense - there, at.doubleColumn("acc_drop").getDouble(t), 1e-15);
        }
    }

    /** The weights on some path from task t's inputs to its output (moons layout: inputs 2t, 2t+1, output t), by walking every path. */
    private static int bruteForce(Mask m, int t) {
        Set<String> on = new HashSet<>();
        int[] shape = m.shape();
        for (int i = 2 * t; i <= 2 * t + 1; i++) {
            walk(m, shape, 0, i, t, new java.util.ArrayDeque<>(), on);
        }
        return on.size();
    }

    private static void walk(Mask m, int[] shape, int l, int from, int out, java.util.Deque<String> path, Set<String> on) {
        if (l == shape.length - 1) {
            if (from == out) {
                on.addAll(path);
            }
            return;
        }
        for (int o = 0; o < shape[l + 1]; o++) {
            if (m.weight(l, o, from)) {
                path.push(l + ":" + o + ":" + from);
                walk(m, shape, l + 1, o, out, path, on);
                path.pop();
            }
        }
    }
}
