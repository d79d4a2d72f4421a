package org.lotterylab.train;

import java.util.Arrays;
import java.util.function.DoubleSupplier;
import org.lotterylab.data.Dataset;
import org.lotterylab.model.Activation;
import org.lotterylab.model.Network;

/**
 * A network's training loss from its definition, in double, written apart from the engine for
 * the gradient checks: the mean over the first {@code rows} rows and over the tasks of each
 * task's cross-entropy (softmax over a multi-class head's logits, BCE of a binary task's one
 * logit), through every neuron, with ReLU or SiLU hidden layers. The parameters start as the
 * network's; {@link #slope} moves one at a time and puts it back. Only kept weights enter the
 * sums (a pruned weight is 0, so they are the dense sums), which makes a loss of the thesis'
 * 1.5M-weight shape at a few percent kept cost milliseconds.
 */
final class ReferenceLoss {
    /** The weights and biases, {@code [layer][index]}, in double. */
    final double[][] w;
    final double[][] b;
    private final int[] shape;
    private final Activation act;
    private final Heads heads;
    private final Dataset d;
    private final int rows;
    /** Per layer and output neuron, the inputs of its kept weights. */
    private final int[][][] keptInputs;

    ReferenceLoss(Network net, Heads heads, Dataset d, int rows) {
        if (net.activation() != Activation.RELU && net.activation() != Activation.SILU) {
            throw new IllegalArgumentException("ReLU or SiLU only, got " + net.activation());
        }
        this.shape = net.shape();
        this.act = net.activation();
        this.heads = heads;
        this.d = d;
        this.rows = rows;
        int layers = net.layers();
        w = new double[layers][];
        b = new double[layers][];
        keptInputs = new int[layers][][];
        for (int l = 0; l < layers; l++) {
            w[l] = toDouble(net.weights(l));
            b[l] = toDouble(net.biases(l));
            keptInputs[l] = new int[shape[l + 1]][];
            for (int o = 0; o < shape[l + 1]; o++) {
                int[] list = new int[shape[l]];
                int n = 0;
                for (int i = 0; i < shape[l]; i++) {
                    if (net.mask().weight(l, o, i)) {
                        list[n++] = i;
                    }
                }
                keptInputs[l][o] = Arrays.copyOf(list, n);
            }
        }
    }

    private static double[] toDouble(float[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i];
        }
        return y;
    }

    /** The loss at the current parameters. */
    double value() {
        double total = 0;
        for (int r = 0; r < rows; r++) {
            double[] a = new double[shape[0]];
            for (int i = 0; i < a.length; i++) {
                a[i] = d.x(r, i);
            }
            for (int l = 0; l < shape.length - 1; l++) {
                double[] z = new double[shape[l + 1]];
                for (int o = 0; o < z.length; o++) {
                    double s = b[l][o];
                    for (int i : keptInputs[l][o]) {
                        s += w[l][o * shape[l] + i] * a[i];
                    }
                    boolean hidden = l < shape.length - 2;
                    z[o] = !hidden ? s : act == Activation.RELU ? Math.max(0, s) : s / (1 + Math.exp(-s));
                }
                a = z;
            }
            for (int t = 0; t < heads.tasks(); t++) {
                int label = (int) d.y(r, t);
                int first = heads.firstOutput(t);
                if (heads.softmax(t)) {
                    double norm = 0;
                    for (int j = 0; j < heads.classes(t); j++) {
                        norm += Math.exp(a[first + j]);
                    }
                    total += Math.log(norm) - a[first + label];
                } else {
                    double p = 1 / (1 + Math.exp(-a[first]));
                    total -= label * Math.log(p) + (1 - label) * Math.log(1 - p);
                }
            }
        }
        return total / ((double) rows * heads.tasks());
    }

    /** The central difference of the loss in parameter {@code p[j]} ({@code p} one of {@link #w} and {@link #b}). */
    double slope(double[] p, int j, double h) {
        return slope(p, j, h, this::value);
    }

    /** The central difference {@code (f(p[j] + h) - f(p[j] - h)) / 2h} of {@code f}, which reads {@code p}. */
    static double slope(double[] p, int j, double h, DoubleSupplier f) {
        double keep = p[j];
        p[j] = keep + h;
        double up = f.getAsDouble();
        p[j] = keep - h;
        double down = f.getAsDouble();
        p[j] = keep;
        return (up - down) / (2 * h);
    }
}
