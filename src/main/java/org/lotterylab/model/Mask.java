package org.lotterylab.model;

import java.util.Arrays;

/**
 * Which weights and biases of a network are still present. Masks are explicit objects and
 * never inferred from zero values: a trained weight may be exactly 0 and still be kept.
 * Immutable; change one through {@link #toBuilder()}.
 *
 * <p>Indexing follows the package conventions: weight {@code (l, o, i)} is element
 * {@code o * shape[l] + i} of layer {@code l}.
 */
public final class Mask {
    private final int[] shape;
    private final boolean[][] weights;
    private final boolean[][] biases;
    /** Kept weights and biases per layer, counted once: analyses and engines ask for them repeatedly. */
    private final int[] keptW;
    private final int[] keptB;

    private Mask(int[] shape, boolean[][] weights, boolean[][] biases) {
        this.shape = shape;
        this.weights = weights;
        this.biases = biases;
        this.keptW = new int[weights.length];
        this.keptB = new int[biases.length];
        for (int l = 0; l < weights.length; l++) {
            keptW[l] = count(weights[l]);
            keptB[l] = count(biases[l]);
        }
    }

    /** The mask that keeps every weight and bias of a network of this shape. */
    public static Mask full(int... shape) {
        Builder b = new Builder(shape.clone());
        return b.build();
    }

    /**
     * A mask from explicit arrays (copied). {@code biases} may be null for "all biases kept".
     *
     * @throws IllegalArgumentException if an array's length does not fit the shape
     */
    public static Mask of(int[] shape, boolean[][] weights, boolean[][] biases) {
        Builder b = new Builder(shape.clone());
        if (weights.length != shape.length - 1) {
            throw new IllegalArgumentException("mask has " + weights.length + " weight tensors, shape "
                    + Arrays.toString(shape) + " has " + (shape.length - 1) + " layers");
        }
        for (int l = 0; l < weights.length; l++) {
            if (weights[l].length != shape[l] * shape[l + 1]) {
                throw new IllegalArgumentException("weight mask of layer " + l + " has " + weights[l].length
                        + " entries; shape " + Arrays.toString(shape) + " needs " + shape[l] * shape[l + 1]);
            }
            b.weights[l] = weights[l].clone();
            if (biases != null) {
                if (biases[l].length != shape[l + 1]) {
                    throw new IllegalArgumentException("bias mask of layer " + l + " has " + biases[l].length
                            + " entries; shape needs " + shape[l + 1]);
                }
                b.biases[l] = biases[l].clone();
            }
        }
        return b.build();
    }

    public int[] shape() {
        return shape.clone();
    }

    public int layers() {
        return weights.length;
    }

    /** Whether weight {@code o <- i} of layer {@code l} is kept. */
    public boolean weight(int l, int o, int i) {
        return weights[l][o * shape[l] + i];
    }

    /** Whether element {@code k} of layer {@code l}'s weight tensor is kept. */
    public boolean weightAt(int l, int k) {
        return weights[l][k];
    }

    /** Whether the bias of output neuron {@code o} of layer {@code l} is kept. */
    public boolean bias(int l, int o) {
        return biases[l][o];
    }

    /** A copy of layer {@code l}'s weight mask. */
    public boolean[] weights(int l) {
        return weights[l].clone();
    }

    /** A copy of layer {@code l}'s bias mask. */
    public boolean[] biases(int l) {
        return biases[l].clone();
    }

    public int keptWeights(int l) {
        return keptW[l];
    }

    public int keptBiases(int l) {
        return keptB[l];
    }

    /** Kept weights over all layers. */
    public int keptWeights() {
        int n = 0;
        for (int l = 0; l < layers(); l++) {
            n += keptWeights(l);
        }
        return n;
    }

    /** Kept biases over all layers. */
    public int keptBiases() {
        int n = 0;
        for (int l = 0; l < layers(); l++) {
            n += keptBiases(l);
        }
        return n;
    }

    /** All weights, kept or not. */
    public int totalWeights() {
        int n = 0;
        for (boolean[] w : weights) {
            n += w.length;
        }
        return n;
    }

    /** All biases, kept or not. */
    public int totalBiases() {
        int n = 0;
        for (boolean[] b : biases) {
            n += b.length;
        }
        return n;
    }

    private static int count(boolean[] a) {
        int n = 0;
        for (boolean v : a) {
            n += v ? 1 : 0;
        }
        return n;
    }

    /** A mutable copy, for pruners. */
    public Builder toBuilder() {
        Builder b = new Builder(shape.clone());
        for (int l = 0; l < layers(); l++) {
            b.weights[l] = weights[l].clone();
            b.biases[l] = biases[l].clone();
        }
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Mask m && Arrays.equals(shape, m.shape) && Arrays.deepEquals(weights, m.weights)
                && Arrays.deepEquals(biases, m.biases);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.deepHashCode(weights) + Arrays.deepHashCode(biases);
    }

    @Override
    public String toString() {
        return "Mask" + Arrays.toString(shape) + " weights " + keptWeights() + "/" + totalWeights()
                + ", biases " + keptBiases() + "/" + totalBiases();
    }

    /** A mutable mask under construction; starts with everything kept. */
    public static final class Builder {
        private final int[] shape;
        private final boolean[][] weights;
        private final boolean[][] biases;

        Builder(int[] shape) {
            if (shape.length < 2) {
                throw new IllegalArgumentException("a shape needs at least 2 layers of neurons, got " + Arrays.toString(shape));
            }
            this.shape = shape;
            this.weights = new boolean[shape.length - 1][];
            this.biases = new boolean[shape.length - 1][];
            for (int l = 0; l < weights.length; l++) {
                weights[l] = new boolean[shape[l] * shape[l + 1]];
                biases[l] = new boolean[shape[l + 1]];
                Arrays.fill(weights[l], true);
                Arrays.fill(biases[l], true);
            }
        }

        public Builder weight(int l, int o, int i, boolean keep) {
            weights[l][o * shape[l] + i] = keep;
            return this;
        }

        public Builder weightAt(int l, int k, boolean keep) {
            weights[l][k] = keep;
            return this;
        }

        public Builder bias(int l, int o, boolean keep) {
            biases[l][o] = keep;
            return this;
        }

        public boolean weightAt(int l, int k) {
            return weights[l][k];
        }

        public boolean bias(int l, int o) {
            return biases[l][o];
        }

        public Mask build() {
            boolean[][] w = new boolean[weights.length][];
            boolean[][] b = new boolean[biases.length][];
            for (int l = 0; l < w.length; l++) {
                w[l] = weights[l].clone();
                b[l] = biases[l].clone();
            }
            return new Mask(shape.clone(), w, b);
        }
    }
}
