package org.lotterylab.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lotterylab.data.DataSplit;
import org.lotterylab.metrics.Lesions;
import org.lotterylab.metrics.TaskLayout;
import org.lotterylab.model.Network;
import org.lotterylab.study.LesionSummaries;
import org.lotterylab.train.Trainer;
import tech.tablesaw.api.Table;

/** Lesions stored with a run ({@code analysis.lesions}): which levels, the values, the tables. */
class StoredLesionsTest {
    @TempDir
    Path tmp;

    /** circles+moons, 400 rows, [4,12,12,2] pruned in 8 levels to 30 weights: seed 0 splits at level 8. */
    private static ExperimentConfig splitting() {
        return ExperimentConfig.fromJson("{\"data\": {\"tasks\": \"circles+moons\", \"rowsPerTask\": 400},"
                + " \"model\": {\"shape\": [4, 12, 12, 2]}, \"training\": {\"maxEpochs\": 100, \"patience\": 10},"
                + " \"pruning\": {\"target\": 30, \"levels\": 8}}");
    }

    /** The lesions of level t worked out again from the stored trained net and the regenerated test set. */
    private static Lesions recomputed(StoredRun r, int t) {
        ExperimentConfig c = r.config();
        DataSplit data = c.data().generate(c.seeds().data());
        Network trained = r.trained(t);
        return Lesions.of(trained, TaskLayout.of(c.data().taskInputs(), c.data().taskOutputs()),
                n -> Trainer.evaluate(n, data.test()).taskAccuracy());
    }

    private static void assertSame(Lesions want, Lesions got) {
        assertArrayEquals(want.before(), got.before());
        for (int s = 0; s < want.tasks(); s++) {
            assertArrayEquals(want.drop()[s], got.drop()[s]);
        }
        assertArrayEquals(want.sharedDrop(), got.sharedDrop());
        assertArrayEquals(want.onlyWeights(), got.onlyWeights());
        assertEquals(want.sharedWeights(), got.sharedWeights());
        assertEquals(want.crossWeights(), got.crossWeights());
    }

    @Test
    void byDefaultOnlyTheSplitLevelIsLesionedAndTheHashIsUnchanged() {
        ExperimentConfig c = splitting();
        assertEquals(c.hash(), c.with("analysis.lesions", "split").hash());
        assertEquals(c.canonicalJson(), c.with("analysis.lesions", "split").canonicalJson());
        StoredRun r = RunStore.at(tmp).run(c);
        int split = r.summary().orElseThrow().get("splitLevel").asInt(-1);
        assertEquals(8, split, "the fixture is meant to split");
        for (int t = 0; t < r.levelCount(); t++) {
            assertEquals(t == split, r.lesions(t).isPresent(), "level " + t);
        }
        Lesions les = r.lesions(split).orElseThrow();
        assertSame(recomputed(r, split), les);
        // At a split no weight is shared and no task's own weights feed another task's output.
        assertEquals(0, les.sharedWeights());
        assertEquals(0.0, les.drop()[0][1]);
        assertEquals(0.0, les.drop()[1][0]);
        assertTrue(les.drop()[0][0] > 0 || les.drop()[1][1] > 0, "removing a task's own weights costs it accuracy");
        assertTrue(RunStore.at(tmp).list(true).get(0).problem() == null, "the lesions file is covered by the checksums");

        Table summary = LesionSummaries.of(Runs.of(RunStore.at(tmp).list()));
        assertEquals(1, summary.rowCount());
        assertEquals(split, summary.intColumn("level").getInt(0));
        assertEquals(split, summary.intColumn("split_level").getInt(0));
        assertTrue(summary.booleanColumn("only_diagonal").get(0));
        assertEquals(Math.min(les.drop()[0][0], les.drop()[1][1]), summary.doubleColumn("diagonal_min").getDouble(0));
        Table longForm = r.lesions();
        assertEquals(3 * 2, longForm.rowCount(), "two own lesions and the shared one, two tasks each");
        assertEquals(les.drop()[1][0], longForm.doubleColumn("drop").getDouble(1), "own lesion of task 0, task 1 measured");
        assertEquals(6, Runs.of(RunStore.at(tmp).list()).lesions().rowCount());
    }

    @Test
    void allLesionsEveryLevelAndNoneNoLevel() {
        StoredRun all = RunStore.at(tmp).run(Fixtures.tiny().with("analysis.lesions", "all"));
        for (int t = 0; t < all.levelCount(); t++) {
            assertSame(recomputed(all, t), all.lesions(t).orElseThrow());
        }
        // Level 0 is dense [4,6,6,2]: a first-layer weight starts at one task's input and an output
        // weight ends at one task's output, so each is its task's own (2 * 6 + 6 per task); the 36
        // hidden-to-hidden weights lie on both tasks' paths; none crosses only.
        Lesions dense = all.lesions(0).orElseThrow();
        assertArrayEquals(new int[] {18, 18}, dense.onlyWeights());
        assertEquals(36, dense.sharedWeights());
        assertEquals(0, dense.crossWeights());
        StoredRun none = RunStore.at(tmp).run(splitting().with("analysis.lesions", "none"));
        for (int t = 0; t < none.levelCount(); t++) {
            assertFalse(none.lesions(t).isPresent());
            assertFalse(Files.exists(none.levelDir(t).resolve(LesionFile.NAME)));
        }
        assertEquals(0, none.lesions().rowCount());
        assertEquals(9, none.lesions().columnCount());
    }

    @Test
    void aChangedLesionsFileIsCorruption() throws Exception {
        StoredRun r = RunStore.at(tmp).run(Fixtures.tiny().with("analysis.lesions", "all"));
        Path f = r.levelDir(1).resolve(LesionFile.NAME);
        Files.writeString(f, Files.readString(f).replace("own,0,", "own,1,"));
        StoredRun again = RunStore.at(tmp).list().get(0);
        CorruptRunException e = assertThrows(CorruptRunException.class, () -> again.lesions(1));
        assertTrue(e.getMessage().contains("lesions.csv does not match its checksum"), e.getMessage());
        // A listed file that went missing is corruption too, not a level without lesions.
        Files.delete(r.levelDir(2).resolve(LesionFile.NAME));
        CorruptRunException gone = assertThrows(CorruptRunException.class, () -> again.lesions(2));
        assertTrue(gone.getMessage().contains("lesions.csv cannot be read"), gone.getMessage());
    }
}
