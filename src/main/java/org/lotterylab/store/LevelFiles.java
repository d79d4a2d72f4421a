package org.lotterylab.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lotterylab.io.AtomicFiles;
import org.lotterylab.model.Activation;
import org.lotterylab.model.Mask;
import org.lotterylab.model.Network;
import org.lotterylab.prune.Reset;

/**
 * The files of one level directory {@code levels/NNN/}, in one of two layouts; the level's
 * {@link Manifest} {@code manifest.json} says which ({@code layout}; a level without a manifest,
 * or with a format-1 one, is layout 1). Weight layer {@code l} of a network of shape {@code s}
 * has {@code out = s[l+1]} rows and {@code in = s[l]} columns, numpy's {@code W[out, in]}, the
 * network's own row-major layout; "mask order" is that row-major order restricted to the kept
 * weights, the order of {@code W[mask]} in numpy.
 *
 * <p><b>Layout 2</b> (written since December 2026), per weight layer {@code l}:
 * <ul>
 *   <li>{@code mask_w<l>.npy}: the weight mask bit-packed along rows, {@code |u1} of shape
 *       {@code (out, ceil(in / 8))}, most significant bit first (numpy's default), padding bits
 *       0: {@code np.unpackbits(np.load(f), axis=1, count=in).astype(bool)};</li>
 *   <li>{@code mask_b<l>.npy}: the bias mask, {@code |b1} of shape {@code (out,)};</li>
 *   <li>{@code trained_w<l>.npy}: the trained kept weights in mask order, {@code <f4} of shape
 *       {@code (kept,)}; pruned weights are exactly 0: {@code W = np.zeros((out, in), 'f4');
 *       W[mask] = np.load(f)};</li>
 *   <li>{@code trained_b<l>.npy}: the trained biases, {@code <f4} of shape {@code (out,)}
 *       (pruned ones 0);</li>
 *   <li>at level 0 only, {@code init_w<l>.npy} ({@code <f4}, {@code (out, in)}) and
 *       {@code init_b<l>.npy}: the initial parameters, dense; a rewind run also has its rewind
 *       point {@code rewind_w<l>.npy}, {@code rewind_b<l>.npy}, dense. A later level of a reset-to-init run
 *       started from level 0's init with its own mask applied, one of a rewind run from the
 *       rewind point with its mask: neither is stored again ({@link Recorder} checks the
 *       equality before it writes);</li>
 *   <li>at a later level of a re-initialising run, whose start is fresh for every level,
 *       {@code init_w<l>.npy} holds its kept initial weights in mask order ({@code (kept,)}) and
 *       {@code init_b<l>.npy} its biases.</li>
 * </ul>
 * No GraphML is stored: {@link StoredRun#exportGraphml} writes it from these arrays on request.
 *
 * <p><b>Byte budget</b> of layout 2, for {@code P} weights over {@code B} biases and a level
 * keeping {@code k} weights: the packed masks take {@code sum_l out*ceil(in/8)} (about
 * {@code P/8}) bytes, the trained weights {@code 4k}, the biases {@code 5B} (mask, trained) plus
 * 128 bytes of header per file; level 0 adds {@code 4(P + B)} for the init (twice that for a rewind
 * run), a later level of a re-initialising run {@code 4(k + B)}. The thesis' shape (1568, 784,
 * 392, 20) has {@code P = 1,544,480}, {@code B = 1,196}; pruned at rate 0.3247 over 20 levels,
 * its 21 levels keep {@code sum_t P(1-0.3247)^t}, about {@code 3.08 P = 4.75M} weights (the
 * schedule's counts sum to 4,754,746), so the run takes 19.02 MB of trained weights,
 * 21 x 193,060 bytes = 4.05 MB of masks, 6.18 MB of init and 0.16 MB of biases and headers:
 * 29.41 MB (35.6 MB with a rewind point, 42.4 MB re-initialising; measured by
 * {@code StoreSizeBench} in test scope: 29.48 MB with the CSV and JSON files). Layout 1 took
 * 13.9 MB of arrays per level and GraphML of 147 bytes per kept weight plus 0.44 MB per level:
 * 1,001 MB for the same run.
 *
 * <p><b>Layout 1</b> (runs stored before): per weight layer the masks {@code mask_w<l>.npy}
 * ({@code |b1}, {@code (out, in)}) and {@code mask_b<l>.npy}, the parameters the level started
 * training from, {@code init_w<l>.npy} and {@code init_b<l>.npy}, and after training,
 * {@code trained_w<l>.npy} and {@code trained_b<l>.npy}, all dense; the graph
 * {@code level-NNN.graphml}; at level 0 of a rewind run also the rewind point. Still read.
 *
 * <p>Reading checks each header byte for byte against the one this library writes for the
 * expected type and shape (for the kept weights, the count of the level's mask).
 */
