package org.lotterylab.data;

import java.util.Arrays;
import org.lotterylab.rng.Rng;

/**
 * What the {@link Task.Image} records share: the declarations of their config fields (written
 * once here, used by both records), validation, value equality (their class subset is an array),
 * balanced sampling, area averaging and the scaler's statistics.
 */
final class ImageTasks {
    private ImageTasks() {
    }

    // The @Param texts of both image records.
    static final String CLASSES_DOC = "the source classes this task keeps, in label order: label i is subset[i]"
            + " (0..9, distinct, at least 2)";
    static final String ALL_CLASSES = "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]";
    static final String SIZE_DOC = "side of the images in pixels, by area averaging of the 28 x 28 source"
            + " (28, 14 or 12; any side up to 28)";
    static final String SIZE_DEFAULT = "28";
    static final String SIZE_RANGE = "[1, 28]";
    static final String TRAIN_DOC = "training images per class (balanced, drawn from the data seed)";
    static final String TRAIN_DEFAULT = "700";
    static final String VALIDATION_DOC = "validation images per class";
    static final String TEST_DOC = "test images per class";
    static final String HELDOUT_DEFAULT = "80";
    static final String SCALER_DOC = "how pixels are scaled with training statistics: standard, minmax (to [0, 1])"
            + " or minmax_symmetric (to [-1, 1])";
    static final String SCALER_DEFAULT = "standard";
    static final String PER_PIXEL_DOC = "whether the scaler's statistics are taken per pixel rather than over all"
            + " the task's pixels";

    /** Whether two image tasks of one record type hold the same field values (subsets compared by content). */
    static boolean sameFields(Task.Image a, Task.Image b) {
        return Arrays.equals(a.subset(), b.subset()) && a.size() == b.size() && a.trainPerClass() == b.trainPerClass()
                && a.validationPerClass() == b.validationPerClass() && a.testPerClass() == b.testPerClass()
                && a.scaler() == b.scaler() && a.perPixel() == b.perPixel();
    }

    /** A hash consistent with {@link #sameFields}. */
    static int hash(Task.Image t) {
        return 31 * Arrays.hashCode(t.subset()) + java.util.Objects.hash(t.size(), t.trainPerClass(),
                t.validationPerClass(), t.testPerClass(), t.scaler(), t.perPixel());
    }

    /** E.g. {@code Mnist[subset=[0, 1], size=12, perClass=100/25/25, scaler=STANDARD]}. */
    static String describe(Task.Image t) {
        return t.getClass().getSimpleName() + "[subset=" + Arrays.toString(t.subset()) + ", size=" + t.size()
                + ", perClass=" + t.trainPerClass() + "/" + t.validationPerClass() + "/" + t.testPerClass()
                + ", scaler=" + t.scaler() + (t.perPixel() ? " per pixel" : "") + "]";
    }

    /** Fails with a message naming the field unless the record's values are usable with {@code src}. */
    static void validate(ImageSource src, int[] classes, int size, int train, int validation, int test,
                         Scaler scaler) {
        String name = src.name().toLowerCase(java.util.Locale.ROOT);
        if (classes == null || classes.length < 2) {
            throw new IllegalArgumentException(name + ".subset must list at least 2 classes, got "
                    + Arrays.toString(classes) + "; e.g. [0, 1] or " + ALL_CLASSES);
        }
        boolean[] seen = new boolean[ImageSource.CLASSES];
        for (int c : classes) {
            if (c < 0 || c >= ImageSource.CLASSES) {
                throw new IllegalArgumentException(name + ".subset " + Arrays.toString(classes)
                        + " holds " + c + "; classes lie in 0..9");
            }
            if (seen[c]) {
                throw new IllegalArgumentException(name + ".subset " + Arrays.toString(classes)
                        + " lists " + c + " twice; each class once");
            }
            seen[c] = true;
        }
        if (size < 1 || size > ImageSource.SIDE) {
            throw new IllegalArgumentException(name + ".size must lie in [1, 28], got " + size
                    + "; 28 keeps the source, 14 and 12 average areas");
        }
        if (train < 1 || validation < 1 || test < 1) {
            throw new IllegalArgumentException(name + " needs at least 1 image per class in each split (early stopping"
                    + " reads the validation rows, a run's accuracies the test rows), got trainPerClass " + train + ", validationPerClass " + validation
                    + ", testPerClass " + test);
        }
        if (scaler == null) {
            throw new IllegalArgumentException(name + ".scaler is missing; use " + SCALER_DEFAULT);
        }
        for (int c : classes) {
            long fromTrainPool = (long) train + validation + (src.hasTestPool() ? 0 : test);
            if (fromTrainPool > src.trainCapacity(c)) {
                throw new IllegalArgumentException(name + ": class " + c + " has " + src.trainCapacity(c)
                        + " images" + (src.hasTestPool() ? " in the training pool" : "") + ", fewer than the "
                        + fromTrainPool + " asked for (trainPerClass " + train + " + validationPerClass " + validation
                        + (src.hasTestPool() ? "" : " + testPerClass " + test) + "); lower the per-class counts");
            }
            if (src.hasTestPool() && test > src.testCapacity(c)) {
                throw new IllegalArgumentException(name + ": class " + c + " has " + src.testCapacity(c)
                        + " images in the test pool, fewer than testPerClass " + test + "; lower testPerClass");
            }
        }
    }

