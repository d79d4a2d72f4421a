package org.lotterylab.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lotterylab.experiment.ExperimentConfig;
import org.lotterylab.experiment.Fixtures;
import org.lotterylab.prune.ImpListener;
import org.lotterylab.prune.Schedule;
import org.lotterylab.train.Trainer;
import org.lotterylab.train.TrainingInterruptedException;

/**
 * A stored run whose training thread is interrupted mid-level (as the notebook's Kernel &gt;
 * Interrupt does) keeps its finished levels and, computed again, resumes to the same files as a
 * run that was never interrupted: on one thread, and on two, where the level before the
 * interrupted one was still waiting for its analysis to be stored ({@code Recorder}).
 */
class RunStoreInterruptTest {
    @TempDir
    Path tmp;

    @Test
    void aRunInterruptedMidLevelResumesToTheUninterruptedResult() throws Exception {
        interruptAndResume(Fixtures.tiny(), 1);
    }

    @Test
    void aRunOnTwoThreadsStoresTheLevelWhoseAnalysisWasPendingWhenInterrupted() throws Exception {
        interruptAndResume(Fixtures.wide(), 2);
    }

    private void interruptAndResume(ExperimentConfig c, int threads) throws Exception {
        StoredRun ref = RunStore.at(tmp.resolve("whole")).run(c);
        RunStore store = RunStore.at(tmp.resolve("interrupted"));

        // The training thread waits at level 2, epoch 3 until another thread interrupts it.
        CountDownLatch reached = new CountDownLatch(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread training = new Thread(() -> {
            try {
                Trainer.setThreads(threads);
                store.run(c, new ImpListener() {
                    @Override
                    public void onEpoch(int level, int epoch, double trainLoss, double validationLoss) {
                        if (level == 2 && epoch == 3) {
                            reached.countDown();
                            while (!Thread.currentThread().isInterrupted()) {
                                Thread.onSpinWait();
                            }
                        }
                    }
                });
            } catch (Throwable t) {
                thrown.set(t);
            }
        }, "training");
        training.start();
        assertTrue(reached.await(60, TimeUnit.SECONDS), "training never reached level 2, epoch 3");
        training.interrupt();
        training.join(60_000);
        assertFalse(training.isAlive(), "the interrupted training thread did not end");

        TrainingInterruptedException e = assertInstanceOf(TrainingInterruptedException.class, thrown.get());
        assertTrue(e.getMessage().startsWith("IMP level 2: training was interrupted in epoch 4 "), e.getMessage());
        assertTrue(e.getMessage().contains("levels 0-1 are finished"), e.getMessage());
        StoredRun partial = store.find(c).orElseThrow();
        assertEquals(RunStatus.PARTIAL, partial.status());
        assertEquals(2, partial.levelCount());

        int[] first = {-1};
        StoredRun resumed = store.run(c, new ImpListener() {
            @Override
            public void onStart(Schedule s, int firstLevel) {
                first[0] = firstLevel;
            }
        });
        assertEquals(2, first[0], "the run did not resume at the interrupted level");
        assertEquals(RunStatus.COMPLETE, resumed.status());
        assertSameFiles(ref, resumed);
    }

    /** Two stored runs hold the same levels.csv (but for the wall times), curves.csv and level files. */
    static void assertSameFiles(StoredRun ref, StoredRun other) throws IOException {
        assertEquals(ref.levelCount(), other.levelCount());
        assertEquals(withoutSeconds(ref.dir().resolve("levels.csv")), withoutSeconds(other.dir().resolve("levels.csv")));
        assertEquals(Files.readString(ref.dir().resolve("curves.csv")), Files.readString(other.dir().resolve("curves.csv")));
        for (int t = 0; t < ref.levelCount(); t++) {
            try (Stream<Path> files = Files.list(ref.levelDir(t))) {
                // A level's manifest also covers its levels.csv row, whose wall time differs; the
                // files it lists are compared here byte for byte.
                for (Path f : files.filter(f -> !f.getFileName().toString().equals("manifest.json")).toList()) {
                    assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(other.levelDir(t).resolve(f.getFileName())),
                            "level " + t + " " + f.getFileName());
                }
            }
        }
    }

    /** levels.csv without its last column, the wall time in seconds. */
    private static String withoutSeconds(Path csv) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String line : Files.readAllLines(csv)) {
            sb.append(line, 0, line.lastIndexOf(',')).append('\n');
        }
        return sb.toString();
    }
}
