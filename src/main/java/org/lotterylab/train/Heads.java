package org.lotterylab.train;

import java.util.Arrays;
import org.lotterylab.data.DataConfig;
import org.lotterylab.data.Dataset;

/**
 * The output layer's layout (science.md section 3): which output neurons each task owns and how
 * they are trained. Task {@code t} with {@code C = classes(t)} classes owns one logit trained with
 * binary cross-entropy when {@code C == 2} (class 1 when the logit is {@code > 0}), and {@code C}
 * logits trained with softmax cross-entropy when {@code C > 2} (the predicted class is the argmax,
 * the first of equal logits). A task's outputs are consecutive and follow those of task
 * {@code t - 1}, as {@link DataConfig#taskOutputs()} numbers them. Labels are class indices
 * {@code 0 .. C-1}, one per row and task. Immutable.
 */
public final class Heads {
    private final int[] classes;
    private final int[] first;

    private Heads(int[] classes) {
        if (classes.length == 0) {
            throw new IllegalArgumentException("a head layout needs at least one task");
        }
        this.classes = classes.clone();
        this.first = new int[classes.length + 1];
        for (int t = 0; t < classes.length; t++) {
            if (classes[t] < 2) {
                throw new IllegalArgumentException("task " + t + " has " + classes[t]
                        + " classes; a classification task needs at least 2");
            }
            first[t + 1] = first[t] + (classes[t] == 2 ? 1 : classes[t]);
        }
    }

    /** Task {@code t} has {@code classes[t]} classes (each at least 2). */
    public static Heads of(int... classes) {
        return new Heads(classes);
    }

    /** {@code tasks} binary tasks, one logit each: the layout of every toy data set. */
    public static Heads binary(int tasks) {
        int[] c = new int[tasks];
        Arrays.fill(c, 2);
        return new Heads(c);
    }

    /** The layout of {@code data}'s tasks, from each task's {@link org.lotterylab.data.Task#classes()}. */
    public static Heads of(DataConfig data) {
        return new Heads(data.tasks().stream().mapToInt(org.lotterylab.data.Task::classes).toArray());
    }

    /** The number of tasks T. */
    public int tasks() {
        return classes.length;
    }

    /** The number of output neurons over all tasks. */
    public int outputs() {
        return first[classes.length];
    }

    /** The number of classes of task {@code t}. */
    public int classes(int t) {
        return classes[t];
    }

    /** Whether task {@code t} is trained with softmax cross-entropy (more than 2 classes). */
    public boolean softmax(int t) {
        return classes[t] > 2;
    }

    /** The first output neuron task {@code t} owns. */
    public int firstOutput(int t) {
        return first[t];
    }

    /** The number of output neurons task {@code t} owns: 1 for a binary task, else its classes. */
    public int outputs(int t) {
        return first[t + 1] - first[t];
    }

    /**
     * Checks that {@code d} fits this layout: as many tasks, and every label a class index of its
     * task (an integer in {@code 0 .. C-1}).
     *
     * @throws IllegalArgumentException naming the task, row and label otherwise
     */
    void check(Dataset d) {
        if (d.tasks() != tasks()) {
            throw new IllegalArgumentException("the data have " + d.tasks() + " tasks, the head layout " + tasks()
                    + " (" + this + "); build the layout from the same data config: Heads.of(dataConfig)");
        }
        float[] y = d.y();
        int k = tasks();
        for (int r = 0; r < d.rows(); r++) {
            for (int t = 0; t < k; t++) {
                float v = y[r * k + t];
                if (!(v >= 0 && v < classes[t] && v == Math.rint(v))) {
                    throw new IllegalArgumentException("row " + r + " of task " + t + " has label " + v
                            + ", which is not a class index of a " + classes[t] + "-class task; give the trainer the"
                            + " data's head layout (Heads.of(dataConfig)) so that each task has its number of classes");
                }
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Heads h && Arrays.equals(classes, h.classes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(classes);
    }

    /** E.g. {@code Heads[2, 10]}: the classes per task. */
    @Override
    public String toString() {
        return "Heads" + Arrays.toString(classes);
    }
}
