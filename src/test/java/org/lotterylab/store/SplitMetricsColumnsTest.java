package org.lotterylab.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lotterylab.experiment.ExperimentConfig;
import org.lotterylab.experiment.ConfigException;
import org.lotterylab.experiment.Fixtures;
import org.junit.jupiter.api.io.TempDir;
import org.lotterylab.metrics.SplitMetrics;
import org.lotterylab.metrics.States;
import org.lotterylab.metrics.TaskLayout;
import org.lotterylab.model.Network;
import org.lotterylab.rng.Rng;
import tech.tablesaw.api.Table;

/** The split metrics' columns of levels.csv against SplitMetrics recomputed from the stored networks. */
class SplitMetricsColumnsTest {
    @TempDir
    Path tmp;

    @Test
    void everyLevelCarriesTheMetricsOfItsStoredNetwork() {
        ExperimentConfig c = Fixtures.tiny();
        StoredRun r = RunStore.at(tmp).run(c);
        Table t = r.levels();
        TaskLayout tasks = TaskLayout.of(c.data().taskInputs(), c.data().taskOutputs());
        for (int level = 0; level < r.levelCount(); level++) {
            SplitMetrics m = SplitMetrics.of(r.trained(level), tasks);
            assertEquals(m.modularity(), t.doubleColumn("modularity").getDouble(level), "level " + level);
            assertEquals(m.modularityPerLayer()[1], t.doubleColumn("modularity_l1").getDouble(level));
            assertEquals(m.sharing(), t.doubleColumn("sharing").getDouble(level));
            assertEquals(m.sharingPerTaskLayer()[1][1], t.doubleColumn("sharing_t1_l1").getDouble(level));
            assertEquals(m.decidedIn(), t.doubleColumn("decided_in").getDouble(level));
            assertEquals(m.decidedOutPerLayer()[2], t.doubleColumn("decided_out_n2").getDouble(level));
            assertEquals(m.clusterability().ncut(), t.doubleColumn("ncut").getDouble(level));
            assertEquals(m.clusterability().ncutPerLayer()[2], t.doubleColumn("ncut_l2").getDouble(level));
            assertEquals(0, t.intColumn("ncut_shuffles").getInt(level));
            assertTrue(Double.isNaN(t.doubleColumn("ncut_z").getDouble(level)), "no null unless asked for");
        }
        assertFalse(t.columnNames().contains("decided_in_n0"), "the input side of the inputs is not a metric");
        assertFalse(t.columnNames().contains("decided_out_n3"));
    }

    @Test
    void theNullIsComputedOnRequestFromTheModelSeedAndTheLevel() {
        ExperimentConfig c = ExperimentConfig.builder().data(Fixtures.tiny().data()).shape(4, 6, 6, 2)
                .training(Fixtures.tiny().training()).pruning(Fixtures.tiny().pruning()).nullShuffles(20).build();
        assertEquals(20, c.with("analysis.nullShuffles", 20).analysis().nullShuffles());
        StoredRun r = RunStore.at(tmp).run(c);
        Table t = r.levels();
        TaskLayout tasks = TaskLayout.of(c.data().taskInputs(), c.data().taskOutputs());
        int level = r.levelCount() - 1;
        Network net = r.trained(level);
        SplitMetrics.Clusterability want = SplitMetrics.of(net, States.of(net), tasks, 20,
                Rng.derive(c.seeds().model(), "ncut_null", level).nextLong()).clusterability();
        assertEquals(20, t.intColumn("ncut_shuffles").getInt(level));
        assertEquals(want.nullMean(), t.doubleColumn("ncut_null_mean").getDouble(level));
        assertEquals(want.z(), t.doubleColumn("ncut_z").getDouble(level));
        assertEquals(want.p(), t.doubleColumn("ncut_p").getDouble(level));
        double p = t.doubleColumn("ncut_p").getDouble(0);
        assertTrue(p > 0 && p <= 1, "p " + p);
    }

    @Test
    void theSameConfigStoresTheSameMetricsBitForBit() {
        ExperimentConfig c = Fixtures.tiny().with("analysis.nullShuffles", 5);
        Table a = RunStore.at(tmp.resolve("a")).run(c).levels();
        Table b = RunStore.at(tmp.resolve("b")).run(c).levels();
        for (String col : List.of("modularity", "sharing_t0", "decided_out", "ncut", "ncut_null_mean", "ncut_z", "ncut_p")) {
            for (int r = 0; r < a.rowCount(); r++) {
                assertEquals(Double.doubleToRawLongBits(a.doubleColumn(col).getDouble(r)),
                        Double.doubleToRawLongBits(b.doubleColumn(col).getDouble(r)), col + " at level " + r);
            }
        }
    }

    @Test
    void nullShufflesDefaultLeavesTheHashAndOutOfRangeIsRefused() {
        ExperimentConfig c = Fixtures.tiny();
        assertEquals(c.hash(), c.with("analysis.nullShuffles", 0).hash());
        assertFalse(c.hash().equals(c.with("analysis.nullShuffles", 20).hash()));
        assertFalse(c.canonicalJson().contains("nullShuffles"), "a default is not hashed");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ExperimentConfig.fromJson("{\"analysis\": {\"nullShuffles\": -1}}"));
        assertTrue(e.getMessage().contains("nullShuffles"), e.getMessage());
        // The stop-rule shorthands keep the null's size.
        assertEquals(20, ExperimentConfig.builder().nullShuffles(20).stopOnSplit(true).stopOnDegradation(true).build()
                .analysis().nullShuffles());
    }

    @Test
    void aRunStoredBeforeTheMetricsLoadsWithTheirColumnsAbsent() throws IOException {
        Path root = tmp.resolve("runs");
        RunStore store = RunStore.at(root);
        ExperimentConfig c = Fixtures.tiny();
        store.run(c);
        // Rewrite it as the library before version 3 of the columns stored it (without checksums).
        Path dir = store.dir(c);
        ManifestTest.removeChecksums(dir);
        Csv.Parsed p = Csv.parse(Files.readString(dir.resolve("levels.csv")));
        List<String> v2 = LevelColumns.header(3, 2, 2);
        List<String[]> rows = new ArrayList<>();
        for (String[] row : p.rows()) {
            rows.add(v2.stream().map(name -> row[p.column(name)]).toArray(String[]::new));
        }
        Files.writeString(dir.resolve("levels.csv"), Csv.format(v2, rows));
        StoredRun old = RunStore.at(root).list().get(0);
        assertEquals(RunStatus.COMPLETE, old.status(), old.problem());
        assertFalse(old.levels().columnNames().contains("modularity"));
        StoredRun fresh = RunStore.at(root).run(c.with("seeds.all", 5));
        Table both = Runs.of(List.of(old, fresh)).levels();
        assertTrue(both.doubleColumn("modularity").isMissing(0));
        assertFalse(both.doubleColumn("modularity").isMissing(old.levelCount()));
    }
}
