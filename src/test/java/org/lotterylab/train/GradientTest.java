package org.lotterylab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.lotterylab.data.DataConfig;
import org.lotterylab.data.Dataset;
import org.lotterylab.model.Activation;
import org.lotterylab.model.Init;
import org.lotterylab.model.Mask;
import org.lotterylab.model.ModelConfig;
import org.lotterylab.model.Network;
import org.lotterylab.rng.Rng;

/**
 * The engine's analytic gradients against central finite differences of an independent
 * double-precision forward pass written here.
 */
class GradientTest {

    /** Mean BCE over rows and outputs, in double, straight from the definition. */
    private static double referenceLoss(int[] shape, Activation act, double[][] w, double[][] b, Dataset d, int rows) {
        double total = 0;
        int k = d.tasks();
        for (int r = 0; r < rows; r++) {
            double[] a = new double[shape[0]];
            for (int i = 0; i < a.length; i++) {
                a[i] = d.x(r, i);
            }
            for (int l = 0; l < shape.length - 1; l++) {
                double[] z = new double[shape[l + 1]];
                for (int o = 0; o < z.length; o++) {
                    double s = b[l][o];
                    for (int i = 0; i < a.length; i++) {
                        s += w[l][o * a.length + i] * a[i];
                    }
                    boolean hidden = l < shape.length - 2;
                    z[o] = !hidden ? s : act == Activation.RELU ? Math.max(0, s) : s / (1 + Math.exp(-s));
                }
                a = z;
            }
            for (int t = 0; t < k; t++) {
                double p = 1 / (1 + Math.exp(-a[t]));
                double y = d.y(r, t);
                total += -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
            }
        }
        return total / ((double) rows * k);
    }

    private static void check(Kernels kern, Activation act, double keep) {
        check(kern, act, keep, false);
    }

    /**
     * With {@code disconnect}, hidden-2 neuron 0 loses its weights to the outputs and hidden-1
     * neuron 3 keeps weights only into it: the engine computes neither, and the weights into them
     * must still get their true gradient, 0.
     */
    private static void check(Kernels kern, Activation act, double keep, boolean disconnect) {
        int[] shape = {4, 7, 5, 2};
        Dataset d = DataConfig.moons(2, 0.2).generate(1).train();
        int rows = 37;
        Network net = new ModelConfig(shape, act, Init.of(Init.Kind.FRAMEWORK_DEFAULT)).initialise(2);
        Rng r = new Rng(3);
        Mask.Builder mb = Mask.full(shape).toBuilder();
        for (int l = 0; l < net.layers(); l++) {
            for (int j = 0; j < net.weights(l).length; j++) {
                mb.weightAt(l, j, r.nextDouble() < keep);
            }
        }
        if (disconnect) {
            for (int o = 0; o < shape[3]; o++) {
                mb.weight(2, o, 0, false);
            }
            for (int o = 0; o < shape[2]; o++) {
                mb.weight(1, o, 3, o == 0);
            }
        }
        net.setMask(mb.build());
        if (disconnect) {
            int[][] live = Engine.liveNeurons(net.mask());
            assertFalse(Arrays.stream(live[2]).anyMatch(j -> j == 0), "hidden-2 neuron 0 is computed");
            assertFalse(Arrays.stream(live[1]).anyMatch(j -> j == 3), "hidden-1 neuron 3 is computed");
        }
        Engine eng = new Engine(net, rows, kern);
        eng.load(d, null, 0, rows);
        eng.forward();
        eng.loss(null, null, 1.0 / (rows * 2));
        eng.backward();

        double[][] w = new double[net.layers()][];
        double[][] b = new double[net.layers()][];
        for (int l = 0; l < net.layers(); l++) {
            w[l] = new double[net.weights(l).length];
            b[l] = new double[net.biases(l).length];
            for (int j = 0; j < w[l].length; j++) {
                w[l][j] = net.weights(l)[j];
            }
            for (int j = 0; j < b[l].length; j++) {
                b[l][j] = net.biases(l)[j];
            }
        }
        double h = 1e-6;
        for (int l = 0; l < net.layers(); l++) {
            for (int j = 0; j < w[l].length; j++) {
                if (!net.mask().weightAt(l, j)) {
                    continue;
                }
                double keepV = w[l][j];
                w[l][j] = keepV + h;
                double up = referenceLoss(shape, act, w, b, d, rows);
                w[l][j] = keepV - h;
                double down = referenceLoss(shape, act, w, b, d, rows);
                w[l][j] = keepV;
                double fd = (up - down) / (2 * h);
                assertEquals(fd, eng.gW[l][j], 2e-5 + 1e-3 * Math.abs(fd),
                        kern.name() + " " + act + " weight " + l + "/" + j);
            }
            for (int j = 0; j < b[l].length; j++) {
                double keepV = b[l][j];
                b[l][j] = keepV + h;
                double up = referenceLoss(shape, act, w, b, d, rows);
                b[l][j] = keepV - h;
                double down = referenceLoss(shape, act, w, b, d, rows);
                b[l][j] = keepV;
                double fd = (up - down) / (2 * h);
                assertEquals(fd, eng.gB[l][j], 2e-5 + 1e-3 * Math.abs(fd), kern.name() + " " + act + " bias " + l + "/" + j);
            }
        }
    }

    @Test
    void denseGradientsMatchFiniteDifferences() {
        for (Kernels k : new Kernels[] {Kernels.scalar(), Kernels.best()}) {
            check(k, Activation.SILU, 1.0);
            check(k, Activation.RELU, 1.0);
        }
    }

    @Test
    void neuronsCutOffFromTheOutputGetZeroGradients() {
        for (Kernels k : new Kernels[] {Kernels.scalar(), Kernels.best()}) {
            for (double keep : new double[] {1.0, 0.6}) {
                check(k, Activation.RELU, keep, true);
                check(k, Activation.SILU, keep, true);
            }
        }
    }

    @Test
    void sparseGradientsMatchFiniteDifferences() {
        // Density 0.3 is below both dense thresholds of small layers, so the per-entry kernels run.
        for (Kernels k : new Kernels[] {Kernels.scalar(), Kernels.best()}) {
            check(k, Activation.SILU, 0.3);
            check(k, Activation.RELU, 0.3);
        }
    }
}