final class LevelFiles {
    /** The layout this library writes. */
    static final int LAYOUT = 2;

    private LevelFiles() {
    }

    static String dirName(int level) {
        return String.format(Locale.ROOT, "%03d", level);
    }

    /**
     * The layout of a level directory without a manifest, by the type of its first mask
     * ({@code |u1}: 2): levels stored before checksums are layout 1, but tests strip the
     * manifests of layout-2 runs to stand in for them. 1 when the file is missing or unreadable
     * (the checks of layout 1 then report it).
     */
    static int layoutOf(Path dir) {
        try (var in = Files.newInputStream(dir.resolve("mask_w0.npy"))) {
            String head = new String(in.readNBytes(64), StandardCharsets.US_ASCII);
            return head.contains("'descr': '|u1'") ? 2 : 1;
        } catch (IOException e) {
            return 1;
        }
    }

    /** The GraphML file of a level of layout 1 (layout 2 stores none). */
    static String graphName(int level) {
        return String.format(Locale.ROOT, "level-%03d.graphml", level);
    }

    /**
     * Writes level {@code level} in layout 2: {@code initial} only at level 0 (dense) or, for a
     * re-initialising run ({@code mode} REINIT), sparse; {@code rewind} (level 0 of a rewind run) dense.
     *
     * @throws IllegalStateException if a pruned weight of {@code trained} or {@code initial} is not +0
     *         (the invariant of {@link Network}), since the sparse files could not give it back
     */
    static void write(Path dir, Network initial, Network trained, Network rewind, int level, Reset.Mode mode) {
        Mask m = trained.mask();
        int[] s = trained.shape();
        for (int l = 0; l + 1 < s.length; l++) {
            AtomicFiles.write(dir.resolve("mask_w" + l + ".npy"), packBits(m.weights(l), s[l + 1], s[l]));
            Npy.write(dir.resolve("mask_b" + l + ".npy"), m.biases(l), s[l + 1]);
            if (level == 0) {
                writeDense(dir, "init", initial, l);
            } else if (mode == Reset.Mode.REINIT) {
                writeSparse(dir, "init", initial, m, l);
            }
            writeSparse(dir, "trained", trained, m, l);
            if (rewind != null) {
                writeDense(dir, "rewind", rewind, l);
            }
        }
    }

    private static void writeDense(Path dir, String prefix, Network n, int l) {
        int[] s = n.shape();
        Npy.write(dir.resolve(prefix + "_w" + l + ".npy"), n.weights(l), s[l + 1], s[l]);
        Npy.write(dir.resolve(prefix + "_b" + l + ".npy"), n.biases(l), s[l + 1]);
    }

    private static void writeSparse(Path dir, String prefix, Network n, Mask m, int l) {
        float[] w = n.weights(l);
        boolean[] keep = m.weights(l);
        float[] kept = new float[m.keptWeights(l)];
        int j = 0;
        for (int k = 0; k < w.length; k++) {
            if (keep[k]) {
                kept[j++] = w[k];
            } else if (Float.floatToRawIntBits(w[k]) != 0) {
                throw new IllegalStateException(prefix + " weight " + k + " of layer " + l
                        + " is pruned but holds " + w[k] + ", not +0");
            }
        }
        Npy.write(dir.resolve(prefix + "_w" + l + ".npy"), kept, kept.length);
        Npy.write(dir.resolve(prefix + "_b" + l + ".npy"), n.biases(l), n.shape()[l + 1]);
    }

    /** The NPY bytes of a boolean matrix bit-packed along rows ({@code np.packbits(m, axis=1)}). */
    static byte[] packBits(boolean[] values, int rows, int cols) {
        int stride = (cols + 7) / 8;
        byte[] head = Npy.header("|u1", new int[] {rows, stride});
        byte[] out = Arrays.copyOf(head, head.length + rows * stride);
        for (int r = 0; r < rows; r++) {
            int base = head.length + r * stride;
            for (int c = 0; c < cols; c++) {
                if (values[r * cols + c]) {
                    out[base + (c >> 3)] |= (byte) (0x80 >>> (c & 7));
                }
            }
        }
        return out;
    }

