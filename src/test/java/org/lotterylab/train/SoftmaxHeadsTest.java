package org.lotterylab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.lotterylab.data.DataConfig;
import org.lotterylab.data.DataSplit;
import org.lotterylab.data.Dataset;
import org.lotterylab.data.Datasets;
import org.lotterylab.model.Activation;
import org.lotterylab.model.Init;
import org.lotterylab.model.Mask;
import org.lotterylab.model.ModelConfig;
import org.lotterylab.model.Network;
import org.lotterylab.rng.Rng;

/**
 * Multi-class heads: a task with C > 2 classes owns C logits trained with softmax cross-entropy,
 * a binary task one logit with BCE, and the loss is the mean over rows and tasks. The data are
 * synthetic Gaussian blobs built here, since no drawn task has more than two classes.
 */
class SoftmaxHeadsTest {

    private static void checkGradients(Kernels kern, Activation act, double keep) {
        Heads heads = Heads.of(3, 2, 4);
        Dataset d = Datasets.blobs(new int[] {3, 2, 4}, new int[] {2, 2, 3}, 41, 0.7, 5);
        int[] shape = {7, 9, 6, heads.outputs()};
        int rows = 41;
        Network net = new ModelConfig(shape, act, Init.of(Init.Kind.FRAMEWORK_DEFAULT)).initialise(2);
        Rng r = new Rng(3);
        Mask.Builder mb = Mask.full(shape).toBuilder();
        for (int l = 0; l < net.layers(); l++) {
            for (int j = 0; j < net.weights(l).length; j++) {
                mb.weightAt(l, j, r.nextDouble() < keep);
            }
        }
        net.setMask(mb.build());
        Engine eng = new Engine(net, rows, kern, heads);
        eng.load(d, null, 0, rows);
        eng.forward();
        double[] taskLoss = new double[3];
        double sum = eng.loss(taskLoss, new long[3], 1.0 / (rows * 3));
        eng.backward();

        ReferenceLoss ref = new ReferenceLoss(net, heads, d, rows);
        assertEquals(ref.value(), sum / (rows * 3.0), 1e-5, "loss");
        double h = 1e-6;
        int checked = 0;
        for (int l = 0; l < net.layers(); l++) {
            float[] g = eng.weightGradient(l);
            for (int j = 0; j < ref.w[l].length; j++) {
                if (!net.mask().weightAt(l, j)) {
                    continue;
                }
                double fd = ref.slope(ref.w[l], j, h);
                assertEquals(fd, g[j], 2e-5 + 1e-3 * Math.abs(fd), kern.name() + " " + act + " weight " + l + "/" + j);
                checked++;
            }
            for (int j = 0; j < ref.b[l].length; j++) {
                double fd = ref.slope(ref.b[l], j, h);
                assertEquals(fd, eng.gB[l][j], 2e-5 + 1e-3 * Math.abs(fd), kern.name() + " " + act + " bias " + l + "/" + j);
            }
        }
        assertTrue(checked > 20, "checked " + checked + " weights");
    }

    @Test
    void gradientsOfMixedHeadsMatchFiniteDifferences() {
        for (Kernels k : new Kernels[] {Kernels.scalar(), Kernels.best()}) {
            checkGradients(k, Activation.RELU, 1.0);
            checkGradients(k, Activation.SILU, 1.0);
            checkGradients(k, Activation.RELU, 0.3);
        }
    }

    /**
     * Shape [1, 4], all parameters 0, one row x = 1 with labels (2, 1) for a 3-class task (outputs
     * 0..2) and a binary one (output 3). The loss is (ln 3 + ln 2) / 2. Gradients, scaled by 1/2 for
     * the mean over the two tasks: softmax(0,0,0) - onehot(2) = (1/3, 1/3, -2/3) gives
     * (1/6, 1/6, -1/3); sigmoid(0) - 1 = -1/2 gives -1/4. One SGD step with learning rate 0.6 moves
     * each weight and bias by -0.6 times that: (-0.1, -0.1, 0.2, 0.15).
     */
    @Test
    void oneSoftmaxStepByHand() {
        Dataset one = Datasets.of(new float[] {1f}, new float[] {2f, 1f}, 1, 1, new int[][] {{0}, {}});
        Network net = Network.of(new int[] {1, 4}, Activation.RELU, new float[][] {new float[4]},
                new float[][] {new float[4]}, null);
        TrainConfig cfg = TrainConfig.builder().optimizer(Optimizer.SGD).learningRate(0.6).fullBatch()
                .fixedEpochs(1).build();
        TrainResult res = Trainer.fit(net, new DataSplit(one, one.slice(0, 0), one, new double[1], new double[1]),
                Heads.of(3, 2), cfg, new Rng(1), new TrainListener() { });
        assertEquals((Math.log(3) + Math.log(2)) / 2, res.trainLoss()[0], 1e-7);
        float[] expected = {-0.1f, -0.1f, 0.2f, 0.15f};
        assertArrayEquals(expected, net.weights(0), 1e-7f);
        assertArrayEquals(expected, net.biases(0), 1e-7f);
        // After the step the logits are twice that: (-0.2, -0.2, 0.4 | 0.3); class 2 wins the argmax
        // and the binary logit is positive, so both tasks are right.
        double ce = Math.log(2 * Math.exp(-0.2) + Math.exp(0.4)) - 0.4;
        double bce = Math.log1p(Math.exp(-0.3));
        Evaluation e = res.test();
        assertEquals(ce, e.taskLoss(0), 1e-6);
        assertEquals(bce, e.taskLoss(1), 1e-6);
        assertEquals((ce + bce) / 2, e.loss(), 1e-6);
        assertArrayEquals(new double[] {1, 1}, e.taskAccuracy(), 0);
    }

