package org.lotterylab.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lotterylab.experiment.ExperimentConfig;
import org.lotterylab.experiment.Fixtures;
import org.lotterylab.prune.ImpListener;
import org.lotterylab.prune.Schedule;

/**
 * The run store's checksums: every corruption found by issue 14's adversarial test is found by
 * {@code ./lab runs --verify} ({@link RunStore#list(boolean)}) and, where the run reads the
 * file, by opening or loading it; runs stored before checksums still load.
 */
class ManifestTest {
    @TempDir
    Path tmp;

    /** The store's view of {@code ./lab runs --verify}: the one run's status after a full check. */
    private static StoredRun verify(RunStore store) {
        List<StoredRun> all = store.list(true);
        assertEquals(1, all.size());
        return all.get(0);
    }

    private static void assertVerifyFinds(RunStore store, String... words) {
        StoredRun r = verify(store);
        assertEquals(RunStatus.CORRUPT, r.status(), "verify passed");
        for (String w : words) {
            assertTrue(r.problem().contains(w), "\"" + w + "\" not in: " + r.problem());
        }
    }

    private static CorruptRunException assertRunRefused(RunStore store, ExperimentConfig c, String... words) {
        CorruptRunException e = assertThrows(CorruptRunException.class, () -> store.run(c, noCompute()));
        for (String w : words) {
            assertTrue(e.getMessage().contains(w), "\"" + w + "\" not in: " + e.getMessage());
        }
        return e;
    }

    private static ImpListener noCompute() {
        return new ImpListener() {
            @Override
            public void onStart(Schedule s, int first) {
                throw new AssertionError("a stored run must not be computed");
            }
        };
    }

    private static ImpListener crashAtLevel2() {
        return new ImpListener() {
            @Override
            public void onEpoch(int level, int epoch, double trainLoss, double validationLoss) {
                if (level == 2 && epoch == 3) {
                    throw new IllegalStateException("simulated crash");
                }
            }
        };
    }

    /** Deletes every manifest of a run: the run as a library before checksums stored it. */
    static void removeChecksums(Path run) throws IOException {
        Files.deleteIfExists(run.resolve(Manifest.FILE));
        try (Stream<Path> s = Files.list(run.resolve(RunDir.LEVELS_DIR))) {
            for (Path l : s.toList()) {
                Files.deleteIfExists(l.resolve(Manifest.FILE));
            }
        }
    }

