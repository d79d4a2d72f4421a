package org.lotterylab.plot;

import java.util.List;
import java.util.Set;

import org.lotterylab.graph.Node;
import org.lotterylab.metrics.Split;
import org.lotterylab.metrics.State;
import org.lotterylab.metrics.States;
import org.lotterylab.metrics.TaskLayout;

/**
 * Which task's component every neuron belongs to: the grouping behind {@link PixelMaps} and
 * {@link BinnedDiagram}.
 *
 * <p>A neuron in a weakly connected component of the active subgraph ({@link Split#components()})
 * gets the task whose outputs that component holds: task {@code t} when it holds outputs of task
 * {@code t} only, {@link #SHARED} when it holds outputs of two or more tasks. A neuron outside every
 * component, or in a component holding no task's output (only unowned outputs), is {@link #NONE}.
 * An input pixel of task 0 in a component that reaches only task 1's outputs is therefore "task 1":
 * the maps show such crosstalk in the other task's colour.
 */
final class NeuronGroups {
    /** The group of a neuron outside every task's component. */
    static final int NONE = -1;
    /** The group of a neuron whose component holds outputs of several tasks. */
    static final int SHARED = -2;

    private final int[][] group;
    private final States states;

    private NeuronGroups(int[][] group, States states) {
        this.group = group;
        this.states = states;
    }

    static NeuronGroups of(int[] shape, States states, Split split, TaskLayout tasks) {
        int last = shape.length - 1;
        int[] outputTask = new int[shape[last]];
        java.util.Arrays.fill(outputTask, -1);
        for (int t = 0; t < tasks.tasks(); t++) {
            for (int v : tasks.outputs(t)) {
                outputTask[v] = t;
            }
        }
        int[][] g = new int[shape.length][];
        for (int k = 0; k < shape.length; k++) {
            g[k] = new int[shape[k]];
            java.util.Arrays.fill(g[k], NONE);
        }
        List<Set<Node>> comps = split.components();
        for (Set<Node> comp : comps) {
            int task = NONE;
            for (Node n : comp) {
                if (n.layer() == last && outputTask[n.index()] >= 0) {
                    int t = outputTask[n.index()];
                    task = task == NONE || task == t ? t : SHARED;
                }
            }
            for (Node n : comp) {
                g[n.layer()][n.index()] = task;
            }
        }
        return new NeuronGroups(g, states);
    }

    /** The group of neuron {@code j} of neuron layer {@code k}: a task index, {@link #NONE} or {@link #SHARED}. */
    int group(int k, int j) {
        return group[k][j];
    }

    /** The groups of neuron layer {@code k} (the array itself: read only). */
    int[] layer(int k) {
        return group[k];
    }

    States states() {
        return states;
    }

    /** Active weights leaving input {@code i} (neuron layer 0). */
    int activeOut(int i) {
        int n = 0;
        int[] shape = states.shape();
        for (int o = 0; o < shape[1]; o++) {
            if (states.weight(0, o, i) == State.ACTIVE) {
                n++;
            }
        }
        return n;
    }

    /** The display label of a group, given the task names. */
    static String label(int g, List<String> names) {
        return switch (g) {
            case NONE -> "none";
            case SHARED -> "shared";
            default -> g < names.size() ? names.get(g) : "task " + g;
        };
    }

    /** Dark grey: no task colour (the palette's eight colours) is this grey. */
    static final java.awt.Color SHARED_COLOR = new java.awt.Color(0x555555);

    /** The colour of a group: the task's colour, dark grey when shared, light grey for none. */
    static java.awt.Color color(int g) {
        return switch (g) {
            case NONE -> PaperStyle.LIGHT_GREY;
            case SHARED -> SHARED_COLOR;
            default -> PaperStyle.task(g);
        };
    }
}
