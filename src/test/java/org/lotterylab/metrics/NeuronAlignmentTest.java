package org.lotterylab.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.lotterylab.model.Activation;
import org.lotterylab.model.Mask;
import org.lotterylab.model.Network;
import org.lotterylab.rng.Rng;

class NeuronAlignmentTest {

    private static int[] shuffled(int n, Rng rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    @Test
    void recoversAKnownRandomPermutation() {
        int[] shape = {4, 12, 9, 2};
        Rng rng = new Rng(42);
        float[][] w = new float[3][];
        float[][] b = new float[3][];
        Mask.Builder mb = Mask.full(shape).toBuilder();
        for (int l = 0; l < 3; l++) {
            w[l] = new float[shape[l] * shape[l + 1]];
            b[l] = new float[shape[l + 1]];
            for (int k = 0; k < w[l].length; k++) {
                w[l][k] = (float) rng.uniform(-1, 1);
                mb.weightAt(l, k, rng.nextDouble() < 0.6);
            }
            for (int o = 0; o < b[l].length; o++) {
                b[l][o] = (float) rng.uniform(-1, 1);
            }
        }
        Network ref = Network.of(shape, Activation.RELU, w, b, mb.build());
        int[][] p = {shuffled(12, rng), shuffled(9, rng)};
        Network other = NeuronAlignment.of(shape, p).apply(ref);

        NeuronAlignment a = NeuronAlignment.align(ref, other);
        // other's neuron j is ref's neuron p[j]; so ref's neuron j sits at the inverse of p.
        for (int k = 1; k <= 2; k++) {
            int[] inverse = new int[shape[k]];
            for (int j = 0; j < shape[k]; j++) {
                inverse[p[k - 1][j]] = j;
            }
            assertArrayEquals(inverse, a.permutation(k), "layer " + k);
        }
        assertArrayEquals(new int[] {0, 1, 2, 3}, a.permutation(0));
        assertArrayEquals(new int[] {0, 1}, a.permutation(3));
        Network back = a.apply(other);
        for (int l = 0; l < 3; l++) {
            assertArrayEquals(ref.weights(l), back.weights(l));
            assertArrayEquals(ref.biases(l), back.biases(l));
        }
        assertEquals(ref.mask(), back.mask());
        assertEquals(1.0, TicketSimilarity.overlap(ref.mask(), a.apply(other.mask())).get(3).jaccard());
    }
}
