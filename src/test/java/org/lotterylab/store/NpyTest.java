package org.lotterylab.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    @TempDir
    Path tmp;

    @Test
    void headerIsValidNpy10() {
        byte[] b = Npy.encode(new float[] {1, -2.5f, 3, 4, 5, 6}, 2, 3);
        assertEquals((byte) 0x93, b[0]);
        assertEquals("NUMPY", new String(b, 1, 5, StandardCharsets.US_ASCII));
        assertEquals(1, b[6]);
        assertEquals(0, b[7]);
        int len = (b[8] & 0xff) | (b[9] & 0xff) << 8;
        assertEquals(0, (10 + len) % 64);
        String h = new String(b, 10, len, StandardCharsets.US_ASCII);
        assertTrue(h.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"), h);
        assertTrue(h.endsWith("\n"));
        assertEquals(10 + len + 24, b.length);
        assertTrue(new String(Npy.header("|b1", new int[] {5}), StandardCharsets.US_ASCII).contains("'shape': (5,)"));
    }

    @Test
    void roundTrip() {
        float[] f = {0.1f, Float.NaN, -0f, Float.MAX_VALUE};
        Npy.write(tmp.resolve("f.npy"), f, 4);
        Npy r = Npy.read(tmp.resolve("f.npy"));
        assertEquals("<f4", r.descr());
        assertArrayEquals(new int[] {4}, r.shape());
        assertArrayEquals(f, r.floats());
        boolean[] m = {true, false, true, true, false, false};
        Npy.write(tmp.resolve("m.npy"), m, 3, 2);
        Npy rm = Npy.read(tmp.resolve("m.npy"));
        assertArrayEquals(m, rm.booleans());
        assertArrayEquals(new int[] {3, 2}, rm.shape());
        byte[] cut = Npy.encode(f, 4);
        assertThrows(IllegalArgumentException.class, () -> Npy.decode(Arrays.copyOf(cut, cut.length - 1), "cut"));
    }

    @Test
    void numpyReadsIt() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")));
        Process probe = new ProcessBuilder("/usr/bin/python3", "-c", "import numpy").start();
        assumeTrue(probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0, "numpy not installed");
        Npy.write(tmp.resolve("w.npy"), new float[] {1.5f, -2, 3, 4, 5, 6}, 2, 3);
        Npy.write(tmp.resolve("m.npy"), new boolean[] {true, false, true}, 3);
        String script = "import numpy as np, sys\n"
                + "w = np.load(sys.argv[1]); m = np.load(sys.argv[2])\n"
                + "print(w.dtype, w.shape, float(w[0,0]), float(w[1,2]), m.dtype, m.shape, int(m.sum()))\n";
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", script, tmp.resolve("w.npy").toString(),
                tmp.resolve("m.npy").toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals("float32 (2, 3) 1.5 6.0 bool (3,) 2", out);
    }

    @Test
    void decodingAsAnExpectedShapeComparesTheWholeHeader() {
        byte[] b = Npy.encode(new boolean[] {true, false, true, true, false, false}, 2, 3);
        assertArrayEquals(new int[] {2, 3}, Npy.decode(b, "m.npy", "|b1", new int[] {2, 3}).shape());
        // the same bytes read as another shape of the same size, or another type, are refused
        String m = assertThrows(IllegalArgumentException.class, () -> Npy.decode(b, "m.npy", "|b1", new int[] {3, 2}))
                .getMessage();
        assertTrue(m.contains("m.npy should hold a |b1 array of shape [3, 2]") && m.contains("|b1 array of shape [2, 3]"), m);
        assertThrows(IllegalArgumentException.class, () -> Npy.decode(b, "m.npy", "<f4", new int[] {2, 3}));
        byte[] broken = b.clone();
        broken[12] = 'x';
        m = assertThrows(IllegalArgumentException.class, () -> Npy.decode(broken, "m.npy", "|b1", new int[] {2, 3}))
                .getMessage();
        assertTrue(m.contains("its header says: invalid NPY header"), m);
    }
}
