package org.lotterylab.metrics;

import java.util.Arrays;
import java.util.function.Function;
import org.lotterylab.model.Mask;
import org.lotterylab.model.Network;

/**
 * Lesions of one trained network (science.md section 5, "Beyond components"): which task loses
 * accuracy when the weights that serve only one task, or those several tasks share, are removed.
 *
 * <p>Path membership ({@link #taskPaths}): an {@link State#ACTIVE} weight from neuron {@code i}
 * to neuron {@code o} lies on task {@code t}'s paths when some input of {@code t} reaches
 * {@code i} and {@code o} reaches some output of {@code t}, both over active weights, i.e. when
 * it is on a directed input(t) to output(t) path. It lies <em>only</em> on task {@code t}'s
 * paths when it is on no other task's; it is <em>shared</em> when it is on the paths of two or
 * more tasks. An active weight on no task's own paths (e.g. only on paths from task 0's inputs to
 * task 1's output) is <em>crossing</em>: no lesion removes it.
 *
 * <p>A lesion removes a set of weights (masks them out, so they are 0; biases are kept) and
 * measures each task's accuracy again with the caller's evaluator (the test set, in a stored
 * run). {@code drop[s][t] = before[s] - after[s]} when the weights only on task {@code t}'s
 * paths are removed: positive when the lesion costs task {@code s} accuracy. A perfect split
 * (every task its own component, no shared weight) drops only the diagonal: a weight only on
 * task {@code t}'s paths cannot feed another task's output, so every off-diagonal drop is
 * exactly 0. {@code sharedDrop[s]} is the drop of task {@code s} when the shared weights are
 * removed (0 when there are none). A lesion that removes no weight is not evaluated: its drops
 * are exactly 0. Arrays are exposed as is: treat them as read-only.
 *
 * @param before        each task's accuracy of the intact network
 * @param drop          T x T, row the task measured, column the task whose own weights were removed
 * @param sharedDrop    per task, the drop when the shared weights are removed
 * @param onlyWeights   per task t, the number of weights only on task t's paths
 * @param sharedWeights the number of shared weights
 * @param crossWeights  the number of active weights on no task's own paths (never removed)
 */
