package org.lotterylab.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.lotterylab.experiment.ExperimentConfig;
import org.lotterylab.store.RunStore;
import org.lotterylab.store.StoredRun;
import tech.tablesaw.api.Table;

/** The builders fed with a real stored run's tables: what they plot is what the tables hold. */
class StoreChartsTest {
    @TempDir
    static Path dir;
    static StoredRun run;

    @BeforeAll
    static void runOnce() {
        ExperimentConfig tiny = ExperimentConfig.defaults()
                .with("data.tasks", "moons+moons").with("data.rows", 200).with("model.hidden", 6)
                .with("pruning.levels", 3).with("pruning.target", 20).with("training.maxEpochs", 20);
        run = RunStore.at(dir).run(tiny);
    }

    @Test
    void validationLossHasOneLinePerLevelWithTheStoredValues() {
        Table curves = run.curves();
        Figure<XYChart> f = Charts.validationLoss(curves);
        assertEquals(run.levelCount(), f.series().size());
        Table level1 = curves.where(curves.intColumn("level").isEqualTo(1));
        assertArrayEquals(level1.numberColumn("val_loss").asDoubleArray(), f.series("level 1").y(), 1e-12);
    }

    @Test
    void accuracyPerTaskFollowsTheLevelTable() {
        Table levels = run.levels();
        Figure<XYChart> f = Charts.accuracyVsWeights(levels);
        // Two tasks of the same kind keep apart: named after the data, told apart by their index.
        assertEquals(java.util.List.of("moons (task 0)", "moons (task 1)"), java.util.List.copyOf(f.series().keySet()));
        Figure.Series first = f.series().values().iterator().next();
        assertEquals(levels.rowCount(), first.size());
        // Points run in increasing weights, i.e. from the last level back to the dense one.
        double[] acc = levels.numberColumn("test_acc_t0").asDoubleArray();
        assertEquals(acc[0], first.y()[first.size() - 1], 1e-12);
        assertEquals(levels.numberColumn("weights").getDouble(0), first.x()[first.size() - 1], 1e-12);
    }

    @Test
    void stateCountsAndHorizonReadTheStoreColumns() {
        Table levels = run.levels();
        Figure<XYChart> states = Charts.stateCounts(levels, "neurons");
        assertArrayEquals(levels.numberColumn("neurons_active").asDoubleArray(), states.series("active").y(), 1e-12);
        assertArrayEquals(levels.numberColumn("neurons_zombie").asDoubleArray(), states.series("zombie").y(), 1e-12);
        Figure<XYChart> horizon = Charts.pruningHorizon(levels, true);
        // Level 0 has no pruning step before it: one point fewer than levels.
        assertEquals(levels.rowCount() - 1, horizon.series("smallest kept").size());
        double minKept = levels.numberColumn("horizon_min_kept").getDouble(1);
        double mean = levels.numberColumn("horizon_mean_kept").getDouble(1);
        assertEquals(minKept / mean, horizon.series("smallest kept").y()[0], 1e-12);
        assertTrue(horizon.series("largest pruned").y()[0] <= horizon.series("smallest kept").y()[0]);
    }
}
