package org.lotterylab.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lotterylab.graph.GraphMLExport;
import org.lotterylab.model.Activation;
import org.lotterylab.model.Mask;
import org.lotterylab.model.Network;

/**
 * The files of one level directory {@code levels/NNN/}: per weight layer {@code l}, the masks
 * {@code mask_w<l>.npy} ({@code |b1}, shape out x in) and {@code mask_b<l>.npy} (out), the
 * parameters the level started training from, {@code init_w<l>.npy} and {@code init_b<l>.npy}
 * ({@code <f4}), and after training, {@code trained_w<l>.npy} and {@code trained_b<l>.npy};
 * the graph {@code level-NNN.graphml}; at level 0 of a rewind run also the rewind point
 * {@code rewind_w<l>.npy}, {@code rewind_b<l>.npy}. Weights are stored as numpy's
 * {@code W[out, in]}, the network's own row-major layout. Beside them, the level's
 * {@link Manifest} {@code manifest.json}. Reading checks each header byte for byte against the
 * one this library writes for the expected type and shape.
 */
final class LevelFiles {
    private LevelFiles() {
    }

    static String dirName(int level) {
        return String.format(Locale.ROOT, "%03d", level);
    }

    static String graphName(int level) {
        return String.format(Locale.ROOT, "level-%03d.graphml", level);
    }

    static void write(Path dir, Network initial, Network trained, Network rewind, int level) {
        Mask m = trained.mask();
        int[] s = trained.shape();
        for (int l = 0; l + 1 < s.length; l++) {
            Npy.write(dir.resolve("mask_w" + l + ".npy"), m.weights(l), s[l + 1], s[l]);
            Npy.write(dir.resolve("mask_b" + l + ".npy"), m.biases(l), s[l + 1]);
            writeParams(dir, "init", initial, l);
            writeParams(dir, "trained", trained, l);
            if (rewind != null) {
                writeParams(dir, "rewind", rewind, l);
            }
        }
        GraphMLExport.writeLevel(trained, dir, level);
    }

    private static void writeParams(Path dir, String prefix, Network n, int l) {
        int[] s = n.shape();
        Npy.write(dir.resolve(prefix + "_w" + l + ".npy"), n.weights(l), s[l + 1], s[l]);
        Npy.write(dir.resolve(prefix + "_b" + l + ".npy"), n.biases(l), s[l + 1]);
    }

    /** One .npy file of a level: its name, numpy type ({@code <f4} or {@code |b1}) and shape. */
    record NpyFile(String name, String descr, int[] shape) {
        /** Its exact size in bytes. */
        long size() {
            long n = 1;
            for (int x : shape) {
                n *= x;
            }
            return Npy.header(descr, shape).length + n * (descr.equals("<f4") ? 4 : 1);
        }
    }

    /** The .npy files of a level of a network of shape {@code s}, in a fixed order. */
    static List<NpyFile> npyFiles(int[] s, boolean rewind) {
        List<NpyFile> out = new ArrayList<>();
        for (int l = 0; l + 1 < s.length; l++) {
            int[] ws = {s[l + 1], s[l]};
            int[] bs = {s[l + 1]};
            out.add(new NpyFile("mask_w" + l + ".npy", "|b1", ws));
            out.add(new NpyFile("mask_b" + l + ".npy", "|b1", bs));
            for (String p : rewind ? new String[] {"init", "trained", "rewind"} : new String[] {"init", "trained"}) {
                out.add(new NpyFile(p + "_w" + l + ".npy", "<f4", ws));
                out.add(new NpyFile(p + "_b" + l + ".npy", "<f4", bs));
            }
        }
        return out;
    }

    /** Every file a level directory must hold, with its exact size (0 = any size > 0). */
    static Map<String, Long> expected(int[] s, int level, boolean rewind) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (NpyFile f : npyFiles(s, rewind)) {
            out.put(f.name(), f.size());
        }
        out.put(graphName(level), 0L);
        return out;
    }

    /** The first missing or wrongly sized file of a level directory, or null if all are fine. */
    static String problem(Path dir, int[] shape, int level, boolean rewind) {
        if (!Files.isDirectory(dir)) {
            return "level directory " + dir.getFileName() + " is missing";
        }
        for (Map.Entry<String, Long> e : expected(shape, level, rewind).entrySet()) {
            Path f = dir.resolve(e.getKey());
            try {
                long size = Files.size(f);
                if (e.getValue() == 0 ? size == 0 : size != e.getValue()) {
                    return dir.getFileName() + "/" + e.getKey() + " has " + size + " bytes, expected "
                            + (e.getValue() == 0 ? "some" : e.getValue()) + " (truncated)";
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

    /** Masks of a level. */
    static Mask mask(Reader files, int[] s) {
        int layers = s.length - 1;
        boolean[][] w = new boolean[layers][];
        boolean[][] b = new boolean[layers][];
        for (int l = 0; l < layers; l++) {
            w[l] = read(files, "mask_w" + l + ".npy", "|b1", s[l + 1], s[l]).booleans();
            b[l] = read(files, "mask_b" + l + ".npy", "|b1", s[l + 1]).booleans();
        }
        return Mask.of(s, w, b);
    }

    /** The network {@code prefix} ("init", "trained", "rewind") of a level, with {@code mask}. */
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

    private static Npy read(Reader files, String name, String descr, int... shape) {
        return Npy.decode(files.read(name), name, descr, shape);
    }
}
