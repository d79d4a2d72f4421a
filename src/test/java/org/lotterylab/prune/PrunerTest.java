package org.lotterylab.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.lotterylab.model.Activation;
import org.lotterylab.model.Mask;
import org.lotterylab.model.Network;
import org.lotterylab.rng.Rng;

class PrunerTest {
    // [2, 2, 1]: layer 0 weights (o,i) row-major, layer 1 weights.
    private static Network net() {
        return Network.of(new int[] {2, 2, 1}, Activation.RELU,
                new float[][] {{0.5f, -0.1f, 0.3f, -0.3f}, {0.05f, -2f}}, new float[][] {{0.01f, -0.2f}, {0.4f}}, null);
    }

    @Test
    void globalMagnitudeRemovesTheSmallestAcrossLayers() {
        // |w| sorted: 0.05 (l1,0), 0.1 (l0,1), 0.3 (l0,2), 0.3 (l0,3), 0.5, 2. Remove 3: the tie at 0.3 goes to
        // the first in layer-major order, (l0,2).
        Mask m = Pruner.globalMagnitude(net(), 3, false);
        assertFalse(m.weightAt(1, 0));
        assertFalse(m.weightAt(0, 1));
        assertFalse(m.weightAt(0, 2));
        assertTrue(m.weightAt(0, 3));
        assertEquals(3, m.keptWeights());
        assertEquals(3, m.keptBiases(), "biases are not prunable here");
    }

    @Test
    void globalMagnitudeWithBiasesPrunesTheSmallBiasFirst() {
        // With biases: 0.01 (bias l0,0) is the smallest, then 0.05.
        Mask m = Pruner.globalMagnitude(net(), 2, true);
        assertFalse(m.bias(0, 0));
        assertFalse(m.weightAt(1, 0));
        assertEquals(5, m.keptWeights());
    }

    @Test
    void alreadyPrunedParametersAreNotCountedAgain() {
        Network n = net();
        n.setMask(Pruner.globalMagnitude(n, 2, false));
        Mask m = Pruner.globalMagnitude(n, 1, false);
        // The pruned ones are 0 now but already gone; the next smallest kept is one of the 0.3s.
        assertEquals(3, m.keptWeights());
        assertFalse(m.weightAt(0, 2));
    }

    @Test
    void layerwisePrunesTheOutputLayerAtHalfRate() {
        // A [4, 10, 10, 2] network: layer 0 keeps rint(40 * 0.5) = 20, layer 1 rint(100 * 0.5) = 50,
        // the output layer rint(20 * 0.75) = 15.
        Network n = org.lotterylab.model.ModelConfig.of(4, 10, 10, 2).initialise(1);
        Mask m = Pruner.layerwiseMagnitude(n, 0.5, false);
        assertEquals(20, m.keptWeights(0));
        assertEquals(50, m.keptWeights(1));
        assertEquals(15, m.keptWeights(2));
        // Within a layer the kept weights are the largest.
        float minKept = Float.MAX_VALUE;
        float maxPruned = 0;
        for (int k = 0; k < 100; k++) {
            float a = Math.abs(n.weights(1)[k]);
            if (m.weightAt(1, k)) {
                minKept = Math.min(minKept, a);
            } else {
                maxPruned = Math.max(maxPruned, a);
            }
        }
        assertTrue(maxPruned <= minKept);
    }

    @Test
    void randomPruningRemovesTheSameCountDeterministically() {
        Network n = org.lotterylab.model.ModelConfig.of(4, 10, 10, 2).initialise(1);
        Mask a = Pruner.random(n, 37, false, new Rng(4));
        Mask b = Pruner.random(n, 37, false, new Rng(4));
        Mask c = Pruner.random(n, 37, false, new Rng(5));
        assertEquals(160 - 37, a.keptWeights());
        assertEquals(a, b);
        assertFalse(a.equals(c));
    }

    @Test
    void removingMoreThanIsKeptIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> Pruner.globalMagnitude(net(), 7, false));
    }

    @Test
    void selectionPutsTheSmallestKeysFirstLikeAFullSort() {
        Rng rng = new Rng(7);
        int n = 5000;
        long[][] inputs = new long[5][n];
        for (int k = 0; k < n; k++) {
            inputs[0][k] = rng.nextInt(1 << 30);
            inputs[1][k] = k; // sorted
            inputs[2][k] = n - k; // reversed
            inputs[3][k] = rng.nextInt(3); // few distinct values
            inputs[4][k] = k % 2 == 0 ? k : n - k; // organ pipe
        }
        for (long[] input : inputs) {
            long[] sorted = input.clone();
            java.util.Arrays.sort(sorted);
            for (int k : new int[] {0, 1, 17, n / 2, n - 1, n}) {
                long[] a = input.clone();
                Pruner.selectSmallest(a, k);
                long[] head = java.util.Arrays.copyOf(a, k);
                java.util.Arrays.sort(head);
                assertArrayEquals(java.util.Arrays.copyOf(sorted, k), head, "the " + k + " smallest");
                java.util.Arrays.sort(a);
                assertArrayEquals(sorted, a, "a permutation of the input");
            }
        }
    }
}
