package org.lotterylab.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.lotterylab.config.IgnoredParams;
import org.lotterylab.config.Param;
import org.lotterylab.config.Schema;
import org.lotterylab.rng.Rng;

/**
 * What data a run trains on: the tasks side by side, the number of rows drawn per task, the
 * split fractions and whether inputs are standardised. Immutable; build with {@link #builder()}
 * or a preset ({@link #circlesMoons()}, {@link #moons(int, double)}).
 *
 * <p>Rows are split in order: the first {@code trainFraction} of the rows train, the next
 * {@code validationFraction} validate, the rest test (each task's rows are already shuffled).
 * The defaults follow science.md's circles+moons preset: 2000 rows per task, half for training;
 * the other half is shared equally by validation and test so that early stopping never reads
 * the test set.
 *
 * <p><b>Image tasks</b> fix their own split sizes: classes x trainPerClass training rows, and so
 * on. All image tasks of a config must give the same three sizes (mnist with 10 classes x 70
 * per class beside fashion with 2 classes x 350), else the config is refused. Those sizes then
 * rule: every toy task in the list draws their sum as its rows and is split at the
 * same counts, and rowsPerTask and the fractions are replaced by values derived from them
 * (rowsPerTask the sum, trainFraction and validationFraction the shares), whatever was written:
 * so a config written with the derived values still reads when a sweep changes the image tasks.
 * Derived, they stay out of the canonical form (the image tasks already determine them), and
 * so does {@code standardise} when every task is an image task (each scales its own pixels).
 */
