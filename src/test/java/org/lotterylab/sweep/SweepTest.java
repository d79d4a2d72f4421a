package org.lotterylab.sweep;

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
import org.lotterylab.experiment.ConfigException;
import org.lotterylab.experiment.ExperimentConfig;
import org.lotterylab.experiment.Fixtures;
import org.lotterylab.progress.Progress;
import org.lotterylab.store.RunStore;
import org.lotterylab.store.Runs;
import org.lotterylab.store.StoredRun;
import tech.tablesaw.api.Table;

class SweepTest {
    @TempDir
    Path tmp;

    @Test
    void aRunsShareOfTheThreadsGrowsAsTheSweepEnds() {
        // 2 threads, 2 workers: one each while a third run waits or runs beside another ...
        assertEquals(1, Sweep.share(2, 2, 3));
        assertEquals(1, Sweep.share(2, 2, 2));
        // ... and both for the last one.
        assertEquals(2, Sweep.share(2, 2, 1));
        assertEquals(8, Sweep.share(8, 2, 1));
        assertEquals(4, Sweep.share(8, 2, 2));
        assertEquals(2, Sweep.share(5, 2, 7));
        // Never below one, even with more workers than threads or nothing left.
        assertEquals(1, Sweep.share(1, 4, 4));
        assertEquals(3, Sweep.share(3, 2, 0));
    }

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
        m = assertThrows(ConfigException.class, () -> Sweep.fromJson("{\"seeds\": -3}", "s.json")).getMessage();
        assertTrue(m.contains("s.json: seeds -3 must be >= 1") && m.contains("leave seeds out"), m);
        m = assertThrows(ConfigException.class, () -> Sweep.fromJson("{\"seeds\": 0}", "s.json")).getMessage();
        assertTrue(m.contains("seeds 0 must be >= 1"), m);
        m = assertThrows(ConfigException.class, () -> Sweep.fromJson("{\"threads\": -1}", "s.json")).getMessage();
        assertTrue(m.contains("s.json: threads -1 must be >= 1") && m.contains("leave threads out"), m);
        assertEquals(3, Sweep.fromJson("{\"seeds\": 3}", "s.json").configs().size());
        m = assertThrows(ConfigException.class, () -> Sweep.fromJson("{\"seed\": 2}", "s.json")).getMessage();
        assertTrue(m.contains("unknown field seed; did you mean seeds?"), m);
    }

    @Test
    void storedRunsOfOtherNumericsAreCountedOnceAndListed() throws java.io.IOException {
        RunStore store = RunStore.at(tmp);
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Sweep sweep = Sweep.over(Fixtures.tiny()).seeds(3).progress(lines::add);
        Runs runs = sweep.run(store);
        // As if a library before numerics versions (and so before checksums) had computed the second run.
        removeChecksums(runs.list().get(1).dir());
        java.nio.file.Path prov = runs.list().get(1).dir().resolve("provenance.json");
        java.nio.file.Files.writeString(prov, java.nio.file.Files.readString(prov).replaceAll("\"numerics\" : \\d+,", ""));
        lines.clear();
        Runs again = sweep.run(store);
        // The tiny net has no layer of 2^18 weights: its runs compute numerics version 1.
        assertEquals(List.of(1, 0, 1), again.list().stream().map(StoredRun::numerics).toList());
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("1 of 3 stored runs were computed with other numerics"), lines.get(0));
        assertEquals(List.of(1, 0, 1), again.summary().intColumn("numerics").asList());
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

    /** A sink that interrupts {@code target} when the first run of a sweep is done. */
    private static Progress interruptAfterFirstRun(Thread target, List<String> statuses) {
        return new Progress() {
            @Override
            public void line(String text) {
                statuses.add(text);
            }

            @Override
            public Status status() {
                return new Status() {
                    private boolean fired;
                    private boolean closed;

                    @Override
                    public synchronized void update(String text) {
                        if (closed) {
                            return;
                        }
                        statuses.add(text);
                        if (!fired && text.contains("runs done")) {
                            fired = true;
                            target.interrupt();
                        }
                    }

                    @Override
                    public synchronized void close() {
                        closed = true;
                    }
                };
            }
        };
    }

    @Test
    void anInterruptedSweepStopsItsWorkersAndARerunCompletesItIdentically() {
        Sweep sweep = Sweep.over(Fixtures.tiny()).seeds(6).threads(2);
        RunStore store = RunStore.at(tmp.resolve("interrupted"));
        List<String> statuses = Collections.synchronizedList(new ArrayList<>());
        sweep.progress(interruptAfterFirstRun(Thread.currentThread(), statuses));

        long t0 = System.nanoTime();
        Sweep.SweepException e = assertThrows(Sweep.SweepException.class, () -> sweep.run(store));
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(Thread.interrupted(), "the caller's interrupt flag is set again (and cleared here)");
        assertTrue(e.getMessage().contains("sweep interrupted") && e.getMessage().contains("run the sweep again"),
                e.getMessage());
        List<String> alive = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .map(Thread::getName).filter(n -> n.startsWith("sweep-")).toList();
        assertEquals(List.of(), alive, "the pool's threads have ended when run() throws");
        long complete = sweep.configs().stream().filter(c -> store.find(c).map(StoredRun::isComplete).orElse(false)).count();
        assertTrue(complete >= 1 && complete < 6, complete + " runs complete after the interrupt");
        assertTrue(e.getMessage().contains(complete + " of 6 runs are complete"), e.getMessage());
        assertTrue(statuses.get(statuses.size() - 1).startsWith("sweep interrupted after "), statuses.toString());
        System.out.printf("interrupted sweep: threw after %.2f s with %d of 6 runs complete%n", seconds, complete);

        sweep.progress(Progress.none());
        Runs resumed = sweep.run(store);
        Runs straight = sweep.run(RunStore.at(tmp.resolve("straight")));
        assertEquals(6, resumed.size());
        for (int i = 0; i < 6; i++) {
            StoredRun a = resumed.list().get(i);
            StoredRun b = straight.list().get(i);
            assertEquals(b.hash(), a.hash());
            assertTrue(a.isComplete());
            assertEquals(b.levelCount(), a.levelCount(), a.hash());
            assertEquals(b.category(), a.category(), a.hash());
            for (int t = 0; t < a.levelCount(); t++) {
                var na = a.trained(t);
                var nb = b.trained(t);
                for (int l = 0; l < na.layers() - 1; l++) {
                    org.junit.jupiter.api.Assertions.assertArrayEquals(nb.weights(l), na.weights(l), a.hash() + " level " + t);
                    org.junit.jupiter.api.Assertions.assertArrayEquals(nb.biases(l), na.biases(l), a.hash() + " level " + t);
                }
            }
        }
    }

    @Test
    void runsInsideASweepReportNoStatusOfTheirOwn() {
        List<String> storeLines = Collections.synchronizedList(new ArrayList<>());
        List<String> sweepLines = Collections.synchronizedList(new ArrayList<>());
        RunStore store = RunStore.at(tmp).withProgress(storeLines::add);
        Sweep.over(Fixtures.tiny()).seeds(2).threads(1).progress(sweepLines::add).run(store);
        assertEquals(List.of(), storeLines, "no level statuses from the runs of a sweep");
        assertTrue(sweepLines.get(sweepLines.size() - 1).startsWith("sweep: 2/2 runs done (2 computed on 1 thread)"),
                sweepLines.toString());
        // The same store outside a sweep reports the run's levels, ending with the final state.
        store.run(Fixtures.tiny().with("seeds.all", 5));
        assertTrue(storeLines.get(storeLines.size() - 1).matches("run [0-9a-f]+: complete, levels 0-3 computed in .*"),
                storeLines.toString());
    }

    /** Deletes a run's manifests (the run's and every level's), as a run stored before checksums has none. */
    private static void removeChecksums(java.nio.file.Path run) throws java.io.IOException {
        java.nio.file.Files.deleteIfExists(run.resolve("manifest.json"));
        try (var s = java.nio.file.Files.list(run.resolve("levels"))) {
            for (java.nio.file.Path l : s.toList()) {
                java.nio.file.Files.deleteIfExists(l.resolve("manifest.json"));
            }
        }
    }

}
