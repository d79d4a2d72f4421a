package org.lotterylab.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lotterylab.experiment.ExperimentConfig;
import org.lotterylab.experiment.Fixtures;
import org.lotterylab.io.Json;
import org.lotterylab.model.Mask;
import org.lotterylab.model.Network;
import org.lotterylab.prune.ImpListener;
import org.lotterylab.prune.Reset;
import org.lotterylab.prune.Schedule;
import org.lotterylab.train.Trainer;
import tech.tablesaw.api.Table;

/**
 * The compact level layout (2) against the dense one (1) runs were stored in before: the runs of
 * the fixture {@code stored-layout-1}, written by the library at aac8e1f, load and give bit for
 * bit what the same configs computed now and stored in layout 2 give; a partial layout-1 run
 * resumes into layout 2; numpy reads layout 2 as documented; its sizes are the byte budget.
 */
class LayoutTest {
    static final Path FIXTURE = Path.of("src/test/resources/org/lotterylab/store/stored-layout-1");

    @TempDir
    Path tmp;

    /** The fixture's configs: reset to init, rewind to step 3, re-init with pruned biases. */
    static List<ExperimentConfig> configs() {
        ExperimentConfig t = Fixtures.tiny();
        return List.of(t, t.toBuilder().pruning(t.pruning().toBuilder().reset(Reset.rewind(3)).build()).build(),
                t.toBuilder().pruning(t.pruning().toBuilder().reset(Reset.reinit()).biases(true).build()).build());
    }

    private static ImpListener noCompute() {
        return new ImpListener() {
            @Override
            public void onStart(Schedule s, int first) {
                throw new AssertionError("a stored run must not be computed");
            }
        };
    }

