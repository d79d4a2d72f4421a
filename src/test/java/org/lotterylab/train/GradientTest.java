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
 * double-precision loss ({@link ReferenceLoss}).
 */
class GradientTest {

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

        ReferenceLoss ref = new ReferenceLoss(net, Heads.binary(shape[3]), d, rows);
        double h = 1e-6;
        for (int l = 0; l < net.layers(); l++) {
            float[] g = eng.weightGradient(l);
            for (int j = 0; j < ref.w[l].length; j++) {
                if (!net.mask().weightAt(l, j)) {
                    continue;
                }
                double fd = ref.slope(ref.w[l], j, h);
                assertEquals(fd, g[j], 2e-5 + 1e-3 * Math.abs(fd),
                        kern.name() + " " + act + " weight " + l + "/" + j);
            }
            for (int j = 0; j < ref.b[l].length; j++) {
                double fd = ref.slope(ref.b[l], j, h);
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
