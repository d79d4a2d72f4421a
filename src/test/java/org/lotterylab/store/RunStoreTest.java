package org.lotterylab.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lotterylab.experiment.ExperimentConfig;
import org.lotterylab.experiment.Fixtures;
import org.lotterylab.prune.ImpListener;
import org.lotterylab.prune.Reset;
import tech.tablesaw.api.Table;

class RunStoreTest {
    @TempDir
    Path tmp;

    @Test
    void storesEveryFileAndReturnsTheStoredRunAfterwards() throws IOException {
        RunStore store = RunStore.at(tmp);
        ExperimentConfig c = Fixtures.tiny();
        StoredRun r = store.run(c);
        assertEquals(RunStatus.COMPLETE, r.status());
        assertEquals(c.hash(), r.hash());
        assertEquals(4, r.levelCount());
        for (String f : List.of("config.json", "provenance.json", "levels.csv", "curves.csv", "summary.json")) {
            assertTrue(Files.exists(r.dir().resolve(f)), f);
        }
        // GraphML only on request, from the stored arrays
        assertFalse(Files.exists(r.levelDir(3).resolve("level-003.graphml")));
        Path g = r.exportGraphml(3, tmp.resolve("graphs"));
        assertEquals(tmp.resolve("graphs/level-003.graphml"), g);
        assertTrue(Files.readString(g).contains("<graphml"));
        assertEquals(c, ExperimentConfig.read(r.dir().resolve("config.json")));
        assertEquals(20, r.mask(3).keptWeights());
        Table levels = r.levels();
        assertEquals(4, levels.rowCount());
        for (String col : List.of("level", "scheduled", "prunable_l0", "nonprunable_l2", "density", "train_acc",
                "val_loss_t1", "test_acc", "stop_epoch", "best_epoch", "weights_active", "neurons_zombie",
                "comatose", "split_value", "potential", "components", "horizon_max_pruned", "horizon_min_kept_rel",
                "seconds")) {
            assertTrue(levels.columnNames().contains(col), col);
        }
        assertEquals(20, levels.intColumn("prunable").getInt(3));
        assertTrue(Double.isNaN(levels.doubleColumn("horizon_max_pruned").getDouble(0)));
        assertFalse(Double.isNaN(levels.doubleColumn("horizon_max_pruned").getDouble(1)));
        assertTrue(r.curves().rowCount() > 4);
        var prov = r.provenance();
        assertEquals(4, prov.get("levelSeconds").size());
        assertTrue(prov.get("sessions").get(0).has("kernel"));
        // No layer of this net reaches 2^18 weights, so it computes numerics version 1.
        assertEquals(1, prov.get("sessions").get(0).get("numerics").asInt());
        assertEquals(r.levelCount(), r.summary().orElseThrow().levels());

        long t0 = System.nanoTime();
        StoredRun again = store.run(c, new ImpListener() {
            @Override
            public void onStart(org.lotterylab.prune.Schedule s, int first) {
                throw new AssertionError("a stored run must not be recomputed");
            }
        });
        System.out.printf("stored run returned in %.1f ms%n", (System.nanoTime() - t0) / 1e6);
        assertEquals(RunStatus.COMPLETE, again.status());
        assertEquals(r.provenance(), again.provenance());
        // the trained weights read back equal the recorded network
        assertArrayEquals(again.trained(2).weights(1), r.trained(2).weights(1));
    }