    private static void copy(Path src, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(src)) {
            for (Path p : s.toList()) {
                Path d = to.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(d);
                } else {
                    Files.copy(p, d);
                }
            }
        }
    }

    static long size(Path d) throws IOException {
        return StoreSizeBench.size(d);
    }

    /** Bit for bit: the same float32 values, signed zeros and NaN payloads included. */
    private static void assertSameBits(float[] want, float[] got, String what) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) {
            if (Float.floatToRawIntBits(want[i]) != Float.floatToRawIntBits(got[i])) {
                throw new AssertionError(what + "[" + i + "]: " + want[i] + " != " + got[i]);
            }
        }
    }

    private static void assertSameNetwork(Network want, Network got, String what) {
        assertEquals(want.mask(), got.mask(), what + " mask");
        for (int l = 0; l < want.layers(); l++) {
            assertSameBits(want.weights(l), got.weights(l), what + " weights " + l);
            assertSameBits(want.biases(l), got.biases(l), what + " biases " + l);
        }
    }

    /** levels.csv without the wall times, which differ between two computations. */
    private static Table timeless(StoredRun r) {
        Table t = r.levels();
        return t.removeColumns("seconds");
    }

    /** Everything a reader gets of run {@code a} equals what it gets of {@code b}, for the same config. */
    private static void assertSameRun(StoredRun a, StoredRun b, Path graphs) throws IOException {
        assertEquals(a.levelCount(), b.levelCount());
        assertEquals(timeless(a).print(1000), timeless(b).print(1000));
        assertEquals(a.curves().print(10_000), b.curves().print(10_000));
        RunSummary sa = a.summary().orElseThrow();
        RunSummary sb = b.summary().orElseThrow();
        // all but the time it was written
        assertEquals(List.of(sa.hash(), sa.category(), String.valueOf(sa.splitLevel()), String.valueOf(sa.degradationLevel()),
                sa.levels(), sa.plannedLevels(), sa.stopped(), sa.denseTestAcc(), sa.finalTestAcc(), sa.finalTestLoss(),
                sa.finalTestAccPerTask(), sa.finalPrunable(), sa.finalDensity()),
                List.of(sb.hash(), sb.category(), String.valueOf(sb.splitLevel()), String.valueOf(sb.degradationLevel()),
                sb.levels(), sb.plannedLevels(), sb.stopped(), sb.denseTestAcc(), sb.finalTestAcc(), sb.finalTestLoss(),
                sb.finalTestAccPerTask(), sb.finalPrunable(), sb.finalDensity()));
        for (int t = 0; t < a.levelCount(); t++) {
            assertEquals(a.mask(t), b.mask(t), "mask " + t);
            assertSameNetwork(a.initial(t), b.initial(t), "initial " + t);
            assertSameNetwork(a.trained(t), b.trained(t), "trained " + t);
            assertEquals(a.lesions(t).isPresent(), b.lesions(t).isPresent());
        }
        if (a.config().pruning().reset().mode() == Reset.Mode.REWIND) {
            Mask full = Mask.full(a.startShape());
            assertSameNetwork(a.network(0, "rewind", full), b.network(0, "rewind", full), "rewind point");
        }
        assertEquals(a.history().levels(), b.history().levels());
        assertEquals(RunStore.resetSource(a) == null, RunStore.resetSource(b) == null);
    }

    private static boolean sameKernel(Path run) {
        var sessions = StoredRun.readProvenance(run).get("sessions");
        return sessions.get(0).path("kernel").asText().equals(Trainer.kernelName());
    }

    @Test
    void runsStoredInLayoutOneLoadAndEqualTheSameRunsStoredNow() throws IOException {
        for (ExperimentConfig c : configs()) {
            Path src = FIXTURE.resolve(c.hash());
            assertTrue(Files.isDirectory(src), "the fixture holds no run " + c.hash() + " for reset " + c.pruning().reset());
            Path oldRoot = tmp.resolve("old-" + c.hash());
            copy(src, oldRoot.resolve(c.hash()));
            RunStore oldStore = RunStore.at(oldRoot);
            StoredRun a = oldStore.run(c, noCompute());
            assertEquals(RunStatus.COMPLETE, a.status(), a.problem());
            assertTrue(a.hasChecksums());
            StoredRun verified = oldStore.list(true).get(0);
            assertEquals(RunStatus.COMPLETE, verified.status(), verified.problem());

            StoredRun b = RunStore.at(tmp.resolve("new")).run(c);
            for (int t = 0; t < a.levelCount(); t++) {
                assertEquals(1, a.layout(t));
                assertEquals(2, b.layout(t));
            }
            assertEquals(RunStatus.COMPLETE, RunStore.at(tmp.resolve("new")).get(c.hash()).status());
            System.out.printf("toy run %s (reset %s): layout 1 %d bytes, layout 2 %d bytes%n", c.hash(),
                    c.pruning().reset().mode(), size(a.dir()), size(b.dir()));
            assumeTrue(sameKernel(src), "the fixture was computed on another kernel; values may differ at rounding level");
            assertSameRun(a, b, tmp.resolve("graphs"));
            // GraphML from the arrays is byte for byte what layout 1 stored
            for (int t = 0; t < a.levelCount(); t++) {
                Path g = b.exportGraphml(t, tmp.resolve("graphs-" + c.hash()));
                assertArrayEquals(Files.readAllBytes(a.levelDir(t).resolve(LevelFiles.graphName(t))), Files.readAllBytes(g),
                        "GraphML of level " + t);
            }
        }
    }

    @Test
    void aPartialLayoutOneRunResumesInLayoutTwoToTheSameRun() throws IOException {
        for (ExperimentConfig c : configs()) {
            Path root = tmp.resolve("partial-" + c.hash());
            Path dir = root.resolve(c.hash());
            copy(FIXTURE.resolve(c.hash()), dir);
            // as a kill after level 1 leaves it: two rows, levels 000 and 001, no summary or run manifest
            List<String> rows = Files.readAllLines(dir.resolve(RunDir.LEVELS_CSV));
            Files.write(dir.resolve(RunDir.LEVELS_CSV), rows.subList(0, 3));
            List<String> curves = new ArrayList<>();
            for (String line : Files.readAllLines(dir.resolve(RunDir.CURVES_CSV))) {
                if (line.startsWith("level") || Integer.parseInt(line.split(",")[0]) < 2) {
                    curves.add(line);
                }
            }
            Files.write(dir.resolve(RunDir.CURVES_CSV), curves);
            Files.delete(dir.resolve(RunDir.SUMMARY));
            Files.delete(dir.resolve(Manifest.FILE));
            for (String level : new String[] {"002", "003"}) {
                try (Stream<Path> s = Files.walk(dir.resolve("levels").resolve(level))) {
                    for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            RunStore store = RunStore.at(root);
            assertEquals(RunStatus.PARTIAL, store.find(c).orElseThrow().status());
            boolean sameKernel = sameKernel(dir);
            if (!sameKernel) {
                // Levels from another kernel are never finished with this one (two arithmetics in
                // one run) ...
                CorruptRunException e = assertThrows(CorruptRunException.class, () -> store.run(c));
                assertTrue(e.getMessage().contains("resuming would mix two arithmetics"), e.getMessage());
                assertTrue(e.getMessage().contains(Trainer.kernelName()), e.getMessage());
                // ... so, to test the layout change on any machine, the fixture's levels are
                // relabelled as this kernel's: the values of its levels 0-1 stay the other kernel's.
                ObjectNode provenance = StoredRun.readProvenance(dir);
                for (JsonNode session : provenance.get("sessions")) {
                    ((ObjectNode) session).put("kernel", Trainer.kernelName());
                }
                Files.writeString(dir.resolve(RunDir.PROVENANCE), Json.pretty(provenance));
            }
            StoredRun resumed = store.run(c);
            assertEquals(RunStatus.COMPLETE, resumed.status(), resumed.problem());
            assertEquals(List.of(1, 1, 2, 2), List.of(resumed.layout(0), resumed.layout(1), resumed.layout(2),
                    resumed.layout(3)));
            StoredRun verified = store.list(true).get(0);
            assertEquals(RunStatus.COMPLETE, verified.status(), verified.problem());
            assumeTrue(sameKernel, "the fixture was computed on another kernel");
            StoredRun fresh = RunStore.at(tmp.resolve("fresh")).run(c);
            assertSameRun(fresh, resumed, tmp.resolve("g"));
            // and the levels it computed are the files a fresh run writes
            for (int t = 2; t < 4; t++) {
                assertEquals(arrays(fresh.levelDir(t)), arrays(resumed.levelDir(t)), "level " + t);
            }
        }
    }

    /** The .npy files of a level directory, name to hex bytes. */
    private static Map<String, String> arrays(Path levelDir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.list(levelDir)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".npy")).toList()) {
                out.put(p.getFileName().toString(), HexFormat.of().formatHex(Files.readAllBytes(p)));
            }
        }
        return out;
    }

    @Test
    void theSameConfigWritesTheSameFiles() throws IOException {
        ExperimentConfig c = configs().get(2);
        StoredRun a = RunStore.at(tmp.resolve("a")).run(c);
        StoredRun b = RunStore.at(tmp.resolve("b")).run(c);
        for (int t = 0; t < a.levelCount(); t++) {
            Map<String, String> fa = arrays(a.levelDir(t));
            assertFalse(fa.isEmpty());
            assertEquals(fa, arrays(b.levelDir(t)), "level " + t);
            assertEquals(Manifest.Level.read(a.levelDir(t)).files(), Manifest.Level.read(b.levelDir(t)).files());
        }
    }

    @Test
    void levelSizesAreTheByteBudgetWorkedOutByHand() throws IOException {
        // [4, 6, 6, 2], reset to init, no bias pruning, 20 weights kept at level 3. Every header is
        // 128 bytes. A later level: 3 layers x 4 files (packed mask, bias mask, kept weights,
        // biases) = 12 x 128 = 1536 bytes of headers; packed masks 6 rows x 1 byte + 6 x 1 + 2 x 1
        // = 14; bias masks 6 + 6 + 2 = 14; biases 4 x 14 = 56; kept weights 4 x 20 = 80: 1700.
        // Level 0 keeps all 24 + 36 + 12 = 72 weights (288 bytes instead of 80) and adds the dense
        // init: 6 x 128 + 4 x 72 + 4 x 14 = 1112 bytes: 3020.
        StoredRun r = RunStore.at(tmp).run(Fixtures.tiny());
        assertEquals(20, r.mask(3).keptWeights());
        assertEquals(1700, npyBytes(r.levelDir(3)));
        assertEquals(3020, npyBytes(r.levelDir(0)));
        for (int t = 0; t < r.levelCount(); t++) {
            assertEquals(StoreSizeBench.budget(r.startShape(), r.mask(t), t, Reset.Mode.INIT), npyBytes(r.levelDir(t)));
        }
        // the re-init run of the same shape keeps its sparse start at every later level:
        // 3 x 2 more files (kept init weights, init biases) = 768 + 4 x kept + 56
        StoredRun re = RunStore.at(tmp).run(configs().get(2));
        for (int t = 1; t < re.levelCount(); t++) {
            Mask m = re.mask(t);
            long plain = 12 * 128 + 14 + 14 + 56 + 4L * m.keptWeights();
            assertEquals(plain + 6 * 128 + 4L * m.keptWeights() + 56, npyBytes(re.levelDir(t)), "level " + t);
        }
    }

    private static long npyBytes(Path levelDir) throws IOException {
        try (Stream<Path> s = Files.list(levelDir)) {
            return s.filter(p -> p.toString().endsWith(".npy")).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    @Test
    void aSetPaddingBitIsFoundByVerifyAndWhenTheMaskIsRead() throws IOException {
        RunStore store = RunStore.at(tmp);
        ExperimentConfig c = Fixtures.tiny();
        StoredRun r = store.run(c);
        ManifestTest.removeChecksums(r.dir());
        // mask_w0 has 4 columns: each row's byte uses its 4 high bits, the low 4 are padding
        Path f = r.levelDir(1).resolve("mask_w0.npy");
        byte[] b = Files.readAllBytes(f);
        b[128 + 2] |= 0x01;
        Files.write(f, b);
        StoredRun v = store.list(true).get(0);
        assertEquals(RunStatus.CORRUPT, v.status());
        assertTrue(v.problem().contains("levels/001/mask_w0.npy: row 2 sets padding bits beyond column 4"), v.problem());
        StoredRun opened = store.run(c, noCompute()); // headers are fine: it opens
        CorruptRunException e = assertThrows(CorruptRunException.class, () -> opened.mask(1));
        assertTrue(e.getMessage().contains("levels/001/mask_w0.npy: row 2 sets padding bits")
                && e.getMessage().contains(r.dir().toString()), e.getMessage());
    }

    @Test
    void numpyReadsEveryArrayOfAStoredLevelAsDocumented() throws Exception {
        boolean numpy = Files.isExecutable(Path.of("/usr/bin/python3"))
                && new ProcessBuilder("/usr/bin/python3", "-c", "import numpy").start().waitFor() == 0;
        assumeTrue(numpy, "/usr/bin/python3 with numpy is not installed: the numpy check is skipped");
        // re-init with pruned biases: sparse init at later levels; rewind: the rewind point at level 0
        for (ExperimentConfig c : List.of(configs().get(2), configs().get(1))) {
            StoredRun r = RunStore.at(tmp).run(c);
            int[] s = r.startShape();
            for (int t : new int[] {0, 2}) {
                String script = """
                        import sys, numpy as np
                        d, shape, t, mode = sys.argv[1], [int(x) for x in sys.argv[2].split(',')], int(sys.argv[3]), sys.argv[4]
                        def hexf(a): return np.ascontiguousarray(a, dtype='<f4').tobytes().hex()
                        for l in range(len(shape) - 1):
                            o, i = shape[l + 1], shape[l]
                            m = np.unpackbits(np.load(f'{d}/mask_w{l}.npy'), axis=1, count=i).astype(bool)
                            mb = np.load(f'{d}/mask_b{l}.npy')
                            assert m.shape == (o, i) and mb.dtype == np.bool_ and mb.shape == (o,)
                            w = np.zeros((o, i), '<f4'); w[m] = np.load(f'{d}/trained_w{l}.npy')
                            print('mask', l, ''.join('1' if x else '0' for x in m.ravel()), ''.join('1' if x else '0' for x in mb))
                            print('trained', l, hexf(w), hexf(np.load(f'{d}/trained_b{l}.npy')))
                            if t == 0:
                                print('init', l, hexf(np.load(f'{d}/init_w{l}.npy')), hexf(np.load(f'{d}/init_b{l}.npy')))
                            elif mode == 'REINIT':
                                w0 = np.zeros((o, i), '<f4'); w0[m] = np.load(f'{d}/init_w{l}.npy')
                                print('init', l, hexf(w0), hexf(np.load(f'{d}/init_b{l}.npy')))
                            if t == 0 and mode == 'REWIND':
                                print('rewind', l, hexf(np.load(f'{d}/rewind_w{l}.npy')), hexf(np.load(f'{d}/rewind_b{l}.npy')))
                        """;
                String mode = c.pruning().reset().mode().name();
                Process p = new ProcessBuilder("/usr/bin/python3", "-c", script, r.levelDir(t).toString(),
                        s[0] + "," + s[1] + "," + s[2] + "," + s[3], Integer.toString(t), mode).redirectErrorStream(true)
                        .start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertTrue(p.waitFor(60, TimeUnit.SECONDS));
                assertEquals(0, p.exitValue(), out);
                List<String> want = new ArrayList<>();
                Mask m = r.mask(t);
                Network trained = r.trained(t);
                Network init = r.initial(t);
                for (int l = 0; l < s.length - 1; l++) {
                    want.add("mask " + l + " " + bits(m.weights(l)) + " " + bits(m.biases(l)));
                    want.add("trained " + l + " " + hex(trained.weights(l)) + " " + hex(trained.biases(l)));
                    if (t == 0 || mode.equals("REINIT")) {
                        want.add("init " + l + " " + hex(init.weights(l)) + " " + hex(init.biases(l)));
                    }
                    if (t == 0 && mode.equals("REWIND")) {
                        Network rw = r.network(0, "rewind", Mask.full(s));
                        want.add("rewind " + l + " " + hex(rw.weights(l)) + " " + hex(rw.biases(l)));
                    }
                }
                assertEquals(want, out.lines().toList(), c.pruning().reset() + " level " + t);
            }
        }
    }

    private static String bits(boolean[] b) {
        StringBuilder sb = new StringBuilder();
        for (boolean x : b) {
            sb.append(x ? '1' : '0');
        }
        return sb.toString();
    }

    private static String hex(float[] v) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * v.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            b.putFloat(x);
        }
        return HexFormat.of().formatHex(b.array());
    }
}
