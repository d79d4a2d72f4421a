package org.lotterylab.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.lotterylab.model.Network;

/**
 * Lesions of hand-built two-task nets, each drop worked out by hand from the net's formula on a
 * few rows (in the comments), with an evaluator written here: the share of rows whose logit sign
 * matches the label (logit > 0 means class 1).
 */
class LesionsTest {
    private static final TaskLayout TWO = TaskLayout.pairs(2);

    /** Per task, the share of rows whose logit is positive exactly where the label is 1. */
    private static Function<Network, double[]> accuracy(float[][] rows, int[][] labels, List<Network> seen) {
        return net -> {
            seen.add(net);
            float[] x = new float[rows.length * 4];
            for (int r = 0; r < rows.length; r++) {
                System.arraycopy(rows[r], 0, x, 4 * r, 4);
            }
            float[] z = net.logits(x, rows.length);
            double[] acc = new double[2];
            for (int r = 0; r < rows.length; r++) {
                for (int t = 0; t < 2; t++) {
                    acc[t] += (z[2 * r + t] > 0) == (labels[r][t] == 1) ? 1.0 / rows.length : 0;
                }
            }
            return acc;
        };
    }

    @Test
    void aPerfectSplitDropsOnlyTheDiagonal() {
        // [4,4,2]: task 0 is x0 -> h0 (1), x1 -> h0 (0.25), x0 -> h1 (-1), h0 -> y0 (1), h1 -> y0 (-1),
        // so y0 = relu(x0 + x1/4) - relu(-x0) = x0 where x1 = 0; task 1 the same on x2, x3, h2, h3, y1.
        // Biases 0. Labels: y_t = 1 where its first input is positive, so the intact net is right on
        // every row. Removing task t's five weights leaves logit 0, read as class 0: the accuracy is
        // the share of label-0 rows, 2/4 for task 0 and 1/4 for task 1; the other task is untouched.
        Fx f = Fx.of(4, 4, 2)
                .edge(0, 0, 0, 1f).edge(0, 0, 1, 0.25f).edge(0, 1, 0, -1f).edge(1, 0, 0, 1f).edge(1, 0, 1, -1f)
                .edge(0, 2, 2, 1f).edge(0, 2, 3, 0.25f).edge(0, 3, 2, -1f).edge(1, 1, 2, 1f).edge(1, 1, 3, -1f);
        Network net = f.net();
        assertTrue(Split.of(net, TWO).isSplit());
        float[][] rows = {{1, 0, 1, 0}, {-1, 0, 1, 0}, {2, 0, -1, 0}, {-0.5f, 0, 2, 0}};
        int[][] labels = {{1, 1}, {0, 1}, {1, 0}, {0, 1}};
        List<Network> seen = new ArrayList<>();
        Lesions les = Lesions.of(net, TWO, accuracy(rows, labels, seen));
        assertArrayEquals(new double[] {1, 1}, les.before());
        assertArrayEquals(new double[] {0.5, 0}, les.drop()[0], 1e-12);
        assertArrayEquals(new double[] {0, 0.75}, les.drop()[1], 1e-12);
        assertArrayEquals(new int[] {5, 5}, les.onlyWeights());
        assertEquals(0, les.sharedWeights());
        assertEquals(0, les.crossWeights());
        // No shared weight: nothing to remove, so no evaluation and a drop of exactly 0.
        assertArrayEquals(new double[] {0, 0}, les.sharedDrop());
        assertEquals(3, seen.size(), "the intact net and two lesions");
        // The lesions work on copies: the caller's net keeps its weights and mask.
        assertEquals(10, net.mask().keptWeights());
        assertEquals(1f, net.weights(0)[0]);
    }

    /**
     * [4,3,3,2], every weight 1 but two: x0 -> a0 -> b0 -> y0 (task 0 only), x2 -> a2 -> b2 -> y1
     * (task 1 only), and a shared neuron pair: x0 -> a1, x2 -> a1, a1 -> b1, b1 -> y0, b1 -> y1.
     * Only a1 -> b1 lies on both tasks' paths; x0 -> a1 and b1 -> y0 lie on task 0's paths alone
     * (x0 -> a1 also on the crossing path x0 -> a1 -> b1 -> y1). Output biases -1.5, others 0.
     */
    private static Network sharedNet() {
        return Fx.of(4, 3, 3, 2)
                .edge(0, 0, 0).edge(1, 0, 0).edge(2, 0, 0)
                .edge(0, 2, 2).edge(1, 2, 2).edge(2, 1, 2)
                .edge(0, 1, 0).edge(0, 1, 2).edge(1, 1, 1).edge(2, 0, 1).edge(2, 1, 1)
                .bias(3, 0, -1.5f).bias(3, 1, -1.5f).net();
    }

