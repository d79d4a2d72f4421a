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

    /** The rows of levels.csv on disk when each level's listeners are called, after the recorder's. */
    private static List<Integer> storedRowsAtEachLevel(Path root, ExperimentConfig c, List<StoredRun> out) {
        List<Integer> seen = new ArrayList<>();
        RunStore store = RunStore.at(root);
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
    }

    @Test
    void aToyNetworkIsStoredAtOnceOnAnyBudget() {
        Trainer.setThreads(2);
        assertEquals(List.of(1, 2, 3, 4), storedRowsAtEachLevel(tmp.resolve("toy"), Fixtures.tiny(), new ArrayList<>()));
    }
}
