package org.lotterylab.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
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
public record DataConfig(List<Task> tasks, int rowsPerTask, double trainFraction,
                         double validationFraction, boolean standardise) {

    public DataConfig {
        Objects.requireNonNull(tasks, "tasks");
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("a data set needs at least one task; add one with builder().task(...)");
        }
        tasks = List.copyOf(tasks);
        if (rowsPerTask < 4) {
            throw new IllegalArgumentException(
                    "rowsPerTask must be >= 4 (2 points per class), got " + rowsPerTask);
        }
        if (!(trainFraction > 0 && trainFraction <= 1)) {
            throw new IllegalArgumentException("trainFraction must lie in (0, 1], got " + trainFraction);
        }
        if (!(validationFraction >= 0 && trainFraction + validationFraction <= 1 + 1e-12)) {
            throw new IllegalArgumentException("validationFraction must be >= 0 and leave "
                    + "trainFraction + validationFraction <= 1, got " + validationFraction);
        }
        int train = (int) Math.round(rowsPerTask * trainFraction);
        if (train < 1) {
            throw new IllegalArgumentException("trainFraction " + trainFraction + " of " + rowsPerTask
                    + " rows leaves no training row; raise rowsPerTask or trainFraction");
        }
    }

    /** The test fraction: what training and validation leave. */
    public double testFraction() {
        return Math.max(0, 1 - trainFraction - validationFraction);
    }

    /** circles+moons: 2000 rows per task, noise 0.1, factor 0.35, standardised. */
    public static DataConfig circlesMoons() {
        return builder().task(new Task.Circles(0.1)).task(new Task.Moons(0.1)).build();
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

    /** Number of tasks, which is also the number of outputs of a model for this data. */
    public int taskCount() {
        return tasks.size();
    }

    /** Number of inputs of a model for this data. */
    public int inputCount() {
        return Task.INPUTS * tasks.size();
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
        Dataset all = new Dataset(x, y, n, inputs, Collections.unmodifiableList(names), own);
        int nTrain = (int) Math.round(n * trainFraction);
        int nVal = Math.min(n - nTrain, (int) Math.round(n * validationFraction));
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

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from the defaults; {@link #build()} validates. */
    public static final class Builder {
        private final List<Task> tasks = new ArrayList<>();
        private int rowsPerTask = 2000;
        private double trainFraction = 0.5;
        private double validationFraction = 0.25;
        private boolean standardise = true;

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
            this.rowsPerTask = n;
            return this;
        }

        /** Fractions of rows used for training and for validation; the rest is the test set. */
        public Builder split(double train, double validation) {
            this.trainFraction = train;
            this.validationFraction = validation;
            return this;
        }

        public Builder standardise(boolean on) {
            this.standardise = on;
            return this;
        }

        public DataConfig build() {
            return new DataConfig(tasks, rowsPerTask, trainFraction, validationFraction, standardise);
        }
    }
}