    /** Training, validation and test rows of a task: classes x the per-class counts. */
    static int[] splitRows(int[] classes, int train, int validation, int test) {
        long c = classes.length;
        long total = c * ((long) train + validation + test);
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(c + " classes x " + (train + (long) validation + test)
                    + " images per class is more rows than one data set holds");
        }
        return new int[] {(int) (c * train), (int) (c * validation), (int) (c * test)};
    }

    /**
     * Draws a task's rows: for each class (in label order) a random subset of its images, the
     * first {@code train} for training, the next {@code validation} for validation, and the test
     * images from the test pool when the source has one (else the next {@code test} of the same
     * subset, so no image appears in two splits); then each split's rows are shuffled. Returns
     * the training rows, then the validation rows, then the test rows; pixels in [0, 1] after
     * area averaging to {@code size x size}, labels the class indices within {@code classes}.
     */
    static Task.Samples sample(ImageSource src, int[] classes, int size, int train, int validation, int test,
                               int n, Rng rng) {
        int[] rows = splitRows(classes, train, validation, test);
        int total = rows[0] + rows[1] + rows[2];
        if (n != total) {
            throw new IllegalArgumentException(src.name().toLowerCase(java.util.Locale.ROOT) + " draws " + total
                    + " rows (" + classes.length + " classes x " + (train + validation + test)
                    + " per class), not " + n + "; its per-class counts set the data set's rows");
        }
        long cells = (long) n * size * size;
        if (cells > DataConfig.MAX_ARRAY) {
            throw new IllegalArgumentException(n + " images of " + size + " x " + size + " exceed one Java array");
        }
        ImageSource.Pools pools = src.pools();
        int C = classes.length;
        // Chosen (pool, image, label) per split, label-major before the shuffle.
        int[][] image = {new int[rows[0]], new int[rows[1]], new int[rows[2]]};
        boolean[][] fromTest = {new boolean[rows[0]], new boolean[rows[1]], new boolean[rows[2]]};
        int[][] label = {new int[rows[0]], new int[rows[1]], new int[rows[2]]};
        int[] at = new int[3];
        for (int k = 0; k < C; k++) {
            int c = classes[k];
            int[] pool = pools.train().byClass()[c];
            int need = train + validation + (pools.test() == null ? test : 0);
            if (need > pool.length) {
                throw new IllegalStateException(src.title() + " in " + src.folder() + " has " + pool.length
                        + " images of class " + c + ", fewer than the " + need + " asked for; lower the per-class counts");
            }
            int[] perm = rng.permutation(pool.length);
            int next = 0;
            for (int s = 0; s < 3; s++) {
                int want = s == 0 ? train : s == 1 ? validation : test;
                int[] from = pool;
                int[] order = perm;
                int start = next;
                if (s == 2 && pools.test() != null) {
                    from = pools.test().byClass()[c];
                    if (test > from.length) {
                        throw new IllegalStateException(src.title() + " in " + src.folder() + " has " + from.length
                                + " test images of class " + c + ", fewer than testPerClass " + test);
                    }
                    order = rng.permutation(from.length);
                    start = 0;
                } else {
                    next += want;
                }
                for (int j = 0; j < want; j++) {
                    image[s][at[s]] = from[order[start + j]];
                    fromTest[s][at[s]] = s == 2 && pools.test() != null;
                    label[s][at[s]] = k;
                    at[s]++;
                }
            }
        }
        int inputs = size * size;
        float[] x = new float[(int) cells];
        float[] y = new float[n];
        double[][] w = size == ImageSource.SIDE ? null : areaWeights(size);
        int r = 0;
        for (int s = 0; s < 3; s++) {
            int[] order = rng.permutation(rows[s]);
            for (int j = 0; j < rows[s]; j++) {
                int i = order[j];
                ImageSource.Pool p = fromTest[s][i] ? pools.test() : pools.train();
                pixels(p, image[s][i], w, x, r * inputs);
                y[r] = label[s][i];
                r++;
            }
        }
        return new Task.Samples(x, y);
    }

    /**
     * Area-averaging weights from the 28-pixel source side to {@code size}: {@code w[i][j]} is
     * the length of the overlap of source pixel j ([j, j+1)) with output pixel i
     * ([i 28/size, (i+1) 28/size)) divided by that output pixel's length 28/size, so each row
     * sums to 1. An output pixel is then {@code sum_jk w[i][j] w[l][k] source[j][k]}.
     */
    static double[][] areaWeights(int size) {
        int src = ImageSource.SIDE;
        double len = (double) src / size;
        double[][] w = new double[size][src];
        for (int i = 0; i < size; i++) {
            double lo = i * len;
            double hi = i == size - 1 ? src : (i + 1) * len;
            for (int j = 0; j < src; j++) {
                double overlap = Math.min(j + 1, hi) - Math.max(j, lo);
                if (overlap > 0) {
                    w[i][j] = overlap / len;
                }
            }
        }
        return w;
    }

    /** Image {@code i} of {@code p} in [0, 1], area averaged with {@code w} (null: kept at 28 x 28), into {@code out}. */
    static void pixels(ImageSource.Pool p, int i, double[][] w, float[] out, int offset) {
        int side = ImageSource.SIDE;
        if (w == null) {
            for (int q = 0; q < side * side; q++) {
                out[offset + q] = (float) (p.level(i, q) / 255.0);
            }
            return;
        }
        int size = w.length;
        // Columns first (28 rows x size), then rows.
        double[] tmp = new double[side * size];
        for (int a = 0; a < side; a++) {
            for (int l = 0; l < size; l++) {
                double sum = 0;
                for (int b = 0; b < side; b++) {
                    double wt = w[l][b];
                    if (wt != 0) {
                        sum += wt * p.level(i, a * side + b);
                    }
                }
                tmp[a * size + l] = sum;
            }
        }
        for (int k = 0; k < size; k++) {
            for (int l = 0; l < size; l++) {
                double sum = 0;
                for (int a = 0; a < side; a++) {
                    double wt = w[k][a];
                    if (wt != 0) {
                        sum += wt * tmp[a * size + l];
                    }
                }
                out[offset + k * size + l] = (float) (sum / 255.0);
            }
        }
    }

    /**
     * Sets {@code shift[c]} and {@code scale[c]} for the columns {@code cols} of the training
     * rows {@code x} ({@code rows x inputs}, row-major): the scaler's affine map with statistics
     * over all those columns together, or per column when {@code perPixel}.
     */
    static void fit(Scaler scaler, boolean perPixel, float[] x, int rows, int inputs, int[] cols,
                    double[] shift, double[] scale) {
        if (perPixel) {
            for (int c : cols) {
                double[] a = affine(scaler, stats(x, rows, inputs, new int[] {c}));
                shift[c] = a[0];
                scale[c] = a[1];
            }
            return;
        }
        double[] a = affine(scaler, stats(x, rows, inputs, cols));
        for (int c : cols) {
            shift[c] = a[0];
            scale[c] = a[1];
        }
    }

    private static double[] affine(Scaler scaler, double[] s) {
        return scaler.affine(s[0], s[1], s[2], s[3]);
    }

    /** Mean, population standard deviation (two passes), minimum and maximum of the given columns. */
    private static double[] stats(float[] x, int rows, int inputs, int[] cols) {
        long count = (long) rows * cols.length;
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < rows; r++) {
            for (int c : cols) {
                double v = x[r * inputs + c];
                sum += v;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        double mean = count == 0 ? 0 : sum / count;
        double sq = 0;
        for (int r = 0; r < rows; r++) {
            for (int c : cols) {
                double d = x[r * inputs + c] - mean;
                sq += d * d;
            }
        }
        double std = count == 0 ? 0 : Math.sqrt(sq / count);
        return new double[] {mean, std, count == 0 ? 0 : min, count == 0 ? 0 : max};
    }
}
