package org.lotterylab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lotterylab.experiment.ExperimentConfig;
import org.lotterylab.store.RunStore;

class MainTest {
    @TempDir
    Path tmp;

    private record Result(int code, String out, String err) {
    }

    private static Result lab(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
        return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    static final String TINY = "{\"data\": {\"tasks\": \"moons+moons\", \"rowsPerTask\": 200}, \"model\": {\"shape\": [4, 6, 6, 2]},"
            + " \"training\": {\"maxEpochs\": 20, \"patience\": 5}, \"pruning\": {\"target\": 20, \"levels\": 3}}";

    @Test
    void usageAndErrors() {
        Result r = lab("help");
        assertEquals(0, r.code);
        assertTrue(r.out.contains("schedule --shape"), r.out);
        r = lab("frobnicate");
        assertEquals(2, r.code);
        assertTrue(r.err.contains("unknown verb") && r.err.contains("usage"), r.err);
        assertEquals(2, lab().code);
        r = lab("imp", tmp.resolve("missing.json").toString());
        assertEquals(1, r.code);
        assertTrue(r.err.contains("no such file") && r.err.lines().count() == 1 && !r.err.contains("at org."), r.err);
    }

    @Test
    void badConfigsFailFastOnOneLineAndCreateNoRunDirectory() throws Exception {
        Path store = tmp.resolve("runs");
        String[][] cases = {
            {"{\"pruning\": {\"levels\": 2000000000}}", "use fewer levels"},
            {"{\"data\": {\"tasks\": \"moons\"}, \"model\": {\"shape\": [2, 30000, 30000, 1]}}", "use a smaller model.shape"},
            {"{\"data\": {\"rowsPerTask\": 300000000}}", "data.rowsPerTask is 300,000,000"},
            {"{\"data\": {\"rowsPerTask\": 2000000000}}", "use at most 536870909 rows per task"},
            {"{\"pruning\": {\"extension\": 1000}}", "use at most 72 extension levels"},
            {"{\"training\": {\"learningrate\": 0.1}}", "did you mean training.learningRate?"},
            {"{\"pruning\": {\"levels\": 5, \"levels\": 6}}", "duplicate key"},
        };
        for (String[] c : cases) {
            Path cfg = tmp.resolve("bad.json");
            Files.writeString(cfg, c[0]);
            long t0 = System.nanoTime();
            Result r = lab("imp", cfg.toString(), "--store", store.toString());
            double s = (System.nanoTime() - t0) / 1e9;
            assertEquals(1, r.code, c[0]);
            assertTrue(r.err.contains(c[1]) && r.err.lines().count() == 1 && !r.err.contains("at org."), r.err);
            assertTrue(s < 2, c[0] + " took " + s + " s");
            assertTrue(!Files.exists(store) || Files.list(store).findAny().isEmpty(), "a run directory was created for " + c[0]);
        }
        Result r = lab("schedule", "--shape", "4,40,40,2", "--target", "40", "--levels", "2000000000");
        assertEquals(1, r.code);
        assertTrue(r.err.contains("use fewer levels") && r.err.lines().count() == 1, r.err);
    }

    @Test
    void aStoreThatIsAFileIsAnError() throws Exception {
        Path file = tmp.resolve("not-a-folder");
        Files.writeString(file, "x");
        Result r = lab("runs", "--store", file.toString());
        assertEquals(1, r.code);
        assertTrue(r.err.contains("is a file, not a folder") && r.err.contains("--store"), r.err);
    }

    @Test
    void errorsAreCaughtWithAClearMessage() {
        Main.register("test-oom", "test-oom  (test only)", (a, out, err) -> {
            throw new OutOfMemoryError("Java heap space");
        });
        Result r = lab("test-oom");
        assertEquals(1, r.code);
        assertTrue(r.err.contains("ran out of memory") && r.err.contains("-Xmx") && r.err.lines().count() == 1, r.err);
    }

    @Test
    void anErrorInsideARunRemovesItsHalfMadeDirectory() throws Exception {
        RunStore store = RunStore.at(tmp.resolve("runs"));
        ExperimentConfig c = ExperimentConfig.fromJson(TINY);
        org.lotterylab.prune.ImpListener failing = new org.lotterylab.prune.ImpListener() {
            @Override
            public void onEpoch(int level, int epoch, double trainLoss, double validationLoss) {
                throw new OutOfMemoryError("simulated");
            }
        };
        assertThrows(OutOfMemoryError.class, () -> Main.runOrRemove(store, c, failing));
        assertFalse(Files.exists(store.dir(c)), "the half-made run directory is left");
    }

    @Test
    void helpConfigListsEveryDeclaredField() {
        Result r = lab("help", "config");
        assertEquals(0, r.code, r.err);
        for (var e : ExperimentConfig.fields()) {
            assertTrue(r.out.contains("  " + e.path() + "  "), e.path());
        }
        assertTrue(r.out.contains("training.learningRate  a number, default 0.001, in (0, inf)\n      step size"), r.out);
        assertTrue(r.out.contains("training.batchSize  an integer or \"full\", default 64"), r.out);
        assertTrue(r.out.contains("model.hidden"), r.out);
    }

    @Test
    void schedule() {
        Result r = lab("schedule", "--shape", "4,8,8,2", "--target", "20", "--levels", "4", "--extend", "2");
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("\"p0\" : 112") && r.out.contains("\"trajectory\"") && r.out.contains("\"extensionLevel\" : 2"), r.out);
        r = lab("schedule", "--shape", "4,8,8,2", "--target", "112", "--levels", "20");
        assertEquals(1, r.code);
        assertTrue(r.err.contains("target 112") && r.err.contains("P0 = 112"), r.err);
        r = lab("schedule", "--shape", "4,x,2", "--target", "3", "--levels", "2");
        assertEquals(1, r.code);
        assertTrue(r.err.contains("--shape"), r.err);
    }

