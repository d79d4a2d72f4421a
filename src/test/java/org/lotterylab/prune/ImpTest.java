package org.lotterylab.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lotterylab.data.DataConfig;
import org.lotterylab.data.DataSplit;
import org.lotterylab.data.Dataset;
import org.lotterylab.data.Datasets;
import org.lotterylab.model.Init;
import org.lotterylab.model.Mask;
import org.lotterylab.model.ModelConfig;
import org.lotterylab.model.Network;
import org.lotterylab.rng.Seeds;
import org.lotterylab.train.Evaluation;
import org.lotterylab.train.Heads;
import org.lotterylab.train.TrainConfig;
import org.lotterylab.train.Trainer;
import org.lotterylab.train.TrainingDivergedException;
import org.lotterylab.train.TrainingInterruptedException;

class ImpTest {
    private static final DataSplit DATA = DataConfig.builder().tasks(DataConfig.circlesMoons().tasks())
            .rowsPerTask(200).build().generate(0);
    private static final ModelConfig MODEL = ModelConfig.of(4, 8, 8, 2);
    private static final TrainConfig TRAIN = TrainConfig.builder().maxEpochs(15).patience(5).build();

    private static Imp imp(PruneConfig p) {
        return Imp.of(DATA, MODEL, TRAIN, p, Seeds.of(1));
    }

    @Test
    void followsTheTrajectoryWithNestedMasksPruningTheSmallestWeights() {
        ImpRun run = imp(PruneConfig.builder().target(20).levels(4).build()).run();
        int[] traj = run.schedule().trajectory();
        assertEquals(5, run.levels().size());
        for (int t = 0; t <= 4; t++) {
            assertEquals(traj[t], run.level(t).mask().keptWeights(), "level " + t);
        }
        for (int t = 1; t <= 4; t++) {
            Network before = run.level(t - 1).trained();
            Mask m = run.level(t).mask();
            float maxPruned = 0;
            float minKept = Float.MAX_VALUE;
            for (int l = 0; l < 3; l++) {
                for (int k = 0; k < before.weights(l).length; k++) {
                    if (m.weightAt(l, k)) {
                        assertTrue(before.mask().weightAt(l, k), "masks only shrink");
                        minKept = Math.min(minKept, Math.abs(before.weights(l)[k]));
                    } else if (before.mask().weightAt(l, k)) {
                        maxPruned = Math.max(maxPruned, Math.abs(before.weights(l)[k]));
                    }
                }
            }
            assertTrue(maxPruned <= minKept, "level " + t + " pruned the smallest magnitudes");
        }
    }

    @Test
    void resetToInitRestoresTheInitialValuesOfKeptWeights() {
        ImpRun run = imp(PruneConfig.builder().target(30).levels(2).build()).run();
        Network init = MODEL.initialise(1);
        Network level2 = run.level(2).initial();
        for (int l = 0; l < 3; l++) {
            for (int k = 0; k < init.weights(l).length; k++) {
                float expected = level2.mask().weightAt(l, k) ? init.weights(l)[k] : 0f;
                assertEquals(expected, level2.weights(l)[k]);
            }
            assertArrayEquals(init.biases(l), level2.biases(l));
        }
    }

    @Test
    void rewindRestoresTheWeightsAfterKSteps() {
        ImpRun run = imp(PruneConfig.builder().target(30).levels(1).reset(Reset.rewind(3)).build()).run();
        Network rewound = run.resetSource();
        Network init = MODEL.initialise(1);
        assertNotEquals(init.weights(1)[0], rewound.weights(1)[0], "three steps moved the weights");
        Network level1 = run.level(1).initial();
        for (int k = 0; k < 64; k++) {
            assertEquals(level1.mask().weightAt(1, k) ? rewound.weights(1)[k] : 0f, level1.weights(1)[k]);
        }
    }

    @Test
    void reinitDrawsNewWeightsFromTheSameDistribution() {
        ImpRun run = imp(PruneConfig.builder().target(30).levels(2).reset(Reset.reinit()).build()).run();
        Network init = MODEL.initialise(1);
        Network l1 = run.level(1).initial();
        int same = 0;
        for (int k = 0; k < 64; k++) {
            if (l1.mask().weightAt(1, k) && l1.weights(1)[k] == init.weights(1)[k]) {
                same++;
            }
        }
        assertEquals(0, same);
        assertFalse(java.util.Arrays.equals(run.level(1).initial().weights(1), run.level(2).initial().weights(1)));
    }

