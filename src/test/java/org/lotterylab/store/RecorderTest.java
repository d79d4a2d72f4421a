package org.lotterylab.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lotterylab.experiment.ExperimentConfig;
import org.lotterylab.experiment.Fixtures;
import org.lotterylab.prune.ImpListener;
import org.lotterylab.progress.Progress;
import org.lotterylab.prune.LevelResult;
import org.lotterylab.train.Trainer;

/**
 * When the {@link Recorder} writes a level: at once on one thread; on two, for a network large
 * enough for its analysis to take a helper thread, after the next level has trained (the
 * analysis computed meanwhile), and at the end for the last. Either way the same files.
 */
class RecorderTest {
    @TempDir
    Path tmp;

    @AfterEach
    void restoreBudget() {
        Trainer.setThreads(Runtime.getRuntime()::availableProcessors);
    }

    /** Every status update of the runs below, in order, unthrottled. */
    private final List<String> updates = new ArrayList<>();

    /** The rows of levels.csv on disk when each level's listeners are called, after the recorder's. */
    private List<Integer> storedRowsAtEachLevel(Path root, ExperimentConfig c, List<StoredRun> out) {
        List<Integer> seen = new ArrayList<>();
        RunStore store = RunStore.at(root).withProgress(new Progress() {
            @Override
            public void line(String text) {
            }

            @Override
            public Status status() {
                return new Status() {
                    @Override
                    public void update(String text) {
                        updates.add(text.replaceFirst("^run \\w+: ", ""));
                    }

                    @Override
                    public void close() {
                    }
                };
            }
        });
        out.add(store.run(c, new ImpListener() {
            @Override
            public Control onLevel(LevelResult r) {
                Path csv = store.find(c).orElseThrow().dir().resolve(RunDir.LEVELS_CSV);
                try {
                    seen.add(Files.exists(csv) ? Files.readAllLines(csv).size() - 1 : 0);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return Control.CONTINUE;
            }
        }));
        return seen;
    }

    @Test
    void onTwoThreadsALevelIsStoredOnceTheNextHasTrainedWithTheFilesOfOneThread() throws IOException {
        ExperimentConfig c = Fixtures.wide();
        List<StoredRun> runs = new ArrayList<>();
        Trainer.setThreads(1);
        assertEquals(List.of(1, 2, 3, 4), storedRowsAtEachLevel(tmp.resolve("one"), c, runs),
                "one thread: each level stored before the next trains");
        Trainer.setThreads(2);
        assertEquals(List.of(0, 1, 2, 3), storedRowsAtEachLevel(tmp.resolve("two"), c, runs),
                "two threads: level t stored when level t+1 has trained");
        assertEquals(RunStatus.COMPLETE, runs.get(1).status());
        RunStoreInterruptTest.assertSameFiles(runs.get(0), runs.get(1));
        // The progress says so: a level is first "trained", then "done" once stored.
        List<String> levelLines = updates.stream().filter(u -> u.startsWith("level ")).map(u -> u.substring(0, u.indexOf(',')))
                .toList();
        assertEquals(List.of("level 0/3 done", "level 1/3 done", "level 2/3 done", "level 3/3 done",
                "level 0/3 trained (stored when level 1 has trained)", "level 0/3 done",
                "level 1/3 trained (stored when level 2 has trained)", "level 1/3 done",
                "level 2/3 trained (stored when level 3 has trained)", "level 2/3 done",
                "level 3/3 trained (stored once analysed)", "level 3/3 done"), levelLines);
    }

    @Test
    void aToyNetworkIsStoredAtOnceOnAnyBudget() {
        Trainer.setThreads(2);
        assertEquals(List.of(1, 2, 3, 4), storedRowsAtEachLevel(tmp.resolve("toy"), Fixtures.tiny(), new ArrayList<>()));
    }
}