    /** Every file under {@code dir} with its bytes (as hex), to show a directory was not touched. */
    private static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted().toList()) {
                String rel = dir.relativize(p).toString();
                out.put(rel, Files.isDirectory(p) ? "dir" : java.util.HexFormat.of().formatHex(Files.readAllBytes(p)));
            }
        }
        return out;
    }

    private static void flipLastByte(Path f) throws IOException {
        flipByte(f, -1);
    }

    /** Flips the lowest bit of byte {@code i} of a file ({@code -1}: the last byte). */
    private static void flipByte(Path f, int i) throws IOException {
        byte[] b = Files.readAllBytes(f);
        b[i < 0 ? b.length - 1 : i] ^= 1;
        Files.write(f, b);
    }

    @Test
    void aCompleteRunIsSealedAndEveryFileIsCovered() throws IOException {
        RunStore store = RunStore.at(tmp);
        ExperimentConfig c = Fixtures.tiny();
        StoredRun r = store.run(c);
        assertTrue(r.hasChecksums());
        // the level manifest lists every other file of the level, with the SHA-256 computed here afresh
        Manifest.Level m = Manifest.Level.read(r.levelDir(2));
        try (Stream<Path> s = Files.list(r.levelDir(2))) {
            List<Path> files = s.filter(p -> !p.getFileName().toString().equals(Manifest.FILE)).toList();
            assertEquals(files.size(), m.files().size());
            for (Path f : files) {
                String sha = java.util.HexFormat.of().formatHex(
                        java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
                assertEquals(sha, m.files().get(f.getFileName().toString()), f.toString());
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        assertEquals(c.hash(), m.run());
        String line = Files.readAllLines(r.dir().resolve(RunDir.LEVELS_CSV)).get(3) + "\n";
        assertEquals(Manifest.sha256(line), m.levelsRow());
        assertEquals(RunStatus.COMPLETE, verify(store).status());

        // one flipped bit in any file of the run is found by --verify, and the run is whole again once restored
        List<Path> all;
        try (Stream<Path> s = Files.walk(r.dir())) {
            all = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals(RunDir.LOCK)).toList();
        }
        // 5 files and the run manifest; level 0: its manifest, 3 layers x (2 masks, init, trained as
        // weights and biases); levels 1-3: manifest, 3 x (2 masks, trained weights and biases)
        assertEquals(5 + 1 + (1 + 3 * 6) + 3 * (1 + 3 * 4), all.size(), all.toString());
        for (Path f : all) {
            byte[] before = Files.readAllBytes(f);
            for (int at : new int[] {before.length / 2, -1}) {
                flipByte(f, at);
                StoredRun v = verify(store);
                assertEquals(RunStatus.CORRUPT, v.status(), r.dir().relativize(f) + " changed at " + at + ", but verify passed");
                Files.write(f, before);
            }
        }
        assertEquals(RunStatus.COMPLETE, verify(store).status());
        // hidden files (a file manager's) are no part of the run; any other extra file is
        Files.writeString(r.levelDir(1).resolve(".DS_Store"), "x");
        assertEquals(RunStatus.COMPLETE, verify(store).status());
        Files.writeString(r.levelDir(1).resolve("notes.txt"), "x");
        assertVerifyFinds(store, "levels/001/ holds", "notes.txt");
    }

    @Test
    void aFlippedDataByteIsFoundByVerifyAndByLoading() throws IOException {
        RunStore store = RunStore.at(tmp);
        ExperimentConfig c = Fixtures.tiny();
        StoredRun r = store.run(c);
        float before = r.trained(2).weights(1)[35];
        Path f = r.levelDir(2).resolve("trained_w1.npy");
        flipLastByte(f); // the lowest mantissa bit of the last weight: still a valid float
        assertVerifyFinds(store, "levels/002/trained_w1.npy does not match its checksum");
        StoredRun opened = store.run(c, noCompute()); // the header is fine: the run opens
        CorruptRunException e = assertThrows(CorruptRunException.class, () -> opened.trained(2));
        assertTrue(e.getMessage().contains("levels/002/trained_w1.npy does not match its checksum")
                && e.getMessage().contains(r.dir().toString()), e.getMessage());
        opened.trained(1); // the other levels still load
        flipLastByte(f);
        assertEquals(before, store.run(c).trained(2).weights(1)[35]);
    }

    @Test
    void aChangedShapeHeaderIsFoundByVerifyAndWhenTheRunIsOpened() throws IOException {
        for (boolean old : new boolean[] {false, true}) {
            RunStore store = RunStore.at(tmp.resolve("store-" + old));
            ExperimentConfig c = Fixtures.tiny();
            StoredRun r = store.run(c);
            if (old) {
                removeChecksums(r.dir());
            }
            // mask_w0 is 6 x 4 packed to 6 x 1 bytes; as 1 x 6 it has the same size, so only the header tells
            Path f = r.levelDir(1).resolve("mask_w0.npy");
            String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            assertTrue(text.contains("'|u1'") && text.contains("(6, 1)"));
            Files.write(f, text.replace("(6, 1)", "(1, 6)").getBytes(StandardCharsets.ISO_8859_1));
            if (old) {
                assertVerifyFinds(store, "levels/001/mask_w0.npy should hold a |u1 array of shape [6, 1]", "(1, 6)");
            } else {
                assertVerifyFinds(store, "levels/001/mask_w0.npy does not match its checksum");
            }
            assertRunRefused(store, c, "mask_w0.npy should hold", "--verify");
            assertEquals(RunStatus.CORRUPT, store.get(c.hash().substring(0, 6)).status()); // ./lab show
        }
    }

    @Test
    void anOverwrittenHeaderIsFoundWhenTheRunIsOpened() throws IOException {
        RunStore store = RunStore.at(tmp);
        ExperimentConfig c = Fixtures.tiny();
        StoredRun r = store.run(c);
        Path f = r.levelDir(0).resolve("init_w2.npy");
        byte[] b = Files.readAllBytes(f);
        for (int i = 10; i < 40; i++) {
            b[i] = 'x';
        }
        Files.write(f, b);
        assertVerifyFinds(store, "levels/000/init_w2.npy");
        assertRunRefused(store, c, "levels/000/init_w2.npy should hold a <f4 array of shape [2, 6]");
        StoredRun shown = store.get(c.hash().substring(0, 5));
        assertEquals(RunStatus.CORRUPT, shown.status());
        assertTrue(shown.problem().contains("init_w2.npy"), shown.problem());
    }

    @Test
    void anEditedValueInLevelsCsvIsFound() throws IOException {
        RunStore store = RunStore.at(tmp);
        ExperimentConfig c = Fixtures.tiny();
        StoredRun r = store.run(c);
        Path csv = r.dir().resolve(RunDir.LEVELS_CSV);
        String full = Files.readString(csv);
        Csv.Parsed p = Csv.parse(full);
        String[] row = p.rows().get(1).clone();
        int col = p.column("test_acc");
        row[col] = Double.toString(Double.parseDouble(row[col]) + 0.125);
        List<String[]> rows = new java.util.ArrayList<>(p.rows());
        rows.set(1, row);
        Files.writeString(csv, Csv.format(p.header(), rows));
        assertVerifyFinds(store, "levels.csv level 1 does not match its checksum in levels/001/manifest.json");
        assertRunRefused(store, c, "levels.csv level 1");

        // without checksums, an edited count is still found against the mask
        Files.writeString(csv, full);
        removeChecksums(r.dir());
        row = p.rows().get(2).clone();
        col = p.column("prunable_l1");
        row[col] = Integer.toString(Integer.parseInt(row[col]) + 1);
        rows = new java.util.ArrayList<>(p.rows());
        rows.set(2, row);
        Files.writeString(csv, Csv.format(p.header(), rows));
        assertVerifyFinds(store, "levels.csv level 2 has prunable_l1 = ", "but the mask in levels/002/ keeps");
    }

    @Test
    void anEditedConfigInARenamedDirectoryIsFound() throws IOException {
        ExperimentConfig c = Fixtures.tiny();
        // fewer pruning levels: levels.csv then has more rows than the schedule has levels
        for (boolean old : new boolean[] {false, true}) {
            RunStore store = RunStore.at(tmp.resolve("levels-" + old));
            StoredRun r = store.run(c);
            if (old) {
                removeChecksums(r.dir());
            }
            ExperimentConfig edited = c.with("pruning.levels", 2);
            Files.writeString(r.dir().resolve(RunDir.CONFIG), edited.toJson());
            Files.move(r.dir(), store.dir(edited));
            assertVerifyFinds(store, "levels.csv has 4 rows, but the schedule of config.json has 3 levels (0..2)");
            assertRunRefused(store, edited, "levels.csv has 4 rows");
        }
        // an edit the schedule does not see: the manifests name the run they were written for
        RunStore store = RunStore.at(tmp.resolve("epochs"));
        StoredRun r = store.run(c);
        ExperimentConfig edited = c.with("training.maxEpochs", 21);
        Files.writeString(r.dir().resolve(RunDir.CONFIG), edited.toJson());
        Files.move(r.dir(), store.dir(edited));
        assertVerifyFinds(store, "levels/000/manifest.json was written for level 0 of run " + c.hash(),
                "not level 0 of run " + edited.hash());
        assertRunRefused(store, edited, "was written for level 0 of run " + c.hash());
    }

    @Test
    void aPartialRunWithUnreadableProvenanceIsRefusedAndLeftAsItWas() throws IOException {
        ExperimentConfig c = Fixtures.tiny();
        for (String damage : List.of("unreadable", "missing")) {
            RunStore store = RunStore.at(tmp.resolve(damage));
            assertThrows(IllegalStateException.class, () -> store.run(c, crashAtLevel2()));
            Path dir = store.dir(c);
            Path prov = dir.resolve(RunDir.PROVENANCE);
            if (damage.equals("missing")) {
                Files.delete(prov);
            } else {
                Files.writeString(prov, "{ \"sessions\" : [ { \"numerics\" : ");
            }
            Map<String, String> before = snapshot(dir);
            CorruptRunException e = assertRunRefused(store, c, "provenance.json is " + damage, "--verify", "delete");
            assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
            assertEquals(before, snapshot(dir), "the partial run was touched");
            assertVerifyFinds(store, "provenance.json is " + damage);
            assertEquals(before, snapshot(dir));
        }
    }

    @Test
    void runsStoredBeforeChecksumsStillLoad() throws IOException {
        // stored by the library at 2ca4a26, the last commit before checksums
        Path src = Path.of("src/test/resources/org/lotterylab/store/stored-before-checksums");
        Path root = tmp.resolve("runs");
        try (Stream<Path> s = Files.walk(src)) {
            for (Path p : s.toList()) {
                Path to = root.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        RunStore store = RunStore.at(root);
        ExperimentConfig c = ExperimentConfig.read(root.resolve("d25f485df0a6/config.json"));
        assertEquals("d25f485df0a6", c.hash());
        StoredRun r = store.run(c, noCompute());
        assertEquals(RunStatus.COMPLETE, r.status());
        assertFalse(r.hasChecksums());
        assertEquals(4, r.levelCount());
        StoredRun v = verify(store);
        assertEquals(RunStatus.COMPLETE, v.status(), v.problem());
        assertFalse(v.hasChecksums());
        // what it loads agrees with what levels.csv recorded at the time
        var levels = r.levels();
        for (int t = 0; t < 4; t++) {
            assertEquals(levels.intColumn("prunable").getInt(t), r.mask(t).keptWeights());
            assertEquals(levels.intColumn("scheduled").getInt(t), c.schedule().remaining(t));
        }
        assertEquals(20, r.trained(3).mask().keptWeights());
        assertEquals(List.of(0, 1, 2, 3), r.history().levels());
        assertFalse(Files.exists(r.dir().resolve(Manifest.FILE)), "loading must not write");
    }

    @Test
    void aPartialRunStoredBeforeChecksumsIsSealedWhenResumed() throws IOException {
        ExperimentConfig c = Fixtures.tiny();
        StoredRun whole = RunStore.at(tmp.resolve("whole")).run(c);
        RunStore store = RunStore.at(tmp.resolve("broken"));
        assertThrows(IllegalStateException.class, () -> store.run(c, crashAtLevel2()));
        Path dir = store.dir(c);
        removeChecksums(dir);
        StoredRun partial = store.find(c).orElseThrow();
        assertEquals(RunStatus.PARTIAL, partial.status());
        assertFalse(partial.hasChecksums());
        // as an earlier resume killed while sealing leaves it: level 1 sealed, a temp file in level 0
        Manifest.Level.seal(partial.levelDir(1), c.hash(), 1, Manifest.row(partial.levelsParsed().rows().get(1)),
                Manifest.curves(partial.curvesParsed(), 1), partial.layout(1));
        Path leftover = partial.levelDir(0).resolve(".tmp-manifest.json-123.tmp.json");
        Files.writeString(leftover, "{");
        StoredRun half = store.find(c).orElseThrow();
        assertEquals(RunStatus.PARTIAL, half.status(), half.problem());
        assertEquals(1, half.firstSealed());
        StoredRun done = store.run(c);
        assertFalse(Files.exists(leftover));
        assertEquals(RunStatus.COMPLETE, done.status());
        assertTrue(done.hasChecksums());
        assertEquals(RunStatus.COMPLETE, verify(store).status(), verify(store).problem());
        for (int t = 0; t < 4; t++) {
            assertEquals(Manifest.Level.read(whole.levelDir(t)).files(), Manifest.Level.read(done.levelDir(t)).files(),
                    "level " + t + " differs from the uninterrupted run");
        }
    }

    @Test
    void aDeletedManifestIsFound() throws IOException {
        RunStore store = RunStore.at(tmp);
        ExperimentConfig c = Fixtures.tiny();
        StoredRun r = store.run(c);
        Path level2 = r.levelDir(2).resolve(Manifest.FILE);
        byte[] m = Files.readAllBytes(level2);
        Files.delete(level2);
        assertVerifyFinds(store, "levels/002/manifest.json is missing");
        assertRunRefused(store, c, "levels/002/manifest.json is missing");
        Files.write(level2, m);
        Path run = r.dir().resolve(Manifest.FILE);
        Files.delete(run);
        assertVerifyFinds(store, "manifest.json is missing");
    }

    @Test
    void aCrashBetweenTheRunManifestAndTheSummaryIsResumed() throws IOException {
        RunStore store = RunStore.at(tmp);
        ExperimentConfig c = Fixtures.tiny();
        StoredRun r = store.run(c);
        byte[] level3 = Files.readAllBytes(r.levelDir(3).resolve("trained_w0.npy"));
        Files.delete(r.dir().resolve(RunDir.SUMMARY)); // the run manifest is there, the summary not yet
        assertEquals(RunStatus.PARTIAL, store.find(c).orElseThrow().status());
        StoredRun done = store.run(c);
        assertEquals(RunStatus.COMPLETE, done.status());
        assertEquals(RunStatus.COMPLETE, verify(store).status());
        assertArrayEquals(level3, Files.readAllBytes(done.levelDir(3).resolve("trained_w0.npy")));
        assertNotEquals(null, done.summary().orElse(null));
    }
}