    /**
     * The boolean matrix of {@link #packBits} bytes.
     *
     * @throws IllegalArgumentException naming the file if its header is not that of a
     *         {@code |u1} array of shape {@code (rows, ceil(cols / 8))}, or a padding bit is set
     */
    static boolean[] unpackBits(byte[] all, String name, int rows, int cols) {
        int stride = (cols + 7) / 8;
        int off = checkHeader(all, name, "|u1", rows, stride);
        if (all.length != off + (long) rows * stride) {
            throw new IllegalArgumentException(name + ": expected " + rows * stride
                    + " bytes of packed bits, the file is truncated or too long");
        }
        boolean[] v = new boolean[rows * cols];
        for (int r = 0; r < rows; r++) {
            int base = off + r * stride;
            for (int c = 0; c < cols; c++) {
                v[r * cols + c] = (all[base + (c >> 3)] & (0x80 >>> (c & 7))) != 0;
            }
            int pad = stride * 8 - cols;
            if (pad > 0 && (all[base + stride - 1] & ((1 << pad) - 1)) != 0) {
                throw new IllegalArgumentException(name + ": row " + r + " sets padding bits beyond column " + cols);
            }
        }
        return v;
    }

    /** The offset of the data after a header that must be byte for byte {@link Npy#header}{@code (descr, shape)}. */
    private static int checkHeader(byte[] all, String name, String descr, int... shape) {
        byte[] want = Npy.header(descr, shape);
        if (all.length < want.length || !Arrays.equals(all, 0, want.length, want, 0, want.length)) {
            String got = all.length < 10 ? "(no NPY header)"
                    : new String(all, 10, Math.max(0, Math.min(all.length, want.length) - 10), StandardCharsets.US_ASCII)
                            .trim();
            throw new IllegalArgumentException(name + " should hold a " + descr + " array of shape "
                    + Arrays.toString(shape) + " in C order, but its header says: " + got);
        }
        return want.length;
    }

    /** One .npy file of a level: its name, numpy type ({@code <f4}, {@code |b1} or {@code |u1}) and shape. */
    record NpyFile(String name, String descr, int[] shape) {
        /** Its exact size in bytes. */
        long size() {
            long n = 1;
            for (int x : shape) {
                n *= x;
            }
            return Npy.header(descr, shape).length + n * (descr.equals("<f4") ? 4 : 1);
        }

        /**
         * The bytes of this file decoded as what it must be (the header checked byte for byte).
         *
         * @throws IllegalArgumentException naming the file if it is not
         */
        void check(byte[] all) {
            if (descr.equals("|u1")) {
                unpackBits(all, name, shape[0], shape[1] * 8);
            } else {
                Npy.decode(all, name, descr, shape);
            }
        }
    }

    /**
     * What a level directory holds.
     *
     * @param shape  the network's shape
     * @param layout 1 or 2
     * @param level  the level
     * @param mode   the run's reset mode
     * @param kept   the kept weights per layer (layout 2 needs them for the sparse files' shapes)
     */
    record Spec(int[] shape, int layout, int level, Reset.Mode mode, int[] kept) {
        /** The .npy files, in a fixed order. */
        List<NpyFile> npyFiles() {
            List<NpyFile> out = new ArrayList<>();
            int[] s = shape;
            boolean rewind = level == 0 && mode == Reset.Mode.REWIND;
            for (int l = 0; l + 1 < s.length; l++) {
                int[] ws = {s[l + 1], s[l]};
                int[] bs = {s[l + 1]};
                int[] sparse = layout == 1 ? ws : new int[] {kept[l]};
                out.add(new NpyFile("mask_w" + l + ".npy", layout == 1 ? "|b1" : "|u1",
                        layout == 1 ? ws : new int[] {s[l + 1], (s[l] + 7) / 8}));
                out.add(new NpyFile("mask_b" + l + ".npy", "|b1", bs));
                if (layout == 1 || level == 0 || mode == Reset.Mode.REINIT) {
                    out.add(new NpyFile("init_w" + l + ".npy", "<f4", level == 0 ? ws : sparse));
                    out.add(new NpyFile("init_b" + l + ".npy", "<f4", bs));
                }
                out.add(new NpyFile("trained_w" + l + ".npy", "<f4", sparse));
                out.add(new NpyFile("trained_b" + l + ".npy", "<f4", bs));
                if (rewind) {
                    out.add(new NpyFile("rewind_w" + l + ".npy", "<f4", ws));
                    out.add(new NpyFile("rewind_b" + l + ".npy", "<f4", bs));
                }
            }
            return out;
        }

