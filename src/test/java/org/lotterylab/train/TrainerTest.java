package org.lotterylab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.lotterylab.data.DataConfig;
import org.lotterylab.data.DataSplit;
import org.lotterylab.model.Init;
import org.lotterylab.model.Mask;
import org.lotterylab.model.ModelConfig;
import org.lotterylab.model.Network;
import org.lotterylab.rng.Rng;

class TrainerTest {
    private static final DataSplit DATA = DataConfig.builder().tasks(DataConfig.circlesMoons().tasks())
            .rowsPerTask(1000).build().generate(0);

    @Test
    void aThreadBudgetSupplierIsReadAfreshAndNeverBelowOne() {
        int before = Trainer.threads();
        var budget = new java.util.concurrent.atomic.AtomicInteger(1);
        try {
            Trainer.setThreads(budget::get);
            assertEquals(1, Trainer.threads());
            budget.set(2);
            assertEquals(2, Trainer.threads());
            budget.set(0);
            assertEquals(1, Trainer.threads());
            assertThrows(NullPointerException.class, () -> Trainer.setThreads((java.util.function.IntSupplier) null));
        } finally {
            Trainer.setThreads(before);
        }
    }

    @Test
    void learnsBothTasks() {
        Network net = ModelConfig.of(4, 16, 16, 2).initialise(1);
        TrainResult r = Trainer.fit(net, DATA, TrainConfig.builder().learningRate(1e-2).maxEpochs(400).build(), new Rng(2));
        assertTrue(r.test().taskAccuracy(0) > 0.95, "circles " + r.test().taskAccuracy(0));
        assertTrue(r.test().taskAccuracy(1) > 0.95, "moons " + r.test().taskAccuracy(1));
        assertTrue(r.bestValidationLoss() < r.validationLoss()[0]);
        assertEquals(r.trainLoss().length, r.epochs());
    }

    @Test
    void prunedWeightsStayExactlyZeroAndKeptOnesTrain() {
        Network net = ModelConfig.of(4, 16, 16, 2).withInit(Init.of(Init.Kind.FRAMEWORK_DEFAULT)).initialise(1);
        Rng r = new Rng(5);
        Mask.Builder mb = Mask.full(4, 16, 16, 2).toBuilder();
        for (int l = 0; l < 3; l++) {
            for (int k = 0; k < net.weights(l).length; k++) {
                mb.weightAt(l, k, r.nextDouble() < 0.5);
            }
        }
        mb.bias(1, 3, false);
        net.setMask(mb.build());
        Network before = net.copy();
        for (TrainConfig cfg : new TrainConfig[] {
                TrainConfig.builder().fixedEpochs(5).build(),
                TrainConfig.builder().optimizer(Optimizer.ADAMW).fixedEpochs(5).build(),
                TrainConfig.builder().optimizer(Optimizer.SGD).momentum(0.9).weightDecay(1e-3).learningRate(0.05).fixedEpochs(5).build()}) {
            Network n = before.copy();
            Trainer.fit(n, DATA, cfg, new Rng(1));
            int moved = 0;
            for (int l = 0; l < 3; l++) {
                for (int k = 0; k < n.weights(l).length; k++) {
                    if (!n.mask().weightAt(l, k)) {
                        assertEquals(0f, n.weights(l)[k], cfg.optimizer() + " layer " + l + " weight " + k);
                    } else if (n.weights(l)[k] != before.weights(l)[k]) {
                        moved++;
                    }
                }
            }
            assertEquals(0f, n.biases(1)[3], "pruned bias");
            // Kept weights of dead units get no gradient; most others move.
            assertTrue(moved > n.mask().keptWeights() / 2, cfg.optimizer() + ": kept weights train, moved " + moved);
        }
    }

    @Test
    void sameSeedsGiveBitIdenticalResults() {
        TrainConfig cfg = TrainConfig.builder().maxEpochs(40).build();
        Network a = ModelConfig.of(4, 12, 12, 2).initialise(3);
        Network b = ModelConfig.of(4, 12, 12, 2).initialise(3);
        TrainResult ra = Trainer.fit(a, DATA, cfg, new Rng(4));
        TrainResult rb = Trainer.fit(b, DATA, cfg, new Rng(4));
        for (int l = 0; l < 3; l++) {
            assertArrayEquals(a.weights(l), b.weights(l));
            assertArrayEquals(a.biases(l), b.biases(l));
        }
        assertArrayEquals(ra.validationLoss(), rb.validationLoss());
        Network c = ModelConfig.of(4, 12, 12, 2).initialise(3);
        Trainer.fit(c, DATA, cfg, new Rng(5));
        assertNotEquals(a.weights(1)[0], c.weights(1)[0], "another order seed gives another run");
    }

