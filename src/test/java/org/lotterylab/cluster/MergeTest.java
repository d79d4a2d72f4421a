package org.lotterylab.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lotterylab.experiment.ConfigException;
import org.lotterylab.experiment.ExperimentConfig;
import org.lotterylab.store.RunStatus;
import org.lotterylab.store.RunStore;

class MergeTest {
    @TempDir
    Path tmp;

    private static Map<String, Merge.Outcome> outcomes(List<Merge.Result> rs) {
        Map<String, Merge.Outcome> m = new TreeMap<>();
        rs.forEach(r -> m.put(r.hash(), r.outcome()));
        return m;
    }

    /** Every file of a directory tree, relative path to bytes. */
    static Map<String, byte[]> files(Path dir) throws Exception {
        Map<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                m.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return m;
    }

    static void assertSameFiles(Path a, Path b) throws Exception {
        Map<String, byte[]> fa = files(a);
        Map<String, byte[]> fb = files(b);
        assertEquals(fa.keySet(), fb.keySet());
        fa.forEach((k, v) -> assertArrayEquals(v, fb.get(k), k));
    }

    @Test
    void copiesCompleteRunsSkipsPartialOnesAndFindsTheSameRunsOnASecondMerge() throws Exception {
        List<ExperimentConfig> c = Tiny.sweep().configs();
        RunStore there = RunStore.at(tmp.resolve("there"));
        there.run(c.get(0));
        there.run(c.get(1));
        SweepStatusTest.partial(there, c.get(2));
        RunStore here = RunStore.at(tmp.resolve("here"));

        List<Merge.Result> first = Merge.merge(there.root(), here);
        assertEquals(Map.of(c.get(0).hash(), Merge.Outcome.COPIED, c.get(1).hash(), Merge.Outcome.COPIED,
                c.get(2).hash(), Merge.Outcome.SKIPPED), outcomes(first));
        for (int i = 0; i < 2; i++) {
            // the copy holds exactly the files there, byte for byte, the lock file left out
            Files.deleteIfExists(there.dir(c.get(i)).resolve(".lock"));
            assertSameFiles(there.dir(c.get(i)), here.dir(c.get(i)));
        }
        assertEquals(List.of(RunStatus.COMPLETE, RunStatus.COMPLETE),
                here.list(true).stream().map(r -> r.status()).toList());
        try (Stream<Path> s = Files.list(here.root())) {
            assertEquals(2, s.count(), "no temp folder is left beside the two runs");
        }
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        int code = Merge.report(Merge.merge(there.root(), here), there.root(), here, new PrintStream(o, true, StandardCharsets.UTF_8));
        assertEquals(0, code);
        assertTrue(o.toString(StandardCharsets.UTF_8).contains("3 runs there, 0 copied, 2 already here with the same results,"
                + " 0 refused, 1 skipped (partial)"), o.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aRunWithTheSameHashAndOtherResultsIsRefusedAndNothingHereChanges() throws Exception {
        ExperimentConfig c = Tiny.sweep().configs().get(0);
        RunStore here = RunStore.at(tmp.resolve("here"));
        here.run(c);
        Map<String, byte[]> before = files(here.dir(c));

        // "there": the same run, one trained weight changed in its last bit and the checksums
        // sealed again, so it passes verification but holds other results.
        Path other = tmp.resolve("there");
        Path run = other.resolve(c.hash());
        Files.createDirectories(other);
        copyTree(here.dir(c), run);
        Path w = run.resolve("levels/001/trained_w0.npy");
        byte[] b = Files.readAllBytes(w);
        b[b.length - 1] ^= 1;
        Files.write(w, b);
        reseal(run, "levels/001", "trained_w0.npy");
        assertEquals(RunStatus.COMPLETE, RunStore.at(other).list(true).get(0).status(), "the altered run must verify");

        List<Merge.Result> r = Merge.merge(other, here);
        assertEquals(1, r.size());
        assertEquals(Merge.Outcome.REFUSED, r.get(0).outcome());
        assertTrue(r.get(0).reason().startsWith("same config hash, different results (levels/001/trained_w0.npy differs);"),
                r.get(0).reason());
        assertTrue(r.get(0).reason().contains("nothing overwritten"), r.get(0).reason());
        Map<String, byte[]> after = files(here.dir(c));
        assertEquals(before.keySet(), after.keySet());
        before.forEach((k, v) -> assertArrayEquals(v, after.get(k), k));
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        assertEquals(1, Merge.report(r, other, here, new PrintStream(o, true, StandardCharsets.UTF_8)));

        // Changed without sealing again: it fails verification there and is refused for that.
        Files.write(w, Files.readAllBytes(here.dir(c).resolve("levels/001/trained_w1.npy")));
        List<Merge.Result> r2 = Merge.merge(other, here);
        assertEquals(Merge.Outcome.REFUSED, r2.get(0).outcome());
        assertTrue(r2.get(0).reason().startsWith("fails verification there: "), r2.get(0).reason());
    }

    @Test
    void aPartialRunHereIsNeverReplaced() throws Exception {
        ExperimentConfig c = Tiny.sweep().configs().get(0);
        RunStore there = RunStore.at(tmp.resolve("there"));
        there.run(c);
        RunStore here = RunStore.at(tmp.resolve("here"));
        SweepStatusTest.partial(here, c);
        List<Merge.Result> r = Merge.merge(there.root(), here);
        assertEquals(Merge.Outcome.REFUSED, r.get(0).outcome());
        assertTrue(r.get(0).reason().startsWith("the run here is partial (2 levels"), r.get(0).reason());
        assertEquals(RunStatus.PARTIAL, here.find(c).orElseThrow().status());
    }

    @Test
    void badStoresAreNamed() {
        RunStore here = RunStore.at(tmp.resolve("here"));
        ConfigException e = assertThrows(ConfigException.class, () -> Merge.merge(tmp.resolve("nope"), here));
        assertTrue(e.getMessage().contains("is not a folder"), e.getMessage());
        ConfigException self = assertThrows(ConfigException.class, () -> Merge.merge(tmp.resolve("here"),
                RunStore.at(tmpCreate(tmp.resolve("here")))));
        assertTrue(self.getMessage().contains("is this store itself"), self.getMessage());
    }

    @Test
    void runContentIgnoresWallTimesOnly() {
        Map<String, String> a = new TreeMap<>(Map.of("levels.csv level 0 test_acc", "0.5", "levels/000/x.npy", "ab"));
        Map<String, String> b = new TreeMap<>(a);
        assertNull(RunContent.difference(a, b, true));
        b.put("levels.csv level 0 test_acc", "0.75");
        assertEquals("levels.csv level 0 test_acc: 0.5 here, 0.75 there", RunContent.difference(a, b, true));
        b.put("levels.csv level 0 test_acc", "0.5");
        b.put("levels.csv level 0 modularity", "0.1");
        assertNull(RunContent.difference(a, b, false), "a column only one side has is not compared");
        assertEquals("levels.csv level 0 modularity is only there", RunContent.difference(a, b, true));
    }

    private static Path tmpCreate(Path p) {
        try {
            return Files.createDirectories(p);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.sorted().toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else if (!p.getFileName().toString().equals(".lock")) {
                    Files.copy(p, t);
                }
            }
        }
    }

    /** Writes the new SHA-256 of {@code level/file} into the level manifest and that manifest's into the run manifest. */
    private static void reseal(Path run, String level, String file) throws Exception {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Path lm = run.resolve(level).resolve("manifest.json");
        ObjectNode l = (ObjectNode) json.readTree(Files.readString(lm));
        ((ObjectNode) l.get("files")).put(file, RunContent.sha256(run.resolve(level).resolve(file)));
        Files.writeString(lm, json.writeValueAsString(l) + "\n");
        Path rm = run.resolve("manifest.json");
        ObjectNode r = (ObjectNode) json.readTree(Files.readString(rm));
        ((ObjectNode) r.get("files")).put(level + "/manifest.json", RunContent.sha256(lm));
        Files.writeString(rm, json.writeValueAsString(r) + "\n");
    }
}
