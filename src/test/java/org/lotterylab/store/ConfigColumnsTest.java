package org.lotterylab.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lotterylab.config.Schema;
import org.lotterylab.experiment.ExperimentConfig;

class ConfigColumnsTest {
    @Test
    void aFieldsColumnIsTheSnakeCaseOfItsNameUnlessRenamed() {
        assertEquals("max_epochs", Runs.column("training.maxEpochs"));
        assertEquals("init_mean", Runs.column("model.init.mean"));
        assertEquals("stop_on_split", Runs.column("analysis.stopOnSplit"));
        assertEquals("reset_rewind_step", Runs.column("pruning.reset.rewindStep"));
        assertEquals("lr", Runs.column("training.learningRate"));
        assertEquals("rows", Runs.column("data.rowsPerTask"));
        assertEquals("seed_model", Runs.column("seeds.model"));
    }

    @Test
    void everyLeafFieldButTheNotesHasAColumn() {
        List<String> paths = new ArrayList<>();
        for (Schema.Entry e : ExperimentConfig.fields()) {
            paths.add(e.path());
        }
        for (String p : paths) {
            boolean leaf = paths.stream().noneMatch(q -> q.startsWith(p + "."));
            if (leaf && !p.equals("notes")) {
                assertTrue(Runs.CONFIG_COLUMNS.contains(Runs.column(p)), p + " -> " + Runs.column(p));
            }
        }
        assertFalse(Runs.CONFIG_COLUMNS.contains("notes"));
        assertEquals("hash", Runs.CONFIG_COLUMNS.get(0));
    }

    @Test
    void theColumnsNotebooksReadKeepTheirNames() {
        assertTrue(Runs.CONFIG_COLUMNS.containsAll(List.of("hash", "name", "data", "tasks", "noise", "rows", "shape",
                "start_shape", "depth", "hidden", "activation", "init", "optimizer", "lr", "batch", "max_epochs",
                "patience", "method", "biases", "levels", "extension", "p0", "target", "rate", "reset", "seed_data",
                "seed_model", "seed_order", "stop_on_split", "stop_on_degradation")), Runs.CONFIG_COLUMNS.toString());
    }

    @Test
    void valuesAreTypedAsTheJsonFormWritesThem() {
        ExperimentConfig c = ExperimentConfig.defaults().with("training.learningRate", 0.01)
                .with("model.activation", "silu").with("model.hidden", 12).with("seeds.model", 7)
                .with("pruning.reset", "rewind:5").with("pruning.rate", 0.2);
        Map<String, Object> row = ConfigColumns.row(c);
        assertEquals(c.hash(), row.get("hash"));
        assertEquals(0.01, row.get("lr"));
        assertEquals("silu", row.get("activation"));
        assertEquals("4-12-12-2", row.get("shape"));
        assertEquals(12, row.get("hidden"));
        assertEquals(2, row.get("depth"));
        assertEquals(7, row.get("seed_model"));
        assertEquals("rewind:5", row.get("reset"));
        assertEquals(5, row.get("reset_rewind_step"));
        assertEquals(0.2, row.get("rate"));
        // p0 is the prunable weights of [4,12,12,2]: 4*12 + 12*12 + 12*2.
        assertEquals(216, row.get("p0"));
        assertEquals(64, row.get("batch"));
        assertEquals(Double.NaN, row.get("loss_cutoff"));
        assertEquals("circles+moons", row.get("data"));
        assertEquals(2, row.get("tasks"));
    }
}
