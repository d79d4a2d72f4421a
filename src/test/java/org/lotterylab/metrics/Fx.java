package org.lotterylab.metrics;

import org.lotterylab.model.Activation;
import org.lotterylab.model.Mask;
import org.lotterylab.model.Network;

/**
 * Hand-built test networks: start with every weight pruned and every bias kept (value 0), then
 * add the edges a test wants. Edge values default to 1.
 */
final class Fx {
    final int[] shape;
    final boolean[][] w;
    final boolean[][] b;
    final float[][] wv;
    final float[][] bv;

    private Fx(int[] shape) {
        this.shape = shape;
        int layers = shape.length - 1;
        w = new boolean[layers][];
        b = new boolean[layers][];
        wv = new float[layers][];
        bv = new float[layers][];
        for (int l = 0; l < layers; l++) {
            w[l] = new boolean[shape[l] * shape[l + 1]];
            wv[l] = new float[shape[l] * shape[l + 1]];
            b[l] = new boolean[shape[l + 1]];
            java.util.Arrays.fill(b[l], true);
            bv[l] = new float[shape[l + 1]];
        }
    }

    static Fx of(int... shape) {
        return new Fx(shape);
    }

    /** Keeps weight layer {@code l}, from neuron {@code i} of layer l to neuron {@code o} of layer l+1. */
    Fx edge(int l, int o, int i) {
        return edge(l, o, i, 1f);
    }

    Fx edge(int l, int o, int i, float value) {
        w[l][o * shape[l] + i] = true;
        wv[l][o * shape[l] + i] = value;
        return this;
    }

    Fx cut(int l, int o, int i) {
        w[l][o * shape[l] + i] = false;
        return this;
    }

    /** Bias value of neuron {@code j} of neuron layer {@code k >= 1}. */
    Fx bias(int k, int j, float value) {
        bv[k - 1][j] = value;
        return this;
    }

    Fx pruneBias(int k, int j) {
        b[k - 1][j] = false;
        return this;
    }

    Fx pruneAllBiases() {
        for (boolean[] x : b) {
            java.util.Arrays.fill(x, false);
        }
        return this;
    }

    Mask mask() {
        return Mask.of(shape, w, b);
    }

    Network net() {
        return Network.of(shape, Activation.RELU, wv, bv, mask());
    }

    /**
     * Two tasks, shape [4,2,2]: x0,x1 -> h0 -> y0 and x2,x3 -> h1 -> y1, nothing else.
     */
    static Fx perfectSplit() {
        return of(4, 2, 2)
                .edge(0, 0, 0).edge(0, 0, 1).edge(1, 0, 0)
                .edge(0, 1, 2).edge(0, 1, 3).edge(1, 1, 1);
    }
}
