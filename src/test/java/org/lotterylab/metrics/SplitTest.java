package org.lotterylab.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SplitTest {
    private static final TaskLayout TWO = TaskLayout.pairs(2);

    @Test
    void perfectTwoTaskSplit() {
        Split s = Split.of(Fx.perfectSplit().net(), TWO);
        assertEquals(2, s.components().size());
        assertEquals(1.0, s.potential());
        assertEquals(0.0, s.value());
        assertTrue(s.isSplit());
        assertArrayEquals(new double[] {1, 0}, s.connectivity()[0]);
        assertArrayEquals(new double[] {0, 1}, s.connectivity()[1]);
    }

    @Test
    void crossTaskEdgeKeepsTasksConnected() {
        // h0 -> y1 joins both tasks into one component: one split missing.
        Split s = Split.of(Fx.perfectSplit().edge(1, 1, 0).net(), TWO);
        assertEquals(1, s.components().size());
        assertEquals(1.0, s.potential());
        assertEquals(1.0, s.value());
        assertFalse(s.isSplit());
        // Task 0's inputs reach y0 and y1; task 1's only y1.
        assertArrayEquals(new double[] {1, 1}, s.connectivity()[0]);
        assertArrayEquals(new double[] {0, 1}, s.connectivity()[1]);
    }

    @Test
    void cutInputDegrades() {
        // x1 loses its only edge: task 0 keeps 1 of 2 inputs, coverage (1*1)/(2*1) = 0.5;
        // task 1 is whole: potential (0.5 + 1) / 2 = 0.75, value -0.25.
        Split s = Split.of(Fx.perfectSplit().cut(0, 0, 1).net(), TWO);
        assertEquals(0.75, s.potential(), 1e-12);
        assertEquals(-0.25, s.value(), 1e-12);
        assertTrue(s.isDegraded());
        assertArrayEquals(new double[] {0.5, 0}, s.connectivity()[0]);
    }

    @Test
    void emptyNetworkIsFullyDegraded() {
        Split s = Split.of(Fx.of(4, 2, 2).net(), TWO);
        assertEquals(0, s.components().size());
        assertEquals(0.0, s.potential());
        assertEquals(-1.0, s.value());
        assertArrayEquals(new double[] {0, 0}, s.connectivity()[0]);
    }

    @Test
    void threeTasksInTwoComponents() {
        // [6,3,3]: task t: x(2t), x(2t+1) -> h_t -> y_t; plus h1 -> y2 joining tasks 1 and 2.
        Fx f = Fx.of(6, 3, 3);
        for (int t = 0; t < 3; t++) {
            f.edge(0, t, 2 * t).edge(0, t, 2 * t + 1).edge(1, t, t);
        }
        Split s = Split.of(f.edge(1, 2, 1).net(), TaskLayout.pairs(3));
        assertEquals(2, s.components().size());
        assertEquals(1.0, s.potential());
        assertEquals(3 - 2, s.value());
        assertArrayEquals(new double[] {0, 1, 1}, s.connectivity()[1]);
        assertArrayEquals(new double[] {0, 0, 1}, s.connectivity()[2]);
    }

    @Test
    void componentsWithoutTaskPairsDoNotCountAgainstTheSplit() {
        // [5,3,3] with the 2-task layout: input 4 and output 2 belong to no task, and an extra
        // component x4 -> h2 -> y2 must not turn the perfect split (value 0) into -1.
        Fx f = Fx.of(5, 3, 3)
                .edge(0, 0, 0).edge(0, 0, 1).edge(1, 0, 0)
                .edge(0, 1, 2).edge(0, 1, 3).edge(1, 1, 1)
                .edge(0, 2, 4).edge(1, 2, 2);
        Split s = Split.of(f.net(), TWO);
        assertEquals(3, s.components().size());
        assertEquals(2, s.taskComponents());
        assertEquals(0.0, s.value());
    }

    @Test
    void explicitLayoutWithSeveralOutputs() {
        // One task owning inputs {0,1} and outputs {0,1} of the perfect-split net: its pairs are
        // spread over two components, each holding 2 of 4 pairs -> potential 2/4 + 0 ... = 0.5.
        TaskLayout one = TaskLayout.of(new int[][] {{0, 1, 2, 3}}, new int[][] {{0, 1}});
        Split s = Split.of(Fx.perfectSplit().net(), one);
        // Each component holds 2 inputs x 1 output = 2 of the 4 x 2 = 8 pairs: 2/8 + 2/8 = 0.5.
        assertEquals(0.5, s.potential(), 1e-12);
        assertEquals(-0.5, s.value(), 1e-12);
        assertEquals(0.5, s.connectivity()[0][0], 1e-12);
    }

    @Test
    void runCategories() {
        RunAnalysis run = new RunAnalysis();
        run.add(LevelAnalysis.of(0, Fx.perfectSplit().edge(1, 1, 0).net(), null, null, TWO, false));
        assertEquals(SplitCategory.STILL_CONNECTED, run.category());
        run.add(LevelAnalysis.of(1, Fx.perfectSplit().net(), null, null, TWO, false));
        assertEquals(SplitCategory.SPLIT_ONLY, run.category());
        run.add(LevelAnalysis.of(2, Fx.perfectSplit().cut(0, 0, 1).net(), null, null, TWO, false));
        assertEquals(OptionalInt.of(1), run.splitLevel());
        assertEquals(OptionalInt.of(2), run.degradationLevel());
        assertEquals(SplitCategory.SPLIT_AND_DEGRADE, run.category());
        assertArrayEquals(new double[] {1, 0, -0.25}, run.splitValues(), 1e-12);
        assertEquals(3, run.levels().size());
        // Lifetimes of [4,2,2]: 8 + 4 weights, 2 + 2 biases, 4 + 2 + 2 neurons.
        assertEquals(12 + 4 + 8, run.history().lifetimes().size());
        assertEquals(SplitCategory.DEGRADE_ONLY, SplitCategory.of(OptionalInt.empty(), OptionalInt.of(3)));
    }

    /**
     * Two image-like tasks on [8, 4, 6]: task 0 owns pixels 0..3 and outputs 0..2, task 1 pixels
     * 4..7 and outputs 3..5. Task 0's border pixels 0 and 3 have no edge (dead from the start);
     * x1, x2 -> h0 -> y0, y1, y2 and x4..x7 -> h2 -> y3, y4, y5.
     */
    private static Fx images() {
        Fx f = Fx.of(8, 4, 6).edge(0, 0, 1).edge(0, 0, 2);
        for (int i = 4; i < 8; i++) {
            f.edge(0, 2, i);
        }
        for (int o = 0; o < 3; o++) {
            f.edge(1, o, 0).edge(1, 3 + o, 2);
        }
        return f;
    }

    private static final TaskLayout IMAGES = TaskLayout.of(new int[][] {{0, 1, 2, 3}, {4, 5, 6, 7}},
            new int[][] {{0, 1, 2}, {3, 4, 5}});

    @Test
    void outputOnlyDegradationIgnoresDeadPixels() {
        // Pairs: task 0 keeps 2 of its 4 pixels, coverage (2 * 3) / (4 * 3) = 0.5; task 1 is whole;
        // potential 0.75, value -0.25.
        Split pairs = Split.of(images().net(), IMAGES);
        assertEquals(0.5, pairs.coverage()[0][0], 1e-12);
        assertEquals(-0.25, pairs.value(), 1e-12);
        // Output-only: both tasks have all 3 outputs in a component holding one of their pixels:
        // a perfect split.
        TaskLayout outputOnly = IMAGES.withOutputOnlyDegradation(true);
        assertTrue(outputOnly.outputOnlyDegradation() && !IMAGES.outputOnlyDegradation());
        Split s = Split.of(images().net(), outputOnly);
        assertArrayEquals(new double[] {1, 0}, s.coverage()[0], 1e-12);
        assertArrayEquals(new double[] {0, 1}, s.coverage()[1], 1e-12);
        assertEquals(1.0, s.potential());
        assertEquals(0.0, s.value());
        assertTrue(s.isSplit());
        // The task-by-task view still counts pixel-output pairs: 2 of task 0's 4 pixels reach its outputs.
        assertEquals(0.5, s.connectivity()[0][0], 1e-12);
        assertEquals(1.0, s.connectivity()[1][1], 1e-12);
    }

    @Test
    void outputOnlyDegradationCountsLostAndSpreadOutputs() {
        TaskLayout outputOnly = IMAGES.withOutputOnlyDegradation(true);
        // y2 loses its edge: task 0 keeps 2 of 3 outputs, (2/3 + 1) / 2 = 5/6, value -1/6.
        Split lost = Split.of(images().cut(1, 2, 0).net(), outputOnly);
        assertEquals(2.0 / 3, lost.coverage()[0][0], 1e-12);
        assertEquals(5.0 / 6, lost.potential(), 1e-12);
        assertEquals(-1.0 / 6, lost.value(), 1e-12);
        // y2 fed instead by x3 -> h1 -> y2: task 0's outputs are spread over two components, each
        // with one of its pixels (coverages 2/3 and 1/3). The largest share counts: 2/3, value -1/6.
        Split spread = Split.of(images().cut(1, 2, 0).edge(0, 1, 3).edge(1, 2, 1).net(), outputOnly);
        assertEquals(3, spread.components().size());
        assertArrayEquals(new double[] {2.0 / 3, 1.0 / 3, 0}, new double[] {spread.coverage()[0][0],
                spread.coverage()[1][0], spread.coverage()[2][0]}, 1e-12);
        assertEquals(-1.0 / 6, spread.value(), 1e-12);
        assertTrue(spread.isDegraded());
        // A cross-task edge h0 -> y3 joins the tasks: whole but not split, one split missing.
        Split joined = Split.of(images().edge(1, 3, 0).net(), outputOnly);
        assertEquals(1.0, joined.value());
        // A component with outputs of task 0 but none of its pixels covers nothing: cut x1, x2 -> h0
        // and feed h0 from pixel 4 (task 1's): task 0 has no pixel-output pair left, value -1/2.
        Split foreign = Split.of(images().cut(0, 0, 1).cut(0, 0, 2).edge(0, 0, 4).net(), outputOnly);
        assertEquals(0.0, foreign.coverage()[0][0], 1e-12);
        assertEquals(0.5, foreign.potential(), 1e-12);
    }
}
