package org.lotterylab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.lotterylab.data.DataConfig;
import org.lotterylab.data.DataSplit;
import org.lotterylab.data.Dataset;
import org.lotterylab.model.Init;
import org.lotterylab.model.Mask;
import org.lotterylab.model.ModelConfig;
import org.lotterylab.model.Network;
import org.lotterylab.rng.Rng;

/**
 * The L1 penalty of {@link TrainConfig#l1()}: one step against the update rule worked out by
 * hand, and the penalised gradient against central finite differences of the penalised objective
 * computed in double precision here.
 */
class L1PenaltyTest {
    private static final DataSplit DATA = DataConfig.moons(2, 0.1).toBuilder().rowsPerTask(80).build().generate(3);
    private static final int[] SHAPE = {4, 6, 5, 2};

    /** A [4,6,5,2] net with about a third of its weights pruned (a fixed pattern). */
    private static Network masked() {
        Network net = ModelConfig.of(SHAPE).withInit(Init.of(Init.Kind.FRAMEWORK_DEFAULT)).initialise(7);
        Mask.Builder mb = Mask.full(SHAPE).toBuilder();
        for (int l = 0; l < net.layers(); l++) {
            for (int k = 0; k < net.weights(l).length; k++) {
                mb.weightAt(l, k, (k + l) % 3 != 0);
            }
        }
        net.setMask(mb.build());
        return net;
    }

    /** One full-batch step of {@code cfg} (with early stopping off) from {@code start}. */
    private static Network oneStep(Network start, TrainConfig.Builder cfg) {
        Network n = start.copy();
        Trainer.fit(n, DATA, cfg.fullBatch().fixedEpochs(1).build(), new Rng(1));
        return n;
    }

    @Test
    void anSgdStepAddsLambdaTimesTheSignOfEachKeptWeight() {
        // SGD without momentum: w' = w - lr (g + lambda sign w). Against the same step with
        // lambda = 0 (same start, same batch, so the same data gradient g) each kept weight moves by
        // exactly -lr * lambda * sign(w) more; pruned weights stay 0 and biases are not penalised.
        Network start = masked();
        double lr = 0.05;
        double lambda = 0.01;
        Network plain = oneStep(start, TrainConfig.builder().optimizer(Optimizer.SGD).learningRate(lr));
        Network pen = oneStep(start, TrainConfig.builder().optimizer(Optimizer.SGD).learningRate(lr).l1(lambda));
        int kept = 0;
        for (int l = 0; l < start.layers(); l++) {
            for (int k = 0; k < start.weights(l).length; k++) {
                float w0 = start.weights(l)[k];
                if (!start.mask().weightAt(l, k)) {
                    assertEquals(0f, pen.weights(l)[k], "pruned weight " + l + "/" + k);
                    continue;
                }
                kept++;
                assertEquals(-lr * lambda * Math.signum(w0), pen.weights(l)[k] - plain.weights(l)[k], 1e-7,
                        "weight " + l + "/" + k);
            }
            for (int o = 0; o < start.biases(l).length; o++) {
                assertEquals(plain.biases(l)[o], pen.biases(l)[o], "bias " + l + "/" + o);
            }
        }
        assertTrue(kept > 40, "kept " + kept);
    }

    @Test
    void aStrongPenaltyMakesAdamsFirstStepShrinkEveryKeptWeightByTheLearningRate() {
        // Adam's first step is w' = w - lr * G / (|G| + eps) with G = g + lambda sign(w) (the moments'
        // bias corrections cancel). With lambda = 10, far above every |g| here, sign(G) = sign(w):
        // each kept weight moves lr towards 0. The penalty is coupled (it enters the moments): a
        // decoupled L1 would move w by lr * lambda = 0.01 instead.
        Network start = masked();
        Network pen = oneStep(start, TrainConfig.builder().l1(10));
        for (int l = 0; l < start.layers(); l++) {
            for (int k = 0; k < start.weights(l).length; k++) {
                float w0 = start.weights(l)[k];
                double expected = start.mask().weightAt(l, k) ? w0 - 1e-3 * Math.signum(w0) : 0;
                assertEquals(expected, pen.weights(l)[k], 1e-7, "weight " + l + "/" + k);
            }
        }
    }

    /** The mean BCE plus {@code lambda * sum |w|}, in double. */
    private static double objective(ReferenceLoss ref, double lambda) {
        double penalty = 0;
        for (double[] layer : ref.w) {
            for (double v : layer) {
                penalty += Math.abs(v);
            }
        }
        return ref.value() + lambda * penalty;
    }

    @Test
    void thePenalisedGradientMatchesFiniteDifferencesOfThePenalisedObjective() {
        double lambda = 0.02;
        Network net = masked();
        Dataset d = DATA.train();
        int rows = 29;
        for (Kernels kern : new Kernels[] {Kernels.scalar(), Kernels.best()}) {
            Engine eng = new Engine(net, rows, kern);
            eng.load(d, null, 0, rows);
            eng.forward();
            eng.loss(null, null, 1.0 / (rows * 2));
            eng.backward();
            Trainer.addL1(net, eng, (float) lambda);
            ReferenceLoss ref = new ReferenceLoss(net, Heads.binary(2), d, rows);
            double h = 1e-6;
            int checked = 0;
            for (int l = 0; l < net.layers(); l++) {
                float[] g = eng.weightGradient(l);
                for (int k = 0; k < ref.w[l].length; k++) {
                    if (!net.mask().weightAt(l, k)) {
                        // Pruned: weight 0, so sign 0, and the data gradient of a pruned weight is masked later.
                        assertEquals(0f, net.weights(l)[k]);
                        continue;
                    }
                    assertTrue(Math.abs(ref.w[l][k]) > 10 * h, "weight too close to the kink of |w|");
                    double fd = ReferenceLoss.slope(ref.w[l], k, h, () -> objective(ref, lambda));
                    assertEquals(fd, g[k], 2e-5 + 1e-3 * Math.abs(fd), kern.name() + " weight " + l + "/" + k);
                    checked++;
                }
            }
            assertTrue(checked > 40, "checked " + checked);
        }
    }
}
