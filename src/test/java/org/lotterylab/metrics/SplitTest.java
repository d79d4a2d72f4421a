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
}
