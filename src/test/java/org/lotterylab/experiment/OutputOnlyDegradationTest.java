package org.lotterylab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.lotterylab.store.RunStore;
import org.lotterylab.store.StoredRun;
import org.junit.jupiter.api.io.TempDir;
import org.lotterylab.metrics.Split;
import tech.tablesaw.api.Table;

/** The {@code analysis.outputOnlyDegradation} option from the config to the stored level rows. */
class OutputOnlyDegradationTest {
    @TempDir
    Path tmp;

    @Test
    void theOptionIsOffByDefaultAndEntersTheHashOnlyWhenOn() {
        ExperimentConfig base = Fixtures.tiny();
        assertFalse(base.taskLayout().outputOnlyDegradation());
        ExperimentConfig on = base.with("analysis.outputOnlyDegradation", true);
        assertTrue(on.taskLayout().outputOnlyDegradation());
        assertNotEquals(base.hash(), on.hash());
        assertEquals(base.hash(), on.with("analysis.outputOnlyDegradation", false).hash());
        assertEquals(on, ExperimentConfig.fromJson(on.toJson()));
        assertTrue(on.toJson().contains("outputOnlyDegradation"));
        // The builder's stop rules keep the option, and the option keeps them.
        ExperimentConfig both = ExperimentConfig.builder().outputOnlyDegradation(true).stopOnSplit(true).build();
        assertTrue(both.analysis().outputOnlyDegradation() && both.stopOnSplit() && !both.stopOnDegradation());
    }

    @Test
    void storedSplitValuesFollowTheRule() {
        ExperimentConfig on = Fixtures.tiny().with("analysis.outputOnlyDegradation", true);
        StoredRun r = RunStore.at(tmp).run(on);
        Table levels = r.levels();
        int differ = 0;
        for (int t = 0; t < r.levelCount(); t++) {
            differ += Split.of(r.trained(t), Fixtures.tiny().taskLayout()).value() != Split.of(r.trained(t),
                    on.taskLayout()).value() ? 1 : 0;
            Split expected = Split.of(r.trained(t), on.taskLayout());
            assertEquals(expected.value(), levels.doubleColumn("split_value").getDouble(t), 1e-9, "level " + t);
            assertEquals(expected.potential(), levels.doubleColumn("potential").getDouble(t), 1e-9, "level " + t);
        }
        // Pruned to 20 weights, some level has lost an input: there the two rules disagree, so the
        // rows above tell them apart.
        assertTrue(differ > 0, "no level where the rules differ");
    }
}