    /**
     * Shape [2, 3] with logits (x0, x1, 0): class 0 when x0 is the largest, 1 when x1 is, 2 when
     * both are negative; a tie goes to the first. Accuracy and loss counted here row by row.
     */
    @Test
    void evaluationTakesTheArgmaxAndTheSoftmaxLoss() {
        Rng rng = new Rng(9);
        int rows = 200;
        float[] x = new float[2 * rows];
        float[] y = new float[rows];
        for (int r = 0; r < rows; r++) {
            x[2 * r] = r == 0 ? 1f : (float) rng.uniform(-1, 1);
            x[2 * r + 1] = r == 0 ? 1f : (float) rng.uniform(-1, 1);
            y[r] = (float) Math.floor(rng.nextDouble() * 3);
        }
        y[0] = 0; // the tie (1, 1, 0): the first of the equal logits, class 0, is right
        Dataset d = Datasets.of(x, y, rows, 2, new int[][] {{0, 1}});
        Network net = Network.of(new int[] {2, 3}, Activation.RELU, new float[][] {{1, 0, 0, 1, 0, 0}},
                new float[][] {new float[3]}, null);
        Evaluation e = Trainer.evaluate(net, d, Heads.of(3));
        int right = 0;
        double loss = 0;
        for (int r = 0; r < rows; r++) {
            double[] z = {x[2 * r], x[2 * r + 1], 0};
            int arg = z[1] > z[0] ? 1 : 0;
            arg = z[2] > z[arg] ? 2 : arg;
            right += arg == (int) y[r] ? 1 : 0;
            loss += Math.log(Math.exp(z[0]) + Math.exp(z[1]) + Math.exp(z[2])) - z[(int) y[r]];
        }
        assertEquals((double) right / rows, e.taskAccuracy(0), 1e-12);
        assertEquals(loss / rows, e.taskLoss(0), 1e-6);
        assertEquals(e.taskAccuracy(0), e.accuracy(), 0);
        assertTrue(right > 60 && right < 140, "a random labelling is right about a third of the time: " + right);
    }

    @Test
    void aThreeClassAndABinaryTaskAreBothLearned() {
        Dataset all = Datasets.blobs(new int[] {3, 2}, new int[] {2, 2}, 900, 0.35, 11);
        DataSplit data = new DataSplit(all.slice(0, 500), all.slice(500, 700), all.slice(700, 900), new double[4],
                new double[4]);
        Heads heads = Heads.of(3, 2);
        Network net = ModelConfig.of(4, 24, heads.outputs()).initialise(3);
        TrainResult r = Trainer.fit(net, data, heads, TrainConfig.builder().fixedEpochs(60).build(), new Rng(4),
                new TrainListener() { });
        Evaluation e = r.test();
        assertTrue(e.taskAccuracy(0) > 0.9 && e.taskAccuracy(1) > 0.9, java.util.Arrays.toString(e.taskAccuracy()));
        assertEquals((e.taskLoss(0) + e.taskLoss(1)) / 2, e.loss(), 1e-12);
        // The trainer's final test evaluation is the public evaluation of the trained net.
        Evaluation again = Trainer.evaluate(net, data.test(), heads);
        assertArrayEquals(e.taskLoss(), again.taskLoss(), 1e-12);
        assertArrayEquals(e.taskAccuracy(), again.taskAccuracy(), 0);
    }

    @Test
    void labelsThatAreNoClassIndexAndMisfitNetsAreRefusedByName() {
        Dataset d = Datasets.blobs(new int[] {3}, new int[] {2}, 30, 0.5, 1);
        Network binary = ModelConfig.of(2, 4, 1).initialise(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Trainer.evaluate(binary, d));
        assertTrue(e.getMessage().contains("2-class task") && e.getMessage().contains("Heads.of"), e.getMessage());
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> Trainer.evaluate(binary, d, Heads.of(3)));
        assertTrue(size.getMessage().contains("[2, ..., 3]"), size.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Heads.of(3, 1));
    }

    @Test
    void headsFollowTheDataConfigsTasks() {
        Heads toy = Heads.of(DataConfig.circlesMoons());
        assertEquals(Heads.binary(2), toy);
        assertEquals(DataConfig.circlesMoons().outputCount(), toy.outputs());
        Heads mixed = Heads.of(2, 10, 3);
        assertEquals(14, mixed.outputs());
        assertArrayEquals(new int[] {0, 1, 11}, new int[] {mixed.firstOutput(0), mixed.firstOutput(1), mixed.firstOutput(2)});
        assertArrayEquals(new int[] {1, 10, 3}, new int[] {mixed.outputs(0), mixed.outputs(1), mixed.outputs(2)});
    }
}