    @Test
    void sharedWeightsAreLesionedApartAndACrossingPathShowsOffTheDiagonal() {
        // With inputs >= 0 every ReLU passes: intact y0 = x0 + (x0 + x2) - 1.5, y1 = x2 + (x0 + x2) - 1.5.
        // Shared lesion (a1 -> b1 gone): y0 = x0 - 1.5, y1 = x2 - 1.5.
        // Task-0 lesion (x0->a0, a0->b0, b0->y0, x0->a1, b1->y0 gone): y0 = -1.5, y1 = x2 + x2 - 1.5.
        // Task-1 lesion (x2->a2, a2->b2, b2->y1, x2->a1, b1->y1 gone): y0 = x0 + x0 - 1.5, y1 = -1.5.
        // Every label is 1, so accuracy is the share of positive logits. Rows (x0, x2):
        //              intact    shared    task 0    task 1
        //   (1, 0)     +  -      -  -      -  -      +  -
        //   (0, 1)     -  +      -  -      -  +      -  -
        //   (1, 1)     +  +      -  -      -  +      +  -
        //   (2, 2)     +  +      +  +      -  +      +  -
        //   (1, 0.5)   +  +      -  -      -  -      +  -
        // before 4/5, 4/5; shared lesion 1/5, 1/5; task-0 lesion 0, 3/5; task-1 lesion 4/5, 0.
        float[][] rows = {{1, 0, 0, 0}, {0, 0, 1, 0}, {1, 0, 1, 0}, {2, 0, 2, 0}, {1, 0, 0.5f, 0}};
        int[][] labels = {{1, 1}, {1, 1}, {1, 1}, {1, 1}, {1, 1}};
        Lesions les = Lesions.of(sharedNet(), TWO, accuracy(rows, labels, new ArrayList<>()));
        assertArrayEquals(new double[] {0.8, 0.8}, les.before(), 1e-12);
        // Removing task 0's own weights costs task 1 the row (1, 0.5): x0 -> a1 fed y1 too.
        assertArrayEquals(new double[] {0.8, 0}, les.drop()[0], 1e-12);
        assertArrayEquals(new double[] {0.2, 0.8}, les.drop()[1], 1e-12);
        assertArrayEquals(new double[] {0.6, 0.6}, les.sharedDrop(), 1e-12);
        assertArrayEquals(new int[] {5, 5}, les.onlyWeights());
        assertEquals(1, les.sharedWeights());
        assertEquals(0, les.crossWeights());
    }

    @Test
    void pathMembershipNamesTheTasksOfEachWeight() {
        Network net = sharedNet();
        long[][] p = Lesions.taskPaths(net.shape(), States.of(net), TWO);
        assertEquals(0b01, p[0][0 * 4 + 0], "x0 -> a0");
        assertEquals(0b01, p[0][1 * 4 + 0], "x0 -> a1");
        assertEquals(0b10, p[0][1 * 4 + 2], "x2 -> a1");
        assertEquals(0b11, p[1][1 * 3 + 1], "a1 -> b1");
        assertEquals(0b01, p[2][0 * 3 + 1], "b1 -> y0");
        assertEquals(0b10, p[2][1 * 3 + 1], "b1 -> y1");
        assertEquals(0, p[0][0 * 4 + 1], "x1 -> a0 is pruned");
        // A weight that only crosses from task 0's inputs to task 1's output is on no task's paths.
        Network cross = Fx.perfectSplit().edge(1, 1, 0).net();
        long[][] c = Lesions.taskPaths(cross.shape(), States.of(cross), TWO);
        assertEquals(0, c[1][1 * 2 + 0], "h0 -> y1");
        Lesions les = Lesions.of(cross, TWO, n -> new double[] {1, 1});
        assertEquals(1, les.crossWeights());
        assertArrayEquals(new int[] {3, 3}, les.onlyWeights());
    }

    @Test
    void anEvaluatorThatReturnsTheWrongCountIsNamed() {
        String m = assertThrows(IllegalArgumentException.class,
                () -> Lesions.of(sharedNet(), TWO, n -> new double[] {1})).getMessage();
        assertTrue(m.contains("returned 1 values for 2 tasks"), m);
    }
}
