package org.lotterylab.plot;

import java.util.SplittableRandom;

import org.lotterylab.metrics.TaskLayout;
import org.lotterylab.model.Activation;
import org.lotterylab.model.Mask;
import org.lotterylab.model.Network;

/** Networks for the image figures, built without training. */
final class ImageNets {
    /** The thesis' MNIST + Fashion shape. */
    static final int[] THESIS = {1568, 784, 392, 20};

    private ImageNets() {
    }

    /** Two tasks of {@code inputsPerTask} inputs and {@code outputsPerTask} outputs each, consecutive. */
    static TaskLayout twoTasks(int inputsPerTask, int outputsPerTask) {
        int[][] in = new int[2][inputsPerTask];
        int[][] out = new int[2][outputsPerTask];
        for (int t = 0; t < 2; t++) {
            for (int i = 0; i < inputsPerTask; i++) {
                in[t][i] = t * inputsPerTask + i;
            }
            for (int o = 0; o < outputsPerTask; o++) {
                out[t][o] = t * outputsPerTask + o;
            }
        }
        return TaskLayout.of(in, out);
    }

    /** Every weight kept with probability {@code density}, independently; weights uniform in [-1, 1]. */
    static Network random(int[] shape, double density, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        boolean[][] keep = new boolean[shape.length - 1][];
        float[][] w = new float[shape.length - 1][];
        float[][] b = new float[shape.length - 1][];
        for (int l = 0; l < keep.length; l++) {
            keep[l] = new boolean[shape[l] * shape[l + 1]];
            w[l] = new float[keep[l].length];
            b[l] = new float[shape[l + 1]];
            for (int k = 0; k < keep[l].length; k++) {
                keep[l][k] = density >= 1 || rng.nextDouble() < density;
                w[l][k] = (float) (2 * rng.nextDouble() - 1);
            }
        }
        return Network.of(shape, Activation.RELU, w, b, Mask.of(shape, keep, null));
    }

    /**
     * Two tasks split by construction: every layer's neurons are halves (the first half task 0's,
     * the second task 1's; the outputs as {@link #twoTasks}), and a weight is kept with probability
     * {@code density} when both its neurons are in the same half, never across.
     */
    static Network blocks(int[] shape, double density, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        boolean[][] keep = new boolean[shape.length - 1][];
        float[][] w = new float[shape.length - 1][];
        float[][] b = new float[shape.length - 1][];
        for (int l = 0; l < keep.length; l++) {
            int in = shape[l];
            int out = shape[l + 1];
            keep[l] = new boolean[in * out];
            w[l] = new float[in * out];
            b[l] = new float[out];
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < in; i++) {
                    boolean same = (2 * o) / out == (2 * i) / in;
                    keep[l][o * in + i] = same && rng.nextDouble() < density;
                    w[l][o * in + i] = (float) (2 * rng.nextDouble() - 1);
                }
            }
        }
        return Network.of(shape, Activation.RELU, w, b, Mask.of(shape, keep, null));
    }
    /**
     * Shape [8, 3, 2], two tasks of 2 x 2 pixels (inputs 0-3 and 4-7, outputs 0 and 1). Kept:
     * h0 from pixels 0, 1, 2; h1 from pixels 3, 4, 5; h2 from pixels 0 and 7 (h2 has no outgoing
     * weight: its weights are inactive); h0 to output 0, h1 to output 1, and with {@code merged}
     * also h1 to output 0 (one component holding both tasks' outputs). Pixel 6 keeps nothing.
     * So pixel 3 (task 0's) sits in task 1's component unless merged.
     */
    static Network hand(boolean merged) {
        int[] shape = {8, 3, 2};
        boolean[][] keep = {new boolean[24], new boolean[6]};
        for (int i : new int[] {0, 1, 2}) {
            keep[0][0 * 8 + i] = true;
        }
        for (int i : new int[] {3, 4, 5}) {
            keep[0][1 * 8 + i] = true;
        }
        keep[0][2 * 8 + 0] = true;
        keep[0][2 * 8 + 7] = true;
        keep[1][0 * 3 + 0] = true;
        keep[1][1 * 3 + 1] = true;
        if (merged) {
            keep[1][0 * 3 + 1] = true;
        }
        float[][] w = {new float[24], new float[6]};
        java.util.Arrays.fill(w[0], 0.5f);
        java.util.Arrays.fill(w[1], -0.5f);
        float[][] b = {new float[3], new float[2]};
        return Network.of(shape, Activation.RELU, w, b, Mask.of(shape, keep, null));
    }

    /** The layout of {@link #hand}: two tasks of 4 inputs and 1 output. */
    static TaskLayout handTasks() {
        return twoTasks(4, 1);
    }
}
