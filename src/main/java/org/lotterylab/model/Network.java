package org.lotterylab.model;

import java.util.Arrays;

/**
 * The parameters of one MLP and the mask that applies to them.
 *
 * <p>Mutable by design: the training engine updates {@link #weights(int)} and {@link #biases(int)}
 * in place (they are live arrays, not copies). The invariant every mutator keeps is that a
 * pruned weight or bias is exactly 0. Use {@link #copy()} to keep a snapshot.
 */
public final class Network {
    private final int[] shape;
    private final Activation activation;
    private final float[][] weights;
    private final float[][] biases;
    private Mask mask;

    Network(int[] shape, Activation activation) {
        this.shape = shape.clone();
        this.activation = activation;
        this.weights = new float[shape.length - 1][];
        this.biases = new float[shape.length - 1][];
        for (int l = 0; l < weights.length; l++) {
            weights[l] = new float[shape[l] * shape[l + 1]];
            biases[l] = new float[shape[l + 1]];
        }
        this.mask = Mask.full(shape);
    }

    /**
     * A network from explicit parameters (copied), e.g. a hand-built test fixture. Parameters
     * the mask prunes are set to 0.
     */
    public static Network of(int[] shape, Activation activation, float[][] weights, float[][] biases, Mask mask) {
        Network n = new Network(shape, activation);
        for (int l = 0; l < n.layers(); l++) {
            if (weights[l].length != n.weights[l].length || biases[l].length != n.biases[l].length) {
                throw new IllegalArgumentException("parameters of layer " + l + " do not fit shape " + Arrays.toString(shape));
            }
            System.arraycopy(weights[l], 0, n.weights[l], 0, weights[l].length);
            System.arraycopy(biases[l], 0, n.biases[l], 0, biases[l].length);
        }
        n.setMask(mask == null ? Mask.full(shape) : mask);
        return n;
    }

    public int[] shape() {
        return shape.clone();
    }

    /** Neurons in neuron layer {@code k} (0 = inputs). */
    public int width(int k) {
        return shape[k];
    }

    public int layers() {
        return weights.length;
    }

    public Activation activation() {
        return activation;
    }

    /** Layer {@code l}'s weights, {@code shape[l+1] x shape[l]} row-major; live, not a copy. */
    public float[] weights(int l) {
        return weights[l];
    }

    /** Layer {@code l}'s biases; live, not a copy. */
    public float[] biases(int l) {
        return biases[l];
    }

    /** Weight from neuron {@code i} of layer {@code l} to neuron {@code o} of layer {@code l+1}. */
    public float weight(int l, int o, int i) {
        return weights[l][o * shape[l] + i];
    }

    public Mask mask() {
        return mask;
    }

    /** Replaces the mask and sets every parameter it prunes to 0. */
    public void setMask(Mask m) {
        if (!Arrays.equals(m.shape(), shape)) {
            throw new IllegalArgumentException("mask shape " + Arrays.toString(m.shape())
                    + " does not match network shape " + Arrays.toString(shape));
        }
        this.mask = m;
        for (int l = 0; l < layers(); l++) {
            float[] w = weights[l];
            for (int k = 0; k < w.length; k++) {
                if (!m.weightAt(l, k)) {
                    w[k] = 0f;
                }
            }
            for (int o = 0; o < biases[l].length; o++) {
                if (!m.bias(l, o)) {
                    biases[l][o] = 0f;
                }
            }
        }
    }

    /** Copies {@code other}'s parameter values into this network (same shape), then re-applies this mask. */
    public void setParameters(Network other) {
        if (!Arrays.equals(other.shape, shape)) {
            throw new IllegalArgumentException("cannot copy parameters of shape " + Arrays.toString(other.shape)
                    + " into shape " + Arrays.toString(shape));
        }
        for (int l = 0; l < layers(); l++) {
            System.arraycopy(other.weights[l], 0, weights[l], 0, weights[l].length);
            System.arraycopy(other.biases[l], 0, biases[l], 0, biases[l].length);
        }
        setMask(mask);
    }

    /** A deep copy (parameters and mask). */
    public Network copy() {
        Network n = new Network(shape, activation);
        n.setParameters(this);
        n.setMask(mask);
        return n;
    }

    /**
     * The logits for {@code rows} inputs ({@code rows x shape[0]} row-major), as a
     * {@code rows x out} row-major array. A straightforward reference implementation for
     * plotting and checks; training uses its own faster kernels.
     */
    public float[] logits(float[] x, int rows) {
        if (x.length != rows * shape[0]) {
            throw new IllegalArgumentException("expected " + rows + " x " + shape[0] + " inputs, got " + x.length + " values");
        }
        float[] a = x;
        for (int l = 0; l < layers(); l++) {
            int in = shape[l];
            int out = shape[l + 1];
            float[] z = new float[rows * out];
            float[] w = weights[l];
            for (int r = 0; r < rows; r++) {
                for (int o = 0; o < out; o++) {
                    double s = biases[l][o];
                    for (int i = 0; i < in; i++) {
                        s += (double) w[o * in + i] * a[r * in + i];
                    }
                    z[r * out + o] = l < layers() - 1 ? activation.apply((float) s) : (float) s;
                }
            }
            a = z;
        }
        return a;
    }
}
