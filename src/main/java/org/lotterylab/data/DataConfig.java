package org.lotterylab.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
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
 */
public record DataConfig(
        @Param(doc = "the tasks side by side, e.g. [{\"type\": \"moons\", \"noise\": 0.1}] or \"circles+moons\"",
                dflt = "circles+moons")
        List<Task> tasks,
        @Param(doc = "rows drawn per task (2 points per class at least)", dflt = "2000", range = "[4, inf)")
        int rowsPerTask,
        @Param(doc = "fraction of the rows that train", dflt = "0.5", range = "(0, 1]")
        double trainFraction,
        @Param(doc = "fraction of the rows that validate (early stopping); the rest test", dflt = "0.25", range = "[0, 1]")
        double validationFraction,
        @Param(doc = "whether inputs are standardised with the training rows' mean and std", dflt = "true")
        boolean standardise) {

    private static final Schema<DataConfig> SCHEMA = Schema.of(DataConfig.class);

    public DataConfig {
        Objects.requireNonNull(tasks, "tasks");
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("a data set needs at least one task; add one with builder().task(...)");
        }
        tasks = List.copyOf(tasks);
        checkDependentTasks(tasks);
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

    /** The largest array this class allocates, in elements (the JVM's limit is a little below 2^31). */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    /** The defaults (science.md's circles+moons preset). */
    public static DataConfig defaults() {
        return SCHEMA.defaults();
    }

    /** Rows per task in the training, validation and test sets, as {@link #generate} splits them. */
    public int[] splitRows() {
        int n = rowsPerTask;
        int nTrain = (int) Math.round(n * trainFraction);
        int nVal = Math.min(n - nTrain, (int) Math.round(n * validationFraction));
        return new int[] {nTrain, nVal, n - nTrain - nVal};
    }

    /**
     * Bytes {@link #generate} holds at its peak, about: per row and task, the drawn points
     * (a {@code double[3]} each, 40 bytes), their float copy (12), the joined table (12) and the
     * split and standardised copies (24).
     */
    public long generateBytes() {
        return (long) rowsPerTask * tasks.size() * 88;
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
     * position), places them side by side and splits and standardises the result.
     */
    public DataSplit generate(long dataSeed) {
        int k = tasks.size();
        int n = rowsPerTask;
        int inputs = inputCount();
        float[] x = new float[n * inputs];
        float[] y = new float[n * k];
        int[][] own = new int[k][];
        List<String> names = new ArrayList<>();
        for (int t = 0; t < k; t++) {
            Task task = tasks.get(t);
            Task.Samples s = task.sample(n, Rng.derive(dataSeed, "task", t));
            own[t] = new int[] {Task.INPUTS * t, Task.INPUTS * t + 1};
            names.add(task.name());
            for (int r = 0; r < n; r++) {
                x[r * inputs + own[t][0]] = s.x()[2 * r];
                x[r * inputs + own[t][1]] = s.x()[2 * r + 1];
                y[r * k + t] = s.y()[r];
            }
        }
        applyDependentTasks(tasks, y, n);
        Dataset all = new Dataset(x, y, n, inputs, Collections.unmodifiableList(names), own);
        int[] rows = splitRows();
        int nTrain = rows[0];
        int nVal = rows[1];
        Dataset train = all.slice(0, nTrain);
        Dataset val = all.slice(nTrain, nTrain + nVal);
        Dataset test = all.slice(nTrain + nVal, n);
        double[][] stats = train.columnStats();
        if (!standardise) {
            java.util.Arrays.fill(stats[0], 0);
            java.util.Arrays.fill(stats[1], 1);
            return new DataSplit(train, val, test, stats[0], stats[1]);
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