    @Test
    void randomPruningKeepsTheCounts() {
        ImpRun run = imp(PruneConfig.builder().target(30).levels(3).method(PruneConfig.Method.RANDOM).build()).run();
        int[] traj = run.schedule().trajectory();
        for (int t = 0; t <= 3; t++) {
            assertEquals(traj[t], run.level(t).mask().keptWeights());
        }
    }

    @Test
    void extensionStartsWideAndEndsAtTheBaseTrajectory() {
        ImpRun run = imp(PruneConfig.builder().rate(0.5).levels(1).extension(1).build()).run();
        // Base P0 = 112 with rate 0.5: shape_1 = [4,12,12,2] (216 weights), then 112, then 56.
        assertArrayEquals(new int[] {4, 12, 12, 2}, run.level(0).trained().shape());
        assertEquals(216, run.level(0).mask().keptWeights());
        assertEquals(112, run.level(1).mask().keptWeights());
        assertEquals(56, run.level(2).mask().keptWeights());
    }

    @Test
    void aResumedRunEqualsAnUninterruptedOne() {
        PruneConfig p = PruneConfig.builder().target(20).levels(4).build();
        ImpRun full = imp(p).run();
        List<LevelResult> firstTwo = new ArrayList<>(full.levels().subList(0, 2));
        ImpRun resumed = imp(p).resume(firstTwo, full.resetSource());
        for (int l = 0; l < 3; l++) {
            assertArrayEquals(full.last().trained().weights(l), resumed.last().trained().weights(l));
        }
        assertEquals(full.last().training().epochs(), resumed.last().training().epochs());
    }

    @Test
    void aListenerCanStopTheRunAndSeesEveryLevel() {
        List<Integer> seen = new ArrayList<>();
        ImpRun run = imp(PruneConfig.builder().target(20).levels(4).build()).listen(new ImpListener() {
            @Override
            public Control onLevel(LevelResult level) {
                seen.add(level.level());
                return level.level() == 2 ? Control.STOP : Control.CONTINUE;
            }
        }).run();
        assertEquals(List.of(0, 1, 2), seen);
        assertTrue(run.stopped());
        assertEquals(3, run.levels().size());
    }

    @Test
    void anInterruptMidLevelStopsTheRunAndTheFinishedLevelsResumeToTheSameResult() {
        PruneConfig p = PruneConfig.builder().target(20).levels(4).build();
        ImpRun full = imp(p).run();
        List<LevelResult> finished = new ArrayList<>();
        try {
            TrainingInterruptedException e = assertThrows(TrainingInterruptedException.class, () -> imp(p).listen(new ImpListener() {
                @Override
                public Control onLevel(LevelResult level) {
                    finished.add(level);
                    return Control.CONTINUE;
                }

                @Override
                public void onEpoch(int level, int epoch, double trainLoss, double validationLoss) {
                    if (level == 2 && epoch == 3) {
                        Thread.currentThread().interrupt();
                    }
                }
            }).run());
            // Seen before the first minibatch of epoch 4.
            assertTrue(e.getMessage().startsWith("IMP level 2: training was interrupted in epoch 4 "), e.getMessage());
            assertTrue(e.getMessage().contains("levels 0-1 are finished") && e.getMessage().contains("resumes at level 2"),
                    e.getMessage());
            assertEquals(4, e.epoch());
        } finally {
            Thread.interrupted();
        }
        assertEquals(List.of(0, 1), finished.stream().map(LevelResult::level).toList());
        // Reset to init: the reset source is level 0's initial network.
        ImpRun resumed = imp(p).resume(finished, finished.get(0).initial());
        for (int t = 0; t <= 4; t++) {
            for (int l = 0; l < 3; l++) {
                assertArrayEquals(full.level(t).trained().weights(l), resumed.level(t).trained().weights(l), "level " + t);
            }
        }
    }