public record DataConfig(
        @Param(doc = "the tasks side by side, e.g. [{\"type\": \"moons\", \"noise\": 0.1}], \"circles+moons\" or \"mnist+fashion\"",
                dflt = "circles+moons")
        List<Task> tasks,
        @Param(doc = "rows drawn per task (2 points per class at least); image tasks set it (and the fractions) from their per-class counts", dflt = "2000", range = "[4, inf)")
        int rowsPerTask,
        @Param(doc = "fraction of the rows that train", dflt = "0.5", range = "(0, 1]")
        double trainFraction,
        @Param(doc = "fraction of the rows that validate (early stopping); the rest test", dflt = "0.25", range = "[0, 1]")
        double validationFraction,
        @Param(doc = "whether inputs are standardised with the training rows' mean and std", dflt = "true")
        boolean standardise) implements IgnoredParams {

    private static final Schema<DataConfig> SCHEMA = Schema.of(DataConfig.class);

    public DataConfig {
        Objects.requireNonNull(tasks, "tasks");
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("a data set needs at least one task; add one with builder().task(...)");
        }
        tasks = List.copyOf(tasks);
        checkDependentTasks(tasks);
        int[] fixed = fixedRows(tasks);
        if (fixed != null) {
            // At least 2 classes x 1 image in each split: 6 rows, enough for rowsPerTask and toy tasks.
            int n = fixed[0] + fixed[1] + fixed[2];
            rowsPerTask = n;
            trainFraction = (double) fixed[0] / n;
            validationFraction = (double) fixed[1] / n;
            if (!Arrays.equals(fixed, splitRows(rowsPerTask, trainFraction, validationFraction))) {
                throw new IllegalStateException("split " + Arrays.toString(fixed) + " of " + n
                        + " rows does not survive its fractions");
            }
        }
        if (!(trainFraction + validationFraction <= 1 + 1e-12)) {
            throw new IllegalArgumentException("trainFraction + validationFraction must be <= 1, got " + trainFraction
                    + " + " + validationFraction + "; lower validationFraction");
        }
        long width = tasks.stream().mapToLong(Task::inputs).sum();
        if ((long) rowsPerTask * width > MAX_ARRAY) {
            throw new IllegalArgumentException("rowsPerTask " + rowsPerTask + " times " + width
                    + " inputs exceeds the largest Java array (" + MAX_ARRAY + " values); use at most "
                    + MAX_ARRAY / width + " rows per task");
        }
        int train = (int) Math.round(rowsPerTask * trainFraction);
        if (train < 1) {
            throw new IllegalArgumentException("trainFraction " + trainFraction + " of " + rowsPerTask
                    + " rows leaves no training row; raise rowsPerTask or trainFraction");
        }
    }

    /**
     * The split the image tasks of {@code tasks} fix, or null without image tasks; a clear error
     * when two of them disagree.
     */
    private static int[] fixedRows(List<Task> tasks) {
        int[] fixed = null;
        Task first = null;
        for (Task t : tasks) {
            Optional<int[]> own = t.fixedSplitRows();
            if (own.isEmpty()) {
                continue;
            }
            if (fixed == null) {
                fixed = own.get();
                first = t;
            } else if (!Arrays.equals(fixed, own.get())) {
                throw new IllegalArgumentException("image tasks side by side need the same rows in each split, but "
                        + first.name() + " gives " + Arrays.toString(fixed) + " and " + t.name() + " gives "
                        + Arrays.toString(own.get()) + " (train, validation, test = classes x per-class count); "
                        + "choose per-class counts whose products agree");
            }
        }
        return fixed;
    }

    /** Without image tasks nothing is ignored; with them the derived fields (see the class comment). */
    @Override
    public Set<String> ignoredParams() {
        if (tasks.stream().allMatch(t -> t.fixedSplitRows().isEmpty())) {
            return Set.of();
        }
        boolean anyToy = tasks.stream().anyMatch(t -> t.fixedSplitRows().isEmpty());
        return anyToy ? Set.of("rowsPerTask", "trainFraction", "validationFraction")
                : Set.of("rowsPerTask", "trainFraction", "validationFraction", "standardise");
    }

    /** The largest array this class allocates, in elements (the JVM's limit is a little below 2^31). */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    /** The defaults (science.md's circles+moons preset). */
    public static DataConfig defaults() {
        return SCHEMA.defaults();
    }

    /** Rows per task in the training, validation and test sets, as {@link #generate} splits them. */
    public int[] splitRows() {
        return splitRows(rowsPerTask, trainFraction, validationFraction);
    }

    private static int[] splitRows(int n, double trainFraction, double validationFraction) {
        int nTrain = (int) Math.round(n * trainFraction);
        int nVal = Math.min(n - nTrain, (int) Math.round(n * validationFraction));
        return new int[] {nTrain, nVal, n - nTrain - nVal};
    }

    /**
     * Bytes {@link #generate} holds at its peak, about: per row and toy task, the drawn points
     * (a {@code double[3]} each, 40 bytes), their float copy (12), the joined table (12) and the
     * split and standardised copies (24); per row and image task, its pixels drawn, joined, split
     * and scaled (16 bytes each), plus each image source's decoded pools (one byte per source
     * pixel: 55 MB for Fashion-MNIST, 8 MB for MNIST), cached per process.
     */
    public long generateBytes() {
        long bytes = 0;
        boolean mnist = false;
        boolean fashion = false;
        for (Task t : tasks) {
            if (t.fixedSplitRows().isEmpty()) {
                bytes += (long) rowsPerTask * 88;
            } else {
                bytes += (long) rowsPerTask * (16L * t.inputs() + 8);
                mnist |= t instanceof Task.Image i && i.source() == ImageSource.MNIST;
                fashion |= t instanceof Task.Image i && i.source() == ImageSource.FASHION;
            }
        }
        return bytes + (mnist ? 10_000L * 785 : 0) + (fashion ? 70_000L * 785 : 0);
    }

    /** The test fraction: what training and validation leave. */
    public double testFraction() {
        return Math.max(0, 1 - trainFraction - validationFraction);
    }

    /** circles+moons: 2000 rows per task, noise 0.1, factor 0.35, standardised (the defaults). */
    public static DataConfig circlesMoons() {
        return defaults();
    }

    /** {@code k} moons tasks side by side with the given noise (the notes use 0 and 0.1). */
    public static DataConfig moons(int k, double noise) {
        if (k < 1) {
            throw new IllegalArgumentException("moons x k needs k >= 1, got " + k);
        }
        Builder b = builder();
        for (int i = 0; i < k; i++) {
            b.task(new Task.Moons(noise));
        }
        return b.build();
    }

    /**
     * The thesis' image setting: MNIST beside Fashion-MNIST, all 10 classes each at 28 x 28
     * (784 + 784 inputs, 10 + 10 outputs: a model of shape (1568, 784, 392, 20)), 700 training,
     * 80 validation and 80 test images per class (7000 / 800 / 800 rows; the npm package's
     * rarest digit, 5, has 863 images), standard scaling over each task's training pixels.
     */
    public static DataConfig mnistFashion() {
        return builder().task(new Task.Mnist(allClasses(), 28, 700, 80, 80, Scaler.STANDARD, false))
                .task(new Task.Fashion(allClasses(), 28, 700, 80, 80, Scaler.STANDARD, false)).build();
    }

    /**
     * A tiny image setting for fast passes: MNIST digits 0 and 1 beside Fashion-MNIST classes 1
     * (trouser) and 6 (shirt), 12 x 12 by area averaging (144 + 144 inputs, one logit each),
     * 100 / 25 / 25 images per class (200 / 50 / 50 rows), standard scaling.
     */
    public static DataConfig mnistFashionTiny() {
        return builder().task(new Task.Mnist(new int[] {0, 1}, 12, 100, 25, 25, Scaler.STANDARD, false))
                .task(new Task.Fashion(new int[] {1, 6}, 12, 100, 25, 25, Scaler.STANDARD, false)).build();
    }

    private static int[] allClasses() {
        return new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    }

    /**
     * Fails, without reading any image, unless the data of every image task is installed (its
     * files present); the message names the package and the command that installs it. Toy tasks
     * need nothing. Cheap: a run calls it before it writes anything.
     */
    public void requireSources() {
        for (Task t : tasks) {
            if (t instanceof Task.Image i) {
                i.source().requireInstalled();
            }
        }
    }

    /** Number of tasks T. */
    public int taskCount() {
        return tasks.size();
    }

    /** Number of inputs of a model for this data: the tasks' input columns side by side. */
    public int inputCount() {
        return tasks.stream().mapToInt(Task::inputs).sum();
    }

    /** Number of outputs of a model for this data: the tasks' output neurons side by side. */
    public int outputCount() {
        return tasks.stream().mapToInt(Task::outputs).sum();
    }

    /** The input columns each task owns: task {@code t}'s follow task {@code t-1}'s. */
    public int[][] taskInputs() {
        return consecutive(tasks.stream().mapToInt(Task::inputs).toArray());
    }

    /** The output neurons each task owns: task {@code t}'s follow task {@code t-1}'s. */
    public int[][] taskOutputs() {
        return consecutive(tasks.stream().mapToInt(Task::outputs).toArray());
    }

    private static int[][] consecutive(int[] sizes) {
        int[][] own = new int[sizes.length][];
        int next = 0;
        for (int t = 0; t < sizes.length; t++) {
            own[t] = new int[sizes[t]];
            for (int i = 0; i < sizes[t]; i++) {
                own[t][i] = next++;
            }
        }
        return own;
    }

    /** A short label such as {@code circles+moons}. */
    public String label() {
        List<String> names = new ArrayList<>();
        for (Task t : tasks) {
            names.add(t.name());
        }
        return String.join("+", names);
    }

    /**
     * Draws every task (each with its own generator derived from {@code dataSeed} and its
     * position), places them side by side and splits and scales the result: a toy task's columns
     * are standardised with the training rows' per-column mean and std when {@link #standardise}
     * is on, an image task's columns by its own {@link Scaler} with its training rows' statistics.
     */
    public DataSplit generate(long dataSeed) {
        int k = tasks.size();
        int n = rowsPerTask;
        int inputs = inputCount();
        int[][] own = taskInputs();
        float[] x = new float[n * inputs];
        float[] y = new float[n * k];
        List<String> names = new ArrayList<>();
        for (int t = 0; t < k; t++) {
            Task task = tasks.get(t);
            Task.Samples s = task.sample(n, Rng.derive(dataSeed, "task", t));
            names.add(task.name());
            int w = own[t].length;
            int first = own[t][0];
            for (int r = 0; r < n; r++) {
                System.arraycopy(s.x(), r * w, x, r * inputs + first, w);
                y[r * k + t] = s.y()[r];
            }
        }
        applyDependentTasks(tasks, y, n);
        Dataset all = new Dataset(x, y, n, inputs, Collections.unmodifiableList(names), own, taskOutputs());
        int[] rows = splitRows();
        int nTrain = rows[0];
        int nVal = rows[1];
        Dataset train = all.slice(0, nTrain);
        Dataset val = all.slice(nTrain, nTrain + nVal);
        Dataset test = all.slice(nTrain + nVal, n);
        double[][] stats = train.columnStats();
        for (int t = 0; t < k; t++) {
            if (tasks.get(t) instanceof Task.Image i) {
                ImageTasks.fit(i.scaler(), i.perPixel(), train.x(), nTrain, inputs, own[t], stats[0], stats[1]);
            } else if (!standardise) {
                for (int c : own[t]) {
                    stats[0][c] = 0;
                    stats[1][c] = 1;
                }
            }
        }
        return new DataSplit(train.standardised(stats[0], stats[1]), val.standardised(stats[0], stats[1]),
                test.standardised(stats[0], stats[1]), stats[0], stats[1]);
    }

    /**
     * Refuses an {@link Task.Xor} whose {@code with} names no task, itself, another XOR task or a
     * task that is not binary: each would make its label undefined or circular.
     */
    private static void checkDependentTasks(List<Task> tasks) {
        for (int t = 0; t < tasks.size(); t++) {
            if (tasks.get(t) instanceof Task.Xor xor) {
                int w = xor.with();
                String where = "task " + t + " (xor) has with = " + w;
                if (w >= tasks.size()) {
                    throw new IllegalArgumentException(where + ", but there are only " + tasks.size()
                            + " tasks; set with to the position of an independent task, e.g. 0");
                }
                if (w == t || tasks.get(w) instanceof Task.Xor) {
                    throw new IllegalArgumentException(where + ", which is " + (w == t ? "itself" : "another xor task")
                            + "; set with to the position of an independent task (moons, circles, ...)");
                }
                if (tasks.get(w).classes() != 2) {
                    throw new IllegalArgumentException(where + ", a task of " + tasks.get(w).classes()
                            + " classes; the XOR needs a binary task");
                }
            }
        }
    }

    /**
     * Replaces each {@link Task.Xor} task's drawn label by its XOR with task {@code with}'s label
     * in the same row ({@code y} is {@code n x tasks} row-major; {@code with} is never an XOR task,
     * so the order of the replacements does not matter).
     */
    private static void applyDependentTasks(List<Task> tasks, float[] y, int n) {
        int k = tasks.size();
        for (int t = 0; t < k; t++) {
            if (tasks.get(t) instanceof Task.Xor xor) {
                int w = xor.with();
                for (int r = 0; r < n; r++) {
                    y[r * k + t] = (y[r * k + t] > 0.5) != (y[r * k + w] > 0.5) ? 1f : 0f;
                }
            }
        }
    }

    /** A builder with no tasks yet and the other fields at their defaults. */
    public static Builder builder() {
        return new Builder(SCHEMA.builder());
    }

    /** A builder starting from this config. */
    public Builder toBuilder() {
        Builder b = new Builder(SCHEMA.builder(this));
        b.tasks.addAll(tasks);
        return b;
    }

    /** Builder; {@link #build()} validates. Typed setters, and {@link #set} for any field. */
    public static final class Builder {
        private final Schema.Builder<DataConfig> v;
        private final List<Task> tasks = new ArrayList<>();

        private Builder(Schema.Builder<DataConfig> v) {
            this.v = v;
        }

        /** Sets any field other than the tasks by its name. */
        public Builder set(String field, Object value) {
            v.set(field, value);
            return this;
        }

        public Builder task(Task task) {
            tasks.add(Objects.requireNonNull(task, "task"));
            return this;
        }

        public Builder tasks(List<? extends Task> all) {
            tasks.clear();
            tasks.addAll(all);
            return this;
        }

        public Builder rowsPerTask(int n) {
            return set("rowsPerTask", n);
        }

        /** Fractions of rows used for training and for validation; the rest is the test set. */
        public Builder split(double train, double validation) {
            return set("trainFraction", train).set("validationFraction", validation);
        }

        public Builder standardise(boolean on) {
            return set("standardise", on);
        }

        public DataConfig build() {
            v.set("tasks", List.copyOf(tasks));
            return v.build();
        }
    }
}