public record Lesions(double[] before, double[][] drop, double[] sharedDrop, int[] onlyWeights, int sharedWeights,
        int crossWeights) {

    /** The most tasks {@link #taskPaths} can tell apart (one bit each of a long). */
    public static final int MAX_TASKS = 63;

    /** The number of tasks T. */
    public int tasks() {
        return before.length;
    }

    /**
     * The lesions of {@code trained} (values and mask) for the task layout {@code tasks}.
     *
     * @param accuracy each task's accuracy of a network (e.g. on the test set); called once for
     *        the intact network and once per lesion that removes a weight, with a copy of
     *        {@code trained} whose removed weights are masked out
     * @throws IllegalArgumentException if the layout does not fit the network, it has more than
     *         {@value #MAX_TASKS} tasks, or {@code accuracy} returns other than one value per task
     */
    public static Lesions of(Network trained, TaskLayout tasks, Function<Network, double[]> accuracy) {
        return of(trained, States.of(trained), tasks, accuracy);
    }

    /** As {@link #of(Network, TaskLayout, Function)} with the states of {@code trained} already computed. */
    public static Lesions of(Network trained, States states, TaskLayout tasks, Function<Network, double[]> accuracy) {
        long[][] paths = taskPaths(trained.shape(), states, tasks);
        int tc = tasks.tasks();
        double[] before = checked(accuracy.apply(trained.copy()), tc);
        int[] only = new int[tc];
        int shared = 0;
        int cross = 0;
        for (int l = 0; l < paths.length; l++) {
            for (int k = 0; k < paths[l].length; k++) {
                long p = paths[l][k];
                if (p == 0) {
                    cross += states.weightAt(l, k) == State.ACTIVE ? 1 : 0;
                } else if (Long.bitCount(p) == 1) {
                    only[Long.numberOfTrailingZeros(p)]++;
                } else {
                    shared++;
                }
            }
        }
        double[][] drop = new double[tc][];
        for (int t = 0; t < tc; t++) {
            long want = 1L << t;
            drop[t] = only[t] == 0 ? new double[tc] : drops(trained, paths, p -> p == want, before, accuracy);
        }
        // Column t of the matrix is the lesion of task t: transpose the per-lesion rows.
        double[][] m = new double[tc][tc];
        for (int s = 0; s < tc; s++) {
            for (int t = 0; t < tc; t++) {
                m[s][t] = drop[t][s];
            }
        }
        double[] sharedDrop = shared == 0 ? new double[tc]
                : drops(trained, paths, p -> Long.bitCount(p) > 1, before, accuracy);
        return new Lesions(before, m, sharedDrop, only, shared, cross);
    }

    private static double[] drops(Network trained, long[][] paths, java.util.function.LongPredicate removed,
            double[] before, Function<Network, double[]> accuracy) {
        Mask.Builder mb = trained.mask().toBuilder();
        for (int l = 0; l < paths.length; l++) {
            for (int k = 0; k < paths[l].length; k++) {
                if (paths[l][k] != 0 && removed.test(paths[l][k])) {
                    mb.weightAt(l, k, false);
                }
            }
        }
        Network lesioned = trained.copy();
        lesioned.setMask(mb.build());
        double[] after = checked(accuracy.apply(lesioned), before.length);
        double[] d = new double[before.length];
        for (int s = 0; s < d.length; s++) {
            d[s] = before[s] - after[s];
        }
        return d;
    }

    private static double[] checked(double[] acc, int tasks) {
        if (acc == null || acc.length != tasks) {
            throw new IllegalArgumentException("the accuracy function returned " + (acc == null ? "null" : acc.length
                    + " values") + " for " + tasks + " tasks; return one accuracy per task");
        }
        return acc.clone();
    }

    /**
     * Per weight layer {@code l} and weight {@code k = o * in + i} (the network's row-major
     * order), the set of tasks on whose input-to-output paths of active weights the weight lies,
     * as a bit mask (bit {@code t} for task {@code t}); 0 for a weight that is not active or lies
     * on no task's paths. Computed by one forward pass that propagates, per neuron, the tasks whose
     * inputs reach it, and one backward pass for the tasks whose outputs it reaches.
     *
     * @throws IllegalArgumentException if the layout does not fit {@code shape} or has more than
     *         {@value #MAX_TASKS} tasks
     */
    public static long[][] taskPaths(int[] shape, States states, TaskLayout tasks) {
        tasks.check(shape);
        if (!Arrays.equals(shape, states.shape())) {
            throw new IllegalArgumentException("states of shape " + Arrays.toString(states.shape())
                    + " do not match the network's shape " + Arrays.toString(shape));
        }
        if (tasks.tasks() > MAX_TASKS) {
            throw new IllegalArgumentException(tasks.tasks() + " tasks: lesions tell at most " + MAX_TASKS
                    + " tasks apart; merge tasks or skip the lesions (analysis.lesions = none)");
        }
        int layers = shape.length - 1;
        long[][] from = new long[layers + 1][];
        long[][] to = new long[layers + 1][];
        for (int k = 0; k <= layers; k++) {
            from[k] = new long[shape[k]];
            to[k] = new long[shape[k]];
        }
        for (int t = 0; t < tasks.tasks(); t++) {
            for (int v : tasks.inputsView()[t]) {
                from[0][v] |= 1L << t;
            }
            for (int v : tasks.outputsView()[t]) {
                to[layers][v] |= 1L << t;
            }
        }
        for (int l = 0; l < layers; l++) {
            int in = shape[l];
            for (int o = 0; o < shape[l + 1]; o++) {
                long acc = 0;
                for (int i = 0; i < in; i++) {
                    if (states.weight(l, o, i) == State.ACTIVE) {
                        acc |= from[l][i];
                    }
                }
                from[l + 1][o] = acc;
            }
        }
        for (int l = layers - 1; l >= 0; l--) {
            int in = shape[l];
            for (int i = 0; i < in; i++) {
                long acc = 0;
                for (int o = 0; o < shape[l + 1]; o++) {
                    if (states.weight(l, o, i) == State.ACTIVE) {
                        acc |= to[l + 1][o];
                    }
                }
                to[l][i] = acc;
            }
        }
        long[][] paths = new long[layers][];
        for (int l = 0; l < layers; l++) {
            int in = shape[l];
            paths[l] = new long[in * shape[l + 1]];
            for (int o = 0; o < shape[l + 1]; o++) {
                for (int i = 0; i < in; i++) {
                    if (states.weight(l, o, i) == State.ACTIVE) {
                        paths[l][o * in + i] = from[l][i] & to[l + 1][o];
                    }
                }
            }
        }
        return paths;
    }
}
