package org.lotterylab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lotterylab.experiment.ExperimentConfig;

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
        assertTrue(r.err.contains("level 3/3 done"), r.err);

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
}