    @Test
    void aLevelFinishedWhenTheInterruptCameIsStillHandedOverThenTheRunStops() throws Exception {
        PruneConfig p = PruneConfig.builder().target(20).levels(4).build();
        int lastEpochOfLevel1 = imp(p).run().level(1).training().epochs();
        Path scratch = Files.createTempFile("imp-interrupt", ".txt");
        List<Integer> recorded = new ArrayList<>();
        try {
            TrainingInterruptedException e = assertThrows(TrainingInterruptedException.class, () -> imp(p).listen(new ImpListener() {
                @Override
                public void onEpoch(int level, int epoch, double trainLoss, double validationLoss) {
                    if (level == 1 && epoch == lastEpochOfLevel1) {
                        Thread.currentThread().interrupt(); // after the level's last minibatch
                    }
                }

                @Override
                public Control onLevel(LevelResult level) {
                    assertFalse(Thread.currentThread().isInterrupted(), "the interrupt must be held back from listeners");
                    // NIO writes fail on an interrupted thread (ClosedByInterruptException): this one must not.
                    assertDoesNotThrow(() -> Files.writeString(scratch, "level " + level.level()));
                    recorded.add(level.level());
                    return Control.CONTINUE;
                }
            }).run());
            assertEquals(List.of(0, 1), recorded);
            assertTrue(e.getMessage().startsWith("IMP level 2: interrupted before its training began; levels 0-1 are finished"),
                    e.getMessage());
            assertEquals(0, e.epoch());
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
            Files.deleteIfExists(scratch);
        }
    }

    @Test
    void divergenceNamesTheLevel() {
        ModelConfig bad = MODEL.withInit(Init.normal(0, 1e30));
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> Imp.of(DATA, bad, TRAIN, PruneConfig.builder().target(20).levels(2).build(), Seeds.of(1)).run());
        assertTrue(e.getMessage().startsWith("level 0:") && e.getMessage().contains("epoch 1"), e.getMessage());
    }

    @Test
    void aTargetAboveP0IsRejectedBeforeTraining() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> imp(PruneConfig.builder().target(500).levels(2).build()));
        assertTrue(e.getMessage().contains("P0 = 112"), e.getMessage());
    }

    @Test
    void aModelThatDoesNotFitTheDataIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Imp.of(DATA, ModelConfig.of(6, 8, 2), TRAIN, PruneConfig.builder().target(20).levels(2).build(), Seeds.of(1)));
        assertTrue(e.getMessage().contains("does not fit the data"), e.getMessage());
    }

    /**
     * A 4-class task (outputs 0..3) beside a binary one (output 4): every level trains with the
     * head layout, and its stored test evaluation is the layout's evaluation of its trained net.
     */
    @Test
    void multiClassHeadsReachEveryLevelsEvaluation() {
        Dataset all = Datasets.blobs(new int[] {4, 2}, new int[] {2, 2}, 400, 0.4, 3);
        DataSplit data = new DataSplit(all.slice(0, 200), all.slice(200, 300), all.slice(300, 400), new double[4],
                new double[4]);
        Heads heads = Heads.of(4, 2);
        ModelConfig model = ModelConfig.of(4, 12, 12, 5);
        ImpRun run = Imp.of(data, heads, model, TrainConfig.builder().maxEpochs(60).patience(10).build(),
                PruneConfig.builder().target(60).levels(2).build(), Seeds.of(1)).run();
        assertEquals(3, run.levels().size());
        for (LevelResult level : run.levels()) {
            Evaluation e = level.training().test();
            Evaluation ref = Trainer.evaluate(level.trained(), data.test(), heads);
            assertArrayEquals(ref.taskLoss(), e.taskLoss(), 1e-12, "level " + level.level());
            assertArrayEquals(ref.taskAccuracy(), e.taskAccuracy(), 0, "level " + level.level());
        }
        // Chance is 1/4 for the 4-class task, 1/2 for the binary one.
        Evaluation dense = run.level(0).training().test();
        assertTrue(dense.taskAccuracy(0) > 0.6 && dense.taskAccuracy(1) > 0.8, java.util.Arrays.toString(dense.taskAccuracy()));
        // Without the layout every output would be a task of its own: refused before training.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Imp.of(data, model, TRAIN,
                PruneConfig.defaults(), Seeds.of(1)));
        assertTrue(e.getMessage().contains("Heads[2, 2] need 2 outputs"), e.getMessage());
    }
}
