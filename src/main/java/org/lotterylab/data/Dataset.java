package org.lotterylab.data;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.lotterylab.io.AtomicFiles;

/**
 * A multi-task data set: {@code rows x inputs} features and {@code rows x tasks} labels (one
 * class index 0..C-1 per row and task), both row-major, with the ownership of inputs and
 * outputs kept as data.
 *
 * <p>Task {@code t} owns the inputs {@link #inputsOf(int)} and the outputs {@link #outputsOf(int)};
 * for the toy tasks these are inputs 2t, 2t+1 and output t; an image task owns one input per
 * pixel and one output (2 classes) or one per class. Instances are immutable: accessors
 * that return arrays return copies, except {@link #x()} and {@link #y()}, which are documented
 * views for the training engine and must not be modified.
 */
public final class Dataset {
    private final float[] x;
    private final float[] y;
    private final int rows;
    private final int inputs;
    private final List<String> taskNames;
    private final int[][] taskInputs;
    private final int[][] taskOutputs;

    /** A data set whose task {@code t} owns output {@code t} (one logit per task). */
    Dataset(float[] x, float[] y, int rows, int inputs, List<String> taskNames, int[][] taskInputs) {
        this(x, y, rows, inputs, taskNames, taskInputs, oneEach(taskNames.size()));
    }

    private static int[][] oneEach(int tasks) {
        int[][] own = new int[tasks][];
        for (int t = 0; t < tasks; t++) {
            own[t] = new int[] {t};
        }
        return own;
    }

    Dataset(float[] x, float[] y, int rows, int inputs, List<String> taskNames, int[][] taskInputs,
            int[][] taskOutputs) {
        if (x.length != rows * inputs || y.length != rows * taskNames.size()) {
            throw new IllegalArgumentException("data arrays do not match " + rows + " rows x "
                    + inputs + " inputs x " + taskNames.size() + " tasks");
        }
        this.x = x;
        this.y = y;
        this.rows = rows;
        this.inputs = inputs;
        this.taskNames = List.copyOf(taskNames);
        this.taskInputs = taskInputs;
        this.taskOutputs = taskOutputs;
    }

    public int rows() {
        return rows;
    }

    public int inputs() {
        return inputs;
    }

    /** Number of tasks (one label column each). */
    public int tasks() {
        return taskNames.size();
    }

    /** Names of the tasks in output order, e.g. {@code [circles, moons]}. */
    public List<String> taskNames() {
        return taskNames;
    }

    /** The input columns task {@code t} owns. */
    public int[] inputsOf(int t) {
        return taskInputs[t].clone();
    }

    /** The first (for a one-logit task, the only) output neuron task {@code t} owns. */
    public int outputOf(int t) {
        return taskOutputs[t][0];
    }

    /** The output neurons task {@code t} owns: one logit for 2 classes, else one per class. */
    public int[] outputsOf(int t) {
        return taskOutputs[t].clone();
    }

    /** Feature {@code col} of row {@code row}. */
    public float x(int row, int col) {
        return x[row * inputs + col];
    }

    /** Label of task {@code t} in row {@code row}: its class index 0..C-1. */
    public float y(int row, int t) {
        return y[row * tasks() + t];
    }

    /** Row-major features; a view: do not modify. */
    public float[] x() {
        return x;
    }

    /** Row-major labels; a view: do not modify. */
    public float[] y() {
        return y;
    }

    /** The rows {@code from} (inclusive) to {@code to} (exclusive) as a new data set. */
    public Dataset slice(int from, int to) {
        if (from < 0 || to > rows || from > to) {
            throw new IndexOutOfBoundsException("slice [" + from + ", " + to + ") of " + rows + " rows");
        }
        int k = tasks();
        return new Dataset(Arrays.copyOfRange(x, from * inputs, to * inputs),
                Arrays.copyOfRange(y, from * k, to * k), to - from, inputs, taskNames, taskInputs, taskOutputs);
    }

    /** Per-column mean and population standard deviation (1 where the deviation is 0). */
    double[][] columnStats() {
        double[] mean = new double[inputs];
        double[] std = new double[inputs];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < inputs; c++) {
                mean[c] += x[r * inputs + c];
            }
        }
        for (int c = 0; c < inputs; c++) {
            mean[c] /= Math.max(rows, 1);
        }
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < inputs; c++) {
                double d = x[r * inputs + c] - mean[c];
                std[c] += d * d;
            }
        }
        for (int c = 0; c < inputs; c++) {
            std[c] = Math.sqrt(std[c] / Math.max(rows, 1));
            if (std[c] == 0) {
                std[c] = 1;
            }
        }
        return new double[][] {mean, std};
    }

    /** This data set with every column mapped to (x - mean) / std (any scaler's shift and scale). */
    Dataset standardised(double[] mean, double[] std) {
        float[] z = new float[x.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < inputs; c++) {
                z[r * inputs + c] = (float) ((x[r * inputs + c] - mean[c]) / std[c]);
            }
        }
        return new Dataset(z, y, rows, inputs, taskNames, taskInputs, taskOutputs);
    }

    /** Column names: {@code circles_x1, circles_x2, ..., y_circles, ...}. */
    List<String> columnNames() {
        String[] names = new String[inputs + tasks()];
        for (int t = 0; t < tasks(); t++) {
            int[] in = taskInputs[t];
            for (int j = 0; j < in.length; j++) {
                names[in[j]] = "t" + t + "_" + taskNames.get(t) + "_x" + (j + 1);
            }
            names[inputs + t] = "t" + t + "_" + taskNames.get(t) + "_y";
        }
        return List.of(names);
    }

    void writeCsvRows(Writer w, String split) throws IOException {
        int k = tasks();
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < rows; r++) {
            sb.setLength(0);
            for (int c = 0; c < inputs; c++) {
                sb.append(x[r * inputs + c]).append(',');
            }
            for (int t = 0; t < k; t++) {
                sb.append((int) y[r * k + t]).append(',');
            }
            sb.append(split).append('\n');
            w.write(sb.toString());
        }
    }

    /** Writes this data set as CSV (a header, one line per row, a last column {@code split}). */
    public void toCsv(Path file) throws IOException {
        writeCsv(file, List.of(this), List.of("all"));
    }

    static void writeCsv(Path file, List<Dataset> parts, List<String> splitNames) throws IOException {
        AtomicFiles.write(file, tmp -> {
            try (Writer w = Files.newBufferedWriter(tmp)) {
                w.write(String.join(",", parts.get(0).columnNames()) + ",split\n");
                for (int i = 0; i < parts.size(); i++) {
                    parts.get(i).writeCsvRows(w, splitNames.get(i));
                }
            }
        });
    }
}