    @Test
    void impRunsShowAndSweep() throws Exception {
        Path cfg = tmp.resolve("tiny.json");
        Files.writeString(cfg, TINY);
        String store = tmp.resolve("runs").toString();
        Result r = lab("imp", cfg.toString(), "--store", store);
        assertEquals(0, r.code, r.err);
        String hash = ExperimentConfig.read(cfg).hash();
        assertTrue(r.out.contains(hash) && r.out.contains("category"), r.out);
        // Level statuses are throttled on stderr; the last line is the run's final state.
        assertTrue(r.err.contains("run " + hash + ": training level 0 of 3"), r.err);
        List<String> errLines = r.err.strip().lines().toList();
        assertTrue(errLines.get(errLines.size() - 1).matches("run " + hash + ": complete, levels 0-3 computed in [0-9.]+ s"), r.err);

        Path sweep = tmp.resolve("sweep.json");
        Files.writeString(sweep, "{\"base\": " + TINY + ", \"vary\": {\"model.hidden\": [5, 6]}, \"seeds\": 1}");
        r = lab("sweep", sweep.toString(), "--threads", "2", "--shard", "0/1", "--store", store);
        assertEquals(0, r.code, r.err);
        assertTrue(r.err.contains("2 runs, 1 stored, 1 to compute"), r.err);

        r = lab("runs", "--store", store);
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains(hash) && r.out.contains("4-6-6-2") && r.out.contains("4-5-5-2") && r.out.contains("complete"), r.out);
        r = lab("runs", "shape=4-5-5-2", "--store", store);
        assertFalse(r.out.contains(hash), r.out);
        r = lab("runs", "--verify", "--store", store);
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("all 2 runs verified"), r.out);

        r = lab("show", hash.substring(0, 5), "--store", store);
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("provenance") && r.out.contains("split_value") && r.out.contains("\"levels\" : 3"), r.out);
        Path graphs = tmp.resolve("graphs");
        r = lab("show", hash.substring(0, 5), "--graphml", graphs.toString(), "--level", "2", "--store", store);
        assertEquals(0, r.code, r.err);
        assertEquals(List.of(graphs.resolve("level-002.graphml")), listed(graphs));
        // The file is the graph of the stored level, as the library exports it.
        Path direct = tmp.resolve("direct");
        RunStore.at(tmp.resolve("runs")).get(hash).exportGraphml(2, direct);
        assertEquals(Files.readString(direct.resolve("level-002.graphml")), Files.readString(graphs.resolve("level-002.graphml")));
        r = lab("show", hash.substring(0, 5), "--graphml", graphs.toString(), "--store", store);
        assertEquals(0, r.code, r.err);
        // Three pruning levels: the dense level 0 and levels 1 to 3.
        assertEquals(4, listed(graphs).size(), r.out);
        r = lab("show", hash.substring(0, 5), "--graphml", graphs.toString(), "--level", "4", "--store", store);
        assertEquals(1, r.code);
        assertTrue(r.err.contains("--level 4 is not stored") && r.err.contains("levels 0 to 3"), r.err);
        r = lab("show", "zzzz", "--store", store);
        assertEquals(1, r.code);
        assertTrue(r.err.contains("no stored run matches"), r.err);

        Files.delete(tmp.resolve("runs").resolve(hash).resolve("levels/001/mask_w0.npy"));
        r = lab("runs", "--verify", "--store", store);
        assertEquals(1, r.code);
        assertTrue(r.out.contains("corrupt") && r.out.contains("mask_w0.npy"), r.out);
        r = lab("imp", cfg.toString(), "--store", store);
        assertEquals(1, r.code);
        assertTrue(r.err.contains("is corrupt") && r.err.contains("delete"), r.err);
    }

    @Test
    void verifyReportsRunsWithoutChecksumsAndShowRefusesACorruptHeader() throws Exception {
        Path cfg = tmp.resolve("tiny.json");
        Files.writeString(cfg, TINY);
        String store = tmp.resolve("runs").toString();
        assertEquals(0, lab("imp", cfg.toString(), "--store", store).code);
        Result r = lab("runs", "--verify", "--store", store);
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("all 1 runs verified against their checksums"), r.out);

        String hash = ExperimentConfig.read(cfg).hash();
        Path run = tmp.resolve("runs").resolve(hash);
        Files.delete(run.resolve("manifest.json"));
        for (int t = 0; t < 4; t++) {
            Files.delete(run.resolve("levels/00" + t + "/manifest.json"));
        }
        r = lab("runs", "--verify", "--store", store);
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains(hash + ": no checksums (stored before checksums were added")
                && r.out.contains("all 1 runs verified (1 without checksums)"), r.out);

        Path f = run.resolve("levels/002/trained_w0.npy");
        byte[] b = Files.readAllBytes(f);
        b[20] = 'x';
        Files.write(f, b);
        r = lab("show", hash.substring(0, 6), "--store", store);
        assertEquals(1, r.code);
        assertTrue(r.out.contains("(corrupt)") && r.out.contains("problem: levels/002/trained_w0.npy should hold"), r.out);
        r = lab("imp", cfg.toString(), "--store", store);
        assertEquals(1, r.code);
        assertTrue(r.err.contains("is corrupt") && r.err.contains("trained_w0.npy"), r.err);
        r = lab("runs", "--verify", "--store", store);
        assertEquals(1, r.code);
        assertTrue(r.out.contains(hash + ": levels/002/trained_w0.npy should hold"), r.out);
    }

    private static List<Path> listed(Path dir) throws java.io.IOException {
        try (var files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}
