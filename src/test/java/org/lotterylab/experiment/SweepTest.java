package org.lotterylab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class SweepTest {
    @TempDir
    Path tmp;

    @Test
    void shardsAreDisjointAndComplete() {
        Sweep s = Sweep.over(Fixtures.tiny()).vary("model.hidden", 5, 6, 7).vary("pruning.levels", 2, 3).seeds(3);
        List<String> all = s.configs().stream().map(ExperimentConfig::hash).toList();
        assertEquals(18, all.size());
        assertEquals(18, new HashSet<>(all).size());
        for (int n : new int[] {1, 2, 3, 4, 7, 18, 25}) {
            Set<String> union = new HashSet<>();
            int sum = 0;
            for (int i = 0; i < n; i++) {
                List<String> part = s.shard(i, n).configs().stream().map(ExperimentConfig::hash).toList();
                sum += part.size();
                union.addAll(part);
            }
            assertEquals(18, sum, "disjoint for n = " + n);
            assertEquals(new HashSet<>(all), union, "complete for n = " + n);
        }
        assertThrows(ConfigException.class, () -> s.shard(3, 3));
    }

    @Test
    void gridOrderDuplicatesAndUnknownFields() {
        List<ExperimentConfig> c = Sweep.over(Fixtures.tiny()).vary("model.hidden", 5, 6).seeds(2).configs();
        assertEquals(List.of(5, 5, 6, 6), c.stream().map(x -> x.model().shape()[1]).toList());
        assertEquals(List.of(0L, 1L, 0L, 1L), c.stream().map(x -> x.seeds().model()).toList());
        assertEquals(1, Sweep.over(Fixtures.tiny()).vary("model.hidden", 6, 6).configs().size());
        String m = assertThrows(ConfigException.class, () -> Sweep.over(Fixtures.tiny()).vary("model.width", 5)).getMessage();
        assertTrue(m.contains("model.width") && m.contains("model.hidden"), m);
        Sweep j = Sweep.fromJson("{\"base\": " + Fixtures.tiny().toJson() + ", \"vary\": {\"data.noise\": [0, 0.1]},"
                + " \"seeds\": 2, \"threads\": 1}", "sweep.json");
        assertEquals(4, j.configs().size());
        m = assertThrows(ConfigException.class, () -> Sweep.fromJson("{\"vary\": {\"seeds.x\": [1]}}", "s.json")).getMessage();
        assertTrue(m.contains("seeds.x"), m);
        m = assertThrows(ConfigException.class, () -> Sweep.fromJson("{\"seed\": 2}", "s.json")).getMessage();
        assertTrue(m.contains("unknown field \"seed\""), m);
    }

    @Test
    void storedRunsOfOtherNumericsAreCountedOnceAndListed() throws java.io.IOException {
        RunStore store = RunStore.at(tmp);
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Sweep sweep = Sweep.over(Fixtures.tiny()).seeds(3).progress(lines::add);
        Runs runs = sweep.run(store);
        // As if a library before numerics versions (and so before checksums) had computed the second run.
        ManifestTest.removeChecksums(runs.list().get(1).dir());
        java.nio.file.Path prov = runs.list().get(1).dir().resolve("provenance.json");
        java.nio.file.Files.writeString(prov, java.nio.file.Files.readString(prov).replaceAll("\"numerics\" : \\d+,", ""));
        lines.clear();
        Runs again = sweep.run(store);
        assertEquals(List.of(org.lotterylab.train.Trainer.NUMERICS, 0, org.lotterylab.train.Trainer.NUMERICS),
                again.list().stream().map(StoredRun::numerics).toList());
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("1 of 3 stored runs were computed with other numerics"), lines.get(0));
        assertEquals(List.of(org.lotterylab.train.Trainer.NUMERICS, 0, org.lotterylab.train.Trainer.NUMERICS),
                again.summary().intColumn("numerics").asList());
    }

    @Test
    void sweepSkipsStoredRunsAndQueriesAreFast() {
        RunStore store = RunStore.at(tmp);
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Sweep half = Sweep.over(Fixtures.tiny()).vary("model.hidden", 5, 6).seeds(4).threads(2).progress(lines::add);
        assertEquals(8, half.run(store).size());
        lines.clear();
        Sweep full = Sweep.over(Fixtures.tiny()).vary("model.hidden", 5, 6, 7, 8).seeds(4).threads(2).progress(lines::add);
        long t0 = System.nanoTime();
        Runs runs = full.run(store);
        double first = (System.nanoTime() - t0) / 1e9;
        assertEquals(16, runs.size());
        assertTrue(lines.get(0).contains("16 runs, 8 stored, 8 to compute"), lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.contains("16/16 runs done")), lines.toString());

        // A notebook cell re-running the stored 16-run sweep and building its tables.
        for (int rep = 0; rep < 3; rep++) {
            lines.clear();
            t0 = System.nanoTime();
            Runs again = full.run(store);
            double found = (System.nanoTime() - t0) / 1e9;
            Table levels = again.levels();
            Table summary = again.summary();
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("16-run stored sweep + tables, repeat %d: %.1f ms (%.1f ms finding the runs; the first"
                    + " call computed 8 new runs in %.1f s)%n", rep, secs * 1e3, found * 1e3, first);
            assertTrue(lines.isEmpty(), "nothing computed: " + lines);
            assertEquals(16 * 4, levels.rowCount());
            assertEquals(16, summary.rowCount());
        }
        Table levels = runs.levels();
        for (String col : Runs.CONFIG_COLUMNS) {
            assertTrue(levels.columnNames().contains(col), col);
        }
        assertTrue(levels.columnNames().containsAll(List.of("status", "level", "split_value", "test_acc")));
        assertEquals(Runs.CONFIG_COLUMNS, levels.columnNames().subList(0, Runs.CONFIG_COLUMNS.size()));
        Table summary = runs.summary();
        assertTrue(summary.columnNames().containsAll(List.of("hash", "category", "split_level", "final_test_acc_t1")));
        assertEquals(4, store.runs(c -> c.model().shape()[1] == 7).size());
        assertEquals(16, store.runs().complete().size());
        assertEquals(4 * 4, store.runs(c -> c.seeds().model() == 0).levels().rowCount());
    }
}
