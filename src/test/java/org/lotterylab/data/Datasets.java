package org.lotterylab.data;

import java.util.List;
import org.lotterylab.rng.Rng;

/**
 * Test fixtures: data sets built from arrays, e.g. multi-class tasks that no {@link Task} draws
 * yet. Labels are class indices, one per row and task.
 */
public final class Datasets {
    private Datasets() {
    }

    /**
     * {@code rows x inputs} features and {@code rows x taskInputs.length} labels, row-major; task
     * {@code t} owns the input columns {@code taskInputs[t]} and is called {@code "t" + t}.
     */
    public static Dataset of(float[] x, float[] y, int rows, int inputs, int[][] taskInputs) {
        String[] names = new String[taskInputs.length];
        for (int t = 0; t < names.length; t++) {
            names[t] = "t" + t;
        }
        return new Dataset(x.clone(), y.clone(), rows, inputs, List.of(names), taskInputs);
    }

    /**
     * Blobs: task {@code t} with {@code classes[t]} classes owns {@code dims[t]} inputs; class
     * {@code c}'s points lie around a centre drawn once per class, with noise {@code spread}.
     */
    public static Dataset blobs(int[] classes, int[] dims, int rows, double spread, long seed) {
        Rng rng = new Rng(seed);
        int inputs = 0;
        int[][] own = new int[classes.length][];
        for (int t = 0; t < classes.length; t++) {
            own[t] = new int[dims[t]];
            for (int i = 0; i < dims[t]; i++) {
                own[t][i] = inputs++;
            }
        }
        double[][][] centre = new double[classes.length][][];
        for (int t = 0; t < classes.length; t++) {
            centre[t] = new double[classes[t]][dims[t]];
            for (int c = 0; c < classes[t]; c++) {
                for (int i = 0; i < dims[t]; i++) {
                    centre[t][c][i] = rng.uniform(-2, 2);
                }
            }
        }
        float[] x = new float[rows * inputs];
        float[] y = new float[rows * classes.length];
        for (int r = 0; r < rows; r++) {
            for (int t = 0; t < classes.length; t++) {
                int c = (int) Math.floor(rng.nextDouble() * classes[t]);
                y[r * classes.length + t] = c;
                for (int i = 0; i < dims[t]; i++) {
                    x[r * inputs + own[t][i]] = (float) (centre[t][c][i] + spread * rng.nextGaussian());
                }
            }
        }
        return of(x, y, rows, inputs, own);
    }
}