        /** Every file the level directory must hold, with its exact size (0 = any size > 0). */
        Map<String, Long> expected() {
            Map<String, Long> out = new LinkedHashMap<>();
            for (NpyFile f : npyFiles()) {
                out.put(f.name(), f.size());
            }
            if (layout == 1) {
                out.put(graphName(level), 0L);
            }
            return out;
        }
    }

    /** The first missing or wrongly sized file of a level directory, or null if all are fine. */
    static String problem(Path dir, Spec spec) {
        if (!Files.isDirectory(dir)) {
            return "level directory " + dir.getFileName() + " is missing";
        }
        for (Map.Entry<String, Long> e : spec.expected().entrySet()) {
            Path f = dir.resolve(e.getKey());
            try {
                long size = Files.size(f);
                if (e.getValue() == 0 ? size == 0 : size != e.getValue()) {
                    return dir.getFileName() + "/" + e.getKey() + " has " + size + " bytes, expected "
                            + (e.getValue() == 0 ? "some" : e.getValue()) + " (truncated"
                            + (spec.layout() == 2 && e.getKey().matches("(trained|init)_w\\d+\\.npy") && spec.level() > 0
                                    ? ", or levels.csv's kept weights edited)" : ")");
                }
            } catch (IOException x) {
                return dir.getFileName() + "/" + e.getKey() + " is missing";
            }
        }
        return null;
    }

    /** The bytes of a level's files by name; the store's reader checks them against the level's checksums. */
    @FunctionalInterface
    interface Reader {
        byte[] read(String name);
    }

    /** Masks of a level of {@code layout}. */
    static Mask mask(Reader files, int[] s, int layout) {
        int layers = s.length - 1;
        boolean[][] w = new boolean[layers][];
        boolean[][] b = new boolean[layers][];
        for (int l = 0; l < layers; l++) {
            String name = "mask_w" + l + ".npy";
            w[l] = layout == 1 ? read(files, name, "|b1", s[l + 1], s[l]).booleans()
                    : unpackBits(files.read(name), name, s[l + 1], s[l]);
            b[l] = read(files, "mask_b" + l + ".npy", "|b1", s[l + 1]).booleans();
        }
        return Mask.of(s, w, b);
    }

    /** The dense network {@code prefix} ("init", "trained", "rewind") of a level, with {@code mask} applied. */
    static Network network(Reader files, String prefix, int[] s, Activation act, Mask mask) {
        int layers = s.length - 1;
        float[][] w = new float[layers][];
        float[][] b = new float[layers][];
        for (int l = 0; l < layers; l++) {
            w[l] = read(files, prefix + "_w" + l + ".npy", "<f4", s[l + 1], s[l]).floats();
            b[l] = read(files, prefix + "_b" + l + ".npy", "<f4", s[l + 1]).floats();
        }
        return Network.of(s, act, w, b, mask);
    }

    /** The network {@code prefix} of a level whose weights are stored in mask order ({@code (kept,)}). */
    static Network sparse(Reader files, String prefix, int[] s, Activation act, Mask mask) {
        int layers = s.length - 1;
        float[][] w = new float[layers][];
        float[][] b = new float[layers][];
        for (int l = 0; l < layers; l++) {
            float[] kept = read(files, prefix + "_w" + l + ".npy", "<f4", mask.keptWeights(l)).floats();
            boolean[] keep = mask.weights(l);
            w[l] = new float[keep.length];
            for (int k = 0, j = 0; k < keep.length; k++) {
                if (keep[k]) {
                    w[l][k] = kept[j++];
                }
            }
            b[l] = read(files, prefix + "_b" + l + ".npy", "<f4", s[l + 1]).floats();
        }
        return Network.of(s, act, w, b, mask);
    }

    private static Npy read(Reader files, String name, String descr, int... shape) {
        return Npy.decode(files.read(name), name, descr, shape);
    }
}