    @Test
    void interruptedRunResumesBitIdentically() throws IOException {
        for (ExperimentConfig c : List.of(Fixtures.tiny(),
                Fixtures.tiny().toBuilder().pruning(Fixtures.tiny().pruning().toBuilder().reset(Reset.rewind(3)).build()).build())) {
            RunStore whole = RunStore.at(tmp.resolve("whole"));
            RunStore broken = RunStore.at(tmp.resolve("broken"));
            StoredRun ref = whole.run(c);
            ImpListener crash = new ImpListener() {
                @Override
                public void onEpoch(int level, int epoch, double trainLoss, double validationLoss) {
                    if (level == 2 && epoch == 3) {
                        throw new IllegalStateException("simulated crash");
                    }
                }
            };
            assertThrows(IllegalStateException.class, () -> broken.run(c, crash));
            StoredRun partial = broken.find(c).orElseThrow();
            assertEquals(RunStatus.PARTIAL, partial.status());
            assertEquals(2, partial.levelCount());
            int[] first = new int[] {-1};
            StoredRun resumed = broken.run(c, new ImpListener() {
                @Override
                public void onStart(org.lotterylab.prune.Schedule s, int firstLevel) {
                    first[0] = firstLevel;
                }
            });
            assertEquals(2, first[0]);
            assertEquals(RunStatus.COMPLETE, resumed.status());
            assertEquals(2, resumed.provenance().get("sessions").size());
            assertEquals(withoutSeconds(ref.dir().resolve("levels.csv")), withoutSeconds(resumed.dir().resolve("levels.csv")));
            assertEquals(Files.readString(ref.dir().resolve("curves.csv")), Files.readString(resumed.dir().resolve("curves.csv")));
            for (int t = 0; t < ref.levelCount(); t++) {
                try (Stream<Path> files = Files.list(ref.levelDir(t))) {
                    for (Path f : files.toList()) {
                        Path other = resumed.levelDir(t).resolve(f.getFileName());
                        if (f.getFileName().toString().equals(Manifest.FILE)) {
                            // the same checksums of the same files; only the levels.csv row differs (seconds)
                            Manifest.Level a = Manifest.Level.read(ref.levelDir(t));
                            Manifest.Level b = Manifest.Level.read(resumed.levelDir(t));
                            assertEquals(a.files(), b.files(), "level " + t);
                            assertEquals(a.curvesRows(), b.curvesRows(), "level " + t);
                            continue;
                        }
                        assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(other), "level " + t + " " + f.getFileName());
                    }
                }
            }
            assertEquals(ref.summary().orElseThrow().category(), resumed.summary().orElseThrow().category());
        }
    }

    /** Rewrites the first session of a stored run's provenance as if another library had computed it. */
    private static void pretendFirstSession(StoredRun r, String field, Object value) throws IOException {
        var prov = r.provenance();
        var session = (com.fasterxml.jackson.databind.node.ObjectNode) prov.get("sessions").get(0);
        if (value instanceof Integer i) {
            session.put(field, i);
        } else {
            session.put(field, (String) value);
        }
        Files.writeString(r.dir().resolve("provenance.json"), prov.toPrettyString());
    }

    @Test
    void aPartialRunIsResumedOnlyWithTheArithmeticOfItsLevels() throws IOException {
        ExperimentConfig c = Fixtures.tiny();
        ImpListener crash = new ImpListener() {
            @Override
            public void onEpoch(int level, int epoch, double trainLoss, double validationLoss) {
                if (level == 2 && epoch == 3) {
                    throw new IllegalStateException("simulated crash");
                }
            }
        };
        for (Object[] other : new Object[][] {{"numerics", 0}, {"kernel", "another-kernel"}}) {
            RunStore store = RunStore.at(tmp.resolve(String.valueOf(other[0])));
            assertThrows(IllegalStateException.class, () -> store.run(c, crash));
            StoredRun partial = store.find(c).orElseThrow();
            pretendFirstSession(partial, (String) other[0], other[1]);
            String levels = Files.readString(partial.dir().resolve("levels.csv"));
            CorruptRunException e = assertThrows(CorruptRunException.class, () -> store.run(c));
            assertTrue(e.getMessage().contains(other[0] + " " + other[1]) && e.getMessage().contains("delete "),
                    e.getMessage());
            assertEquals(levels, Files.readString(partial.dir().resolve("levels.csv")), "the partial run was touched");
        }
    }

    @Test
    void aCompleteRunOfOtherNumericsIsReusedAndReportedOnce() throws IOException {
        ExperimentConfig c = Fixtures.tiny();
        StoredRun r = RunStore.at(tmp).run(c);
        // Runs of numerics 0 were stored before checksums: an edited provenance of a sealed run is corrupt.
        ManifestTest.removeChecksums(r.dir());
        pretendFirstSession(r, "numerics", 0);
        List<String> lines = new ArrayList<>();
        RunStore store = RunStore.at(tmp).withProgress(lines::add);
        ImpListener noRecompute = new ImpListener() {
            @Override
            public void onStart(org.lotterylab.prune.Schedule s, int first) {
                throw new AssertionError("a stored run must not be recomputed");
            }
        };
        assertEquals(RunStatus.COMPLETE, store.run(c, noRecompute).status());
        assertEquals(RunStatus.COMPLETE, store.run(c, noRecompute).status());
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("stored with numerics 0") && lines.get(0).contains("delete"), lines.get(0));
    }

    private static String withoutSeconds(Path csv) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String line : Files.readAllLines(csv)) {
            sb.append(line, 0, line.lastIndexOf(',')).append('\n');
        }
        return sb.toString();
    }

    @Test
    void twoThreadsAskingForTheSameRunComputeItOnce() throws Exception {
        RunStore store = RunStore.at(tmp);
        ExperimentConfig c = Fixtures.tiny().with("seeds.all", 3);
        CyclicBarrier go = new CyclicBarrier(2);
        List<Integer> starts = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<StoredRun>> fs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                fs.add(pool.submit(() -> {
                    go.await();
                    return store.run(c, new ImpListener() {
                        @Override
                        public void onStart(org.lotterylab.prune.Schedule s, int first) {
                            starts.add(first);
                        }
                    });
                }));
            }
            StoredRun a = fs.get(0).get();
            StoredRun b = fs.get(1).get();
            assertEquals(RunStatus.COMPLETE, a.status());
            assertEquals(RunStatus.COMPLETE, b.status());
            assertEquals(List.of(0), starts);
            assertEquals(1, a.provenance().get("sessions").size());
            assertEquals(1, store.list().size());
            assertEquals(RunStatus.COMPLETE, store.list(true).get(0).status());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void corruptRunsAreReportedAndNeverOverwritten() throws IOException {
        RunStore store = RunStore.at(tmp);
        ExperimentConfig c = Fixtures.tiny();
        Path dir = store.run(c).dir();

        // truncated levels.csv
        Path csv = dir.resolve("levels.csv");
        String full = Files.readString(csv);
        Files.writeString(csv, full.substring(0, full.length() - 40));
        expectCorrupt(store, c, dir, "levels.csv");
        assertEquals(full.substring(0, full.length() - 40), Files.readString(csv));
        Files.writeString(csv, full);
        assertEquals(RunStatus.COMPLETE, store.run(c).status());

        // a missing level file
        Path f = dir.resolve("levels/002/trained_w1.npy");
        byte[] bytes = Files.readAllBytes(f);
        Files.delete(f);
        expectCorrupt(store, c, dir, "002/trained_w1.npy");
        assertFalse(Files.exists(f));
        Files.write(f, bytes);

        // edited config.json
        Path cfg = dir.resolve("config.json");
        String text = Files.readString(cfg);
        Files.writeString(cfg, text.replace("\"levels\" : 3", "\"levels\" : 4"));
        expectCorrupt(store, c, dir, "hashes to");
        Files.writeString(cfg, "{ not json");
        expectCorrupt(store, c, dir, "config.json is invalid");
        Files.delete(cfg);
        expectCorrupt(store, c, dir, "config.json is missing");
        assertEquals(RunStatus.CORRUPT, store.get(c.hash().substring(0, 6)).status());
        Files.writeString(cfg, text);
        assertEquals(RunStatus.COMPLETE, store.run(c).status());
    }

    private static void expectCorrupt(RunStore store, ExperimentConfig c, Path dir, String what) {
        CorruptRunException e = assertThrows(CorruptRunException.class, () -> store.run(c));
        assertTrue(e.getMessage().contains(dir.toString()) && e.getMessage().contains(what)
                && e.getMessage().contains("--verify"), e.getMessage());
        assertEquals(RunStatus.CORRUPT, store.list().get(0).status());
    }

    @Test
    void stopOnSplitEndsTheRunEarly() {
        RunStore store = RunStore.at(tmp);
        ExperimentConfig c = Fixtures.tiny().toBuilder().stopOnDegradation(true).stopOnSplit(true)
                .pruning(Fixtures.tiny().pruning().toBuilder().target(6).levels(6).build()).build();
        StoredRun r = store.run(c);
        var s = r.summary().orElseThrow();
        Table t = r.levels();
        double last = t.doubleColumn("split_value").getDouble(t.rowCount() - 1);
        if (r.levelCount() < 7) {
            assertTrue(s.stopped());
            assertTrue(last <= 0, "stopped at split value " + last);
        }
        for (int i = 0; i + 1 < t.rowCount(); i++) {
            assertTrue(t.doubleColumn("split_value").getDouble(i) > 0);
        }
        assertSame(RunStatus.COMPLETE, r.status());
    }
}
