package org.lotterylab.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lotterylab.experiment.Fixtures;
import org.lotterylab.io.Json;
import org.lotterylab.metrics.SplitCategory;
import tech.tablesaw.api.Table;

class RunSummaryTest {
    @TempDir
    Path tmp;

    @Test
    void aSummaryWrittenWithCamelCaseKeysReadsUnchanged() throws Exception {
        // The summary.json of a run stored by an earlier version; the values are those in the file.
        RunSummary s = RunSummary.parse(Files.readString(LevelColumnsTest.OLD.resolve("summary.json")));
        assertEquals("d25f485df0a6", s.hash());
        assertEquals(SplitCategory.DEGRADE_ONLY, s.splitCategory());
        assertNull(s.splitLevel());
        assertEquals(OptionalInt.empty(), s.split());
        assertEquals(OptionalInt.of(3), s.degradation());
        assertEquals(4, s.levels());
        assertEquals(4, s.plannedLevels());
        assertEquals(false, s.stopped());
        assertEquals(0.6799999999999999, s.denseTestAcc());
        assertEquals(0.56, s.finalTestAcc());
        assertEquals(0.6974095779916525, s.finalTestLoss());
        assertEquals(List.of(0.5, 0.62), s.finalTestAccPerTask());
        assertEquals(20, s.finalPrunable());
        assertEquals(0.2777777777777778, s.finalDensity());
    }

    @Test
    void aNewRunWritesSnakeCaseKeysWhoseValuesAreItsFirstAndLastLevelRows() throws Exception {
        StoredRun r = RunStore.at(tmp).run(Fixtures.tiny());
        JsonNode json = Json.parse(Files.readString(r.dir().resolve(RunDir.SUMMARY)), "summary.json");
        List<String> keys = new ArrayList<>();
        json.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("hash", "category", "split_level", "degradation_level", "levels", "planned_levels",
                "stopped", "dense_test_acc", "final_test_acc", "final_test_loss", "final_test_acc_t", "final_prunable",
                "final_density", "finished"), keys);
        Table levels = r.levels();
        int last = levels.rowCount() - 1;
        RunSummary s = r.summary().orElseThrow();
        assertEquals(levels.doubleColumn("test_acc").getDouble(0), s.denseTestAcc());
        assertEquals(levels.doubleColumn("test_acc").getDouble(last), s.finalTestAcc());
        assertEquals(levels.doubleColumn("test_loss").getDouble(last), s.finalTestLoss());
        assertEquals(List.of(levels.doubleColumn("test_acc_t0").getDouble(last),
                levels.doubleColumn("test_acc_t1").getDouble(last)), s.finalTestAccPerTask());
        assertEquals(levels.intColumn("prunable").getInt(last), s.finalPrunable());
        assertEquals(levels.doubleColumn("density").getDouble(last), s.finalDensity());
        assertEquals(levels.rowCount(), s.levels());
        // The first level with split value 0, from the level table.
        int split = -1;
        for (int t = 0; t <= last && split < 0; t++) {
            split = levels.doubleColumn("split_value").getDouble(t) == 0 ? t : -1;
        }
        assertEquals(split < 0 ? OptionalInt.empty() : OptionalInt.of(split), s.split());
        assertEquals(s, RunSummary.parse(s.toJson()));
    }

    @Test
    void aSummaryWithoutItsCategoryOrWithADuplicateKeyIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunSummary.parse("{\"hash\": \"x\", \"levels\": 1, \"stopped\": false}"));
        assertTrue(e.getMessage().contains("category"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RunSummary.parse(
                "{\"hash\": \"x\", \"category\": \"SPLIT_ONLY\", \"category\": \"NONE\", \"levels\": 1, \"stopped\": false}"));
    }
}
