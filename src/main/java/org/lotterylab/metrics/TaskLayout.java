package org.lotterylab.metrics;

import java.util.Arrays;

/**
 * Which input and output neurons each task owns. Task {@code t} owns the input neurons
 * {@code inputs(t)} and the output neurons {@code outputs(t)}. The toy layout of science.md
 * (task {@code t} owns inputs {@code 2t, 2t+1} and output {@code t}) is {@link #pairs(int)}.
 *
 * <p>Every task must own at least one input and one output; tasks may not share a neuron.
 * Neurons owned by no task are allowed (e.g. distractor inputs): they take part in the graph
 * but in no coverage. A task may own any number of inputs and outputs (an image task: one input
 * per pixel, one output per class).
 *
 * <p>The layout also says how {@link Split} scores a task: by its input-output pairs (the
 * default), or, with {@link #outputOnlyDegradation()}, by its outputs alone, for tasks with many
 * inputs of which some (an image's border pixels) are dead from the start. Immutable.
 */
public final class TaskLayout {
    private final int[][] inputs;
    private final int[][] outputs;
    private final boolean outputOnly;

    private TaskLayout(int[][] inputs, int[][] outputs) {
        if (inputs.length != outputs.length || inputs.length == 0) {
            throw new IllegalArgumentException("need the same positive number of input and output groups, got "
                    + inputs.length + " and " + outputs.length);
        }
        this.inputs = deepCopy(inputs, "input");
        this.outputs = deepCopy(outputs, "output");
        this.outputOnly = false;
    }

    private TaskLayout(TaskLayout from, boolean outputOnly) {
        this.inputs = from.inputs;
        this.outputs = from.outputs;
        this.outputOnly = outputOnly;
    }

    /**
     * This layout with the output-only degradation rule on or off (science.md section 5). With it
     * on, task {@code t}'s coverage of component {@code j} is (# outputs of t in j) / (# outputs
     * of t) when j holds at least one input of t, else 0: a task degrades only when it loses an
     * output or its outputs are spread over components, never because some of its inputs (pixels
     * that are dead from the start) have left the active subgraph.
     */
    public TaskLayout withOutputOnlyDegradation(boolean on) {
        return on == outputOnly ? this : new TaskLayout(this, on);
    }

    /** Whether {@link Split} uses the output-only degradation rule; off by default. */
    public boolean outputOnlyDegradation() {
        return outputOnly;
    }

    private static int[][] deepCopy(int[][] a, String what) {
        int[][] c = new int[a.length][];
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int t = 0; t < a.length; t++) {
            if (a[t].length == 0) {
                throw new IllegalArgumentException("task " + t + " owns no " + what);
            }
            c[t] = a[t].clone();
            for (int v : c[t]) {
                if (v < 0 || !seen.add(v)) {
                    throw new IllegalArgumentException(what + " " + v + " is negative or owned twice");
                }
            }
        }
        return c;
    }

    /** Task {@code t} owns inputs {@code taskInputs[t]} and the single output {@code taskOutputs[t]}. */
    public static TaskLayout of(int[][] taskInputs, int[] taskOutputs) {
        int[][] out = new int[taskOutputs.length][];
        for (int t = 0; t < out.length; t++) {
            out[t] = new int[] {taskOutputs[t]};
        }
        return new TaskLayout(taskInputs, out);
    }

    /** Task {@code t} owns inputs {@code taskInputs[t]} and outputs {@code taskOutputs[t]}. */
    public static TaskLayout of(int[][] taskInputs, int[][] taskOutputs) {
        return new TaskLayout(taskInputs, taskOutputs);
    }

    /** The toy layout of {@code tasks} concatenated 2-d tasks: inputs {@code 2t, 2t+1}, output {@code t}. */
    public static TaskLayout pairs(int tasks) {
        int[][] in = new int[tasks][];
        int[] out = new int[tasks];
        for (int t = 0; t < tasks; t++) {
            in[t] = new int[] {2 * t, 2 * t + 1};
            out[t] = t;
        }
        return of(in, out);
    }

    /** The number of tasks T. */
    public int tasks() {
        return inputs.length;
    }

    /** The input neurons task {@code t} owns (a copy). */
    public int[] inputs(int t) {
        return inputs[t].clone();
    }

    /** The output neurons task {@code t} owns (a copy). */
    public int[] outputs(int t) {
        return outputs[t].clone();
    }

    int[][] inputsView() {
        return inputs;
    }

    int[][] outputsView() {
        return outputs;
    }

    /** Checks that every owned neuron exists in a network of this shape. */
    void check(int[] shape) {
        int nIn = shape[0];
        int nOut = shape[shape.length - 1];
        for (int t = 0; t < tasks(); t++) {
            for (int v : inputs[t]) {
                if (v >= nIn) {
                    throw new IllegalArgumentException("task " + t + " input " + v + " outside shape " + Arrays.toString(shape));
                }
            }
            for (int v : outputs[t]) {
                if (v >= nOut) {
                    throw new IllegalArgumentException("task " + t + " output " + v + " outside shape " + Arrays.toString(shape));
                }
            }
        }
    }

    @Override
    public String toString() {
        return "TaskLayout" + Arrays.deepToString(inputs) + "->" + Arrays.deepToString(outputs)
                + (outputOnly ? " (output-only degradation)" : "");
    }
}