    @Test
    void fullBatchAndLossCutoff() {
        Network net = ModelConfig.of(4, 16, 2).initialise(1);
        TrainResult r = Trainer.fit(net, DATA, TrainConfig.builder().fullBatch().learningRate(0.05).lossCutoff(0.4).build(),
                new Rng(1));
        assertEquals(TrainResult.StopReason.LOSS_CUTOFF, r.stopReason());
        assertTrue(r.validationLoss()[r.epochs() - 1] < 0.4);
        assertEquals(r.epochs(), r.steps(), "one step per epoch with the full batch");
    }

    @Test
    void restoreBestPutsBackTheWeightsOfTheBestEpoch() {
        // A learning rate this high makes the validation loss bounce, so the last epoch is not the best.
        Network net = ModelConfig.of(4, 16, 2).initialise(1);
        TrainConfig cfg = TrainConfig.builder().learningRate(0.3).patience(5).restoreBest(true).build();
        TrainResult r = Trainer.fit(net, DATA, cfg, new Rng(1));
        if (r.bestEpoch() != r.epochs()) {
            assertTrue(r.restoredBest());
            assertEquals(r.bestValidationLoss(), r.validation().loss(), 1e-6);
        }
    }

    @Test
    void aBatchLargerThanTheDataIsRejected() {
        Network net = ModelConfig.of(4, 8, 2).initialise(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Trainer.fit(net, DATA, TrainConfig.builder().batchSize(5000).build(), new Rng(1)));
        assertTrue(e.getMessage().contains("batchSize 5000") && e.getMessage().contains("FULL_BATCH"), e.getMessage());
    }

    @Test
    void aModelThatDoesNotFitTheDataIsRejected() {
        Network net = ModelConfig.of(3, 8, 2).initialise(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Trainer.fit(net, DATA, TrainConfig.defaults(), new Rng(1)));
        assertTrue(e.getMessage().contains("[4, ..., 2]"), e.getMessage());
    }

    @Test
    void aDivergingLossNamesTheEpoch() {
        Network net = ModelConfig.of(4, 8, 2).withInit(Init.normal(0, 1e30)).initialise(1);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> Trainer.fit(net, DATA, TrainConfig.defaults(), new Rng(1)));
        assertTrue(e.getMessage().contains("epoch 1"), e.getMessage());
    }

    @Test
    void anInterruptStopsTrainingBeforeTheNextMinibatchAndNamesTheEpoch() {
        int batch = 64;
        long stepsPerEpoch = (DATA.train().rows() + batch - 1) / batch;
        long interruptAt = stepsPerEpoch + 3; // the 4th minibatch of epoch 2
        long[] lastStep = {0};
        Network net = ModelConfig.of(4, 8, 2).initialise(1);
        try {
            TrainingInterruptedException e = assertThrows(TrainingInterruptedException.class, () -> Trainer.fit(net, DATA,
                    TrainConfig.builder().batchSize(batch).maxEpochs(50).build(), new Rng(1), new TrainListener() {
                        @Override
                        public void onStep(long step, Network n) {
                            lastStep[0] = step;
                            if (step == interruptAt) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    }));
            assertEquals(interruptAt, lastStep[0], "a minibatch was trained after the interrupt");
            assertEquals(2, e.epoch());
            assertTrue(e.getMessage().contains("interrupted in epoch 2 (after step " + interruptAt + ")"), e.getMessage());
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt status must stay set for the caller");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void invalidConfigsNameTheField() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrainConfig.builder().learningRate(-1).build())
                .getMessage().contains("learningRate"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrainConfig.builder().patience(0).build())
                .getMessage().contains("patience"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrainConfig.builder().batchSize(0).build())
                .getMessage().contains("batchSize"));
    }

    @Test
    void evaluationCountsAccuracyPerTask() {
        // A network whose output is constant (all weights 0, bias +1 on task 0, -1 on task 1)
        // predicts class 1 for task 0 and class 0 for task 1: accuracy = the share of such labels.
        Network net = Network.of(new int[] {4, 2}, org.lotterylab.model.Activation.RELU,
                new float[][] {new float[8]}, new float[][] {{1f, -1f}}, null);
        Evaluation e = Trainer.evaluate(net, DATA.test());
        double ones = 0;
        double zeros = 0;
        for (int r = 0; r < DATA.test().rows(); r++) {
            ones += DATA.test().y(r, 0);
            zeros += 1 - DATA.test().y(r, 1);
        }
        assertEquals(ones / DATA.test().rows(), e.taskAccuracy(0), 1e-12);
        assertEquals(zeros / DATA.test().rows(), e.taskAccuracy(1), 1e-12);
        // BCE of logit 1 on label 1 is log(1 + e^-1); on label 0 it is log(1 + e).
        double expected = (ones * Math.log1p(Math.exp(-1)) + (DATA.test().rows() - ones) * Math.log1p(Math.E)) / DATA.test().rows();
        assertEquals(expected, e.taskLoss(0), 1e-6);
    }
}
