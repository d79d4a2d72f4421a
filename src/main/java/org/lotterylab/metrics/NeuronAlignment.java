package org.lotterylab.metrics;

import java.util.Arrays;
import org.lotterylab.model.Mask;
import org.lotterylab.model.Network;

/**
 * A permutation of the hidden neurons of one network that aligns it with a reference network
 * of the same shape (science.md section 6: hidden neurons of independently initialised nets are
 * permutation-symmetric). Inputs and outputs are never permuted.
 *
 * <p>{@link #align(Network, Network)} matches layer by layer from the input side: for hidden
 * layer {@code k}, each neuron is described by its incoming weights followed by its bias (the
 * network's values, so pruned parameters count as 0), the columns of {@code other}'s vectors are
 * first permuted by the permutation already found for layer {@code k - 1}, and the neurons are
 * paired by an optimal assignment (Hungarian algorithm) maximising the summed cosine similarity.
 * A zero vector has similarity 0 with everything; ties are broken arbitrarily but
 * deterministically. Which values to align is the caller's choice: trained values carry the
 * learned function, initial values are unrelated across model seeds.
 *
 * <p>{@code permutation(k)[j]} is the index in the other network of the neuron that plays the
 * role of reference neuron {@code j} in neuron layer {@code k}; {@link #apply(Network)} and
 * {@link #apply(Mask)} reorder the other network accordingly, after which it can be compared
 * element by element with the reference ({@link TicketSimilarity}).
 */
public final class NeuronAlignment {
    private final int[][] perms;

    private NeuronAlignment(int[][] perms) {
        this.perms = perms;
    }

    /**
     * An alignment from explicit permutations, one per hidden layer ({@code hidden[k - 1]} for
     * neuron layer {@code k}), each a permutation of {@code 0..shape[k]-1}.
     *
     * @throws IllegalArgumentException if a permutation has the wrong size or is not one
     */
    public static NeuronAlignment of(int[] shape, int[][] hidden) {
        if (hidden.length != shape.length - 2) {
            throw new IllegalArgumentException("need " + (shape.length - 2) + " hidden permutations, got " + hidden.length);
        }
        int[][] p = identityPerms(shape);
        for (int k = 1; k < shape.length - 1; k++) {
            int[] h = hidden[k - 1];
            boolean[] seen = new boolean[shape[k]];
            if (h.length != shape[k]) {
                throw new IllegalArgumentException("permutation of layer " + k + " has " + h.length + " entries, need " + shape[k]);
            }
            for (int v : h) {
                if (v < 0 || v >= seen.length || seen[v]) {
                    throw new IllegalArgumentException("not a permutation: " + Arrays.toString(h));
                }
                seen[v] = true;
            }
            p[k] = h.clone();
        }
        return new NeuronAlignment(p);
    }

    /** The identity alignment for this shape. */
    public static NeuronAlignment identity(int... shape) {
        return new NeuronAlignment(identityPerms(shape));
    }

    private static int[][] identityPerms(int[] shape) {
        int[][] p = new int[shape.length][];
        for (int k = 0; k < shape.length; k++) {
            p[k] = new int[shape[k]];
            for (int j = 0; j < shape[k]; j++) {
                p[k][j] = j;
            }
        }
        return p;
    }

    /** The alignment of {@code other}'s hidden neurons to {@code reference}'s (see the class comment). */
    public static NeuronAlignment align(Network reference, Network other) {
        int[] shape = reference.shape();
        if (!Arrays.equals(shape, other.shape())) {
            throw new IllegalArgumentException("cannot align shapes " + Arrays.toString(shape) + " and "
                    + Arrays.toString(other.shape()));
        }
        int[][] p = identityPerms(shape);
        for (int k = 1; k < shape.length - 1; k++) {
            int n = shape[k];
            int in = shape[k - 1];
            int[] prev = p[k - 1];
            double[][] ref = vectors(reference, k, null);
            double[][] oth = vectors(other, k, prev);
            double[][] cost = new double[n][n];
            for (int j = 0; j < n; j++) {
                for (int m = 0; m < n; m++) {
                    double dot = 0;
                    double[] a = ref[j];
                    double[] b = oth[m];
                    for (int i = 0; i <= in; i++) {
                        dot += a[i] * b[i];
                    }
                    cost[j][m] = -dot;
                }
            }
            p[k] = Hungarian.solve(cost);
        }
        return new NeuronAlignment(p);
    }

    /** Unit-length incoming vectors (weights then bias) of neuron layer k; zero stays zero. */
    private static double[][] vectors(Network net, int k, int[] columnPerm) {
        int in = net.width(k - 1);
        int n = net.width(k);
        float[] w = net.weights(k - 1);
        float[] b = net.biases(k - 1);
        double[][] v = new double[n][in + 1];
        for (int j = 0; j < n; j++) {
            double norm = 0;
            for (int i = 0; i < in; i++) {
                double x = w[j * in + (columnPerm == null ? i : columnPerm[i])];
                v[j][i] = x;
                norm += x * x;
            }
            v[j][in] = b[j];
            norm += (double) b[j] * b[j];
            if (norm > 0) {
                double s = 1 / Math.sqrt(norm);
                for (int i = 0; i <= in; i++) {
                    v[j][i] *= s;
                }
            }
        }
        return v;
    }

    /** The permutation of neuron layer {@code k} (identity for inputs and outputs); a copy. */
    public int[] permutation(int k) {
        return perms[k].clone();
    }

    /** The network's shape. */
    public int[] shape() {
        int[] s = new int[perms.length];
        for (int k = 0; k < s.length; k++) {
            s[k] = perms[k].length;
        }
        return s;
    }

    /** A new network: {@code net} (of this shape) with its hidden neurons reordered, mask included. */
    public Network apply(Network net) {
        int[] shape = check(net.shape());
        float[][] w = new float[shape.length - 1][];
        float[][] b = new float[shape.length - 1][];
        for (int l = 0; l < w.length; l++) {
            int in = shape[l];
            int out = shape[l + 1];
            float[] src = net.weights(l);
            float[] bs = net.biases(l);
            w[l] = new float[in * out];
            b[l] = new float[out];
            for (int o = 0; o < out; o++) {
                int po = perms[l + 1][o];
                b[l][o] = bs[po];
                for (int i = 0; i < in; i++) {
                    w[l][o * in + i] = src[po * in + perms[l][i]];
                }
            }
        }
        return Network.of(shape, net.activation(), w, b, apply(net.mask()));
    }

    /** A new mask: {@code mask} (of this shape) with its hidden neurons reordered. */
    public Mask apply(Mask mask) {
        int[] shape = check(mask.shape());
        boolean[][] w = new boolean[shape.length - 1][];
        boolean[][] b = new boolean[shape.length - 1][];
        for (int l = 0; l < w.length; l++) {
            int in = shape[l];
            int out = shape[l + 1];
            w[l] = new boolean[in * out];
            b[l] = new boolean[out];
            for (int o = 0; o < out; o++) {
                int po = perms[l + 1][o];
                b[l][o] = mask.bias(l, po);
                for (int i = 0; i < in; i++) {
                    w[l][o * in + i] = mask.weight(l, po, perms[l][i]);
                }
            }
        }
        return Mask.of(shape, w, b);
    }

    private int[] check(int[] shape) {
        if (!Arrays.equals(shape, shape())) {
            throw new IllegalArgumentException("alignment for " + Arrays.toString(shape()) + " applied to "
                    + Arrays.toString(shape));
        }
        return shape;
    }
}
