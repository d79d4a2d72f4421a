package org.lotterylab.metrics;

import java.util.Arrays;
import org.lotterylab.model.Network;
import org.lotterylab.rng.Rng;

/**
 * The continuous view of the split (science.md section 5, "Beyond components"): how far the
 * active subgraph is from splitting along the tasks, per layer and in total, so that a split can
 * be seen coming before the discrete {@link Split} value jumps to 0.
 *
 * <p>All measures work on the active subgraph (the {@link State#ACTIVE} weights and neurons).
 * A neuron or weight <em>lies on task t</em> when an input of {@code t} reaches it and it reaches
 * an output of {@code t} over active weights (an owned input reaches itself, an owned output is
 * reached by itself). A neuron's <em>group</em> is the task it alone lies on, {@link #SHARED} if
 * it lies on several, {@link #NONE} if on none (e.g. an active neuron joining one task's inputs to
 * another task's outputs only), {@link #ABSENT} if it is not active.
 *
 * <ul>
 *   <li><b>modularity</b>: Newman's Q of the group partition (tasks, one group of all shared
 *       neurons, one of all neurons on no task) on the undirected active graph weighted by
 *       {@code |w|}: {@code Q = (1/2m) sum_ij (A_ij - k_i k_j / 2m) delta(c_i, c_j)}. About 0 for
 *       a dense net (nearly every hidden neuron is shared, one big group), {@code 1 - sum_t
 *       (deg_t / 2m)^2} for a perfect split (1/2 for two equal tasks). Per weight layer
 *       {@code l}: the same Q on the subgraph of layer {@code l}'s active weights, with the same
 *       groups. NaN when the edges weigh 0 in total (no active weight).</li>
 *   <li><b>sharing</b> of task {@code t} (after Csordas et al. 2021): the share of the active
 *       weights lying on {@code t} that also lie on another task; per weight layer and in total;
 *       0 for a perfect split, NaN when no weight lies on {@code t}. {@link #sharing()} without a
 *       task: the share of the weights lying on some task that lie on two or more.</li>
 *   <li><b>decided share</b> (the thesis' in/out view): among a neuron layer's active neurons, the
 *       share reached from the inputs of exactly one task (input side), and the share reaching the
 *       outputs of exactly one task (output side). The input side of the input layer and the
 *       output side of the output layer are decided by ownership, not by the graph, so they are
 *       NaN in the per-layer arrays and left out of the totals: the total input side counts the
 *       active neurons of layers 1..L, the output side those of layers 0..L-1. NaN when there are
 *       none.</li>
 *   <li><b>clusterability</b>: see {@link Clusterability}.</li>
 * </ul>
 * Arrays are exposed as is: treat them as read-only.
 *
 * @param modularity Q of the group partition on the whole active graph
 * @param modularityPerLayer Q per weight layer
 * @param sharing share of the weights on some task that lie on several, all layers
 * @param sharingPerLayer the same per weight layer
 * @param sharingPerTask sharing of each task, all layers
 * @param sharingPerTaskLayer {@code [task][weight layer]}
 * @param decidedIn input-side decided share of the active neurons of layers 1..L
 * @param decidedInPerLayer per neuron layer (index 0 is NaN)
 * @param decidedOut output-side decided share of the active neurons of layers 0..L-1
 * @param decidedOutPerLayer per neuron layer (index L is NaN)
 * @param groups {@code [neuron layer][neuron]}: task index, {@link #SHARED}, {@link #NONE} or {@link #ABSENT}
 * @param clusterability the spectral n-cut and its null
 */
public record SplitMetrics(double modularity, double[] modularityPerLayer, double sharing, double[] sharingPerLayer,
        double[] sharingPerTask, double[][] sharingPerTaskLayer, double decidedIn, double[] decidedInPerLayer,
        double decidedOut, double[] decidedOutPerLayer, int[][] groups, Clusterability clusterability) {

    /** Group of an active neuron that lies on several tasks. */
    public static final int SHARED = -1;
    /** Group of an active neuron that lies on no task. */
    public static final int NONE = -2;
    /** Group of a neuron that is not active. */
    public static final int ABSENT = -3;

    /**
     * Clusterability after Filan et al. 2021: the normalised cut
     * {@code ncut = sum_c cut(c) / vol(c)} (in [0, T]; lower is more clusterable) of the spectral
     * partition into T parts of the {@code |w|}-weighted active graph (Shi-Malik embedding,
     * k-means++ from a fixed seed; neurons of weighted degree 0 take no part), against a null of
     * the same network with its surviving weights permuted within each layer (the
     * "layer_nonzero" shuffle: same mask, same topology, each layer's values redistributed).
     *
     * <p>{@code ncutPerLayer[l]}: the part of the n-cut due to weight layer {@code l}'s edges
     * ({@code sum_c cut_l(c) / vol(c)}); the layers add up to {@code ncut}. The null is computed
     * only when asked for ({@code shuffles > 0}); otherwise its fields are NaN and
     * {@code nullNcuts} is empty. {@code z = (ncut - nullMean) / nullSd} (sample sd), NaN when the
     * sd is 0 (e.g. a network whose topology alone decides the partition, such as a perfect
     * split, where every shuffle cuts 0); {@code p = (1 + #{null ncut <= ncut}) / (1 + shuffles)},
     * the one-sided empirical p of being at least as clusterable as the shuffles. Everything is NaN
     * (and {@code shuffles} 0, no null being drawn) when fewer than T neurons have a positive
     * weighted degree.
     *
     * @param ncut normalised cut of the spectral partition
     * @param ncutPerLayer each weight layer's share of it
     * @param parts {@code [neuron layer][neuron]}: the part 0..T-1, or -1 for neurons outside
     * @param shuffles how many shuffles the null holds (0 = not computed)
     * @param nullMean mean n-cut of the shuffles
     * @param nullSd sample standard deviation of the shuffles' n-cuts
     * @param z z-score of {@code ncut} against the shuffles
     * @param p empirical p, as above
     * @param nullNcuts the shuffles' n-cuts, in shuffle order
     */
    public record Clusterability(double ncut, double[] ncutPerLayer, int[][] parts, int shuffles, double nullMean,
            double nullSd, double z, double p, double[] nullNcuts) {
    }

    /** The metrics of {@code net} under its own mask, without the shuffle null. */
    public static SplitMetrics of(Network net, TaskLayout tasks) {
        return of(net, States.of(net), tasks, 0, 0);
    }

    /**
     * The metrics of {@code net} with its states already computed.
     *
     * @param shuffles how many layer_nonzero shuffles the clusterability null draws (0 = none;
     *        each costs one more spectral partition)
     * @param seed the seed of the shuffles: shuffle {@code i} draws from
     *        {@code Rng.derive(seed, "layer_nonzero", i)}, so the null is a function of the
     *        network and the seed
     * @throws IllegalArgumentException if {@code shuffles < 0}, the states or the layout do not
     *         fit the network, or there are more than 64 tasks
     */
    public static SplitMetrics of(Network net, States states, TaskLayout tasks, int shuffles, long seed) {
        if (shuffles < 0) {
            throw new IllegalArgumentException("shuffles must be >= 0, got " + shuffles);
        }
        if (!Arrays.equals(net.shape(), states.shape())) {
            throw new IllegalArgumentException("states of shape " + Arrays.toString(states.shape())
                    + " do not match the network's shape " + Arrays.toString(net.shape()));
        }
        ActiveGraph g = ActiveGraph.of(states, tasks);
        int layers = g.layers();
        int tc = g.tasks;
        double[] w = g.absWeights(net);

        // Groups: tasks 0..T-1, then shared (T), then none (T+1), for the modularity arrays.
        int[][] groups = new int[g.shape.length][];
        int[] code = new int[g.nodes];
        for (int k = 0; k < g.shape.length; k++) {
            groups[k] = new int[g.shape[k]];
            for (int j = 0; j < g.shape[k]; j++) {
                int v = g.offset[k] + j;
                long on = g.fwd[v] & g.bwd[v];
                int grp = !g.active[v] ? ABSENT : on == 0 ? NONE : Long.bitCount(on) > 1 ? SHARED
                        : Long.numberOfTrailingZeros(on);
                groups[k][j] = grp;
                code[v] = grp >= 0 ? grp : grp == SHARED ? tc : tc + 1;
            }
        }
        double q = Modularity.of(g.edgeSrc, g.edgeDst, w, null, code, tc + 2);
        double[] qLayer = new double[layers];
        // Edges are ordered by layer: each layer's are one range (same sums as a mask of it).
        for (int l = 0, from = 0; l < layers; l++) {
            int to = from;
            while (to < g.edges() && g.edgeLayer[to] == l) {
                to++;
            }
            qLayer[l] = Modularity.of(g.edgeSrc, g.edgeDst, w, null, from, to, code, tc + 2);
            from = to;
        }

        // Sharing: counts of weights on each task, and of those also on another, per layer.
        long[][] onTask = new long[tc][layers];
        long[][] onTaskShared = new long[tc][layers];
        long[] onAny = new long[layers];
        long[] onSeveral = new long[layers];
        for (int e = 0; e < g.edges(); e++) {
            long on = g.fwd[g.edgeSrc[e]] & g.bwd[g.edgeDst[e]];
            if (on == 0) {
                continue;
            }
            int l = g.edgeLayer[e];
            boolean several = Long.bitCount(on) > 1;
            onAny[l]++;
            if (several) {
                onSeveral[l]++;
            }
            for (long bits = on; bits != 0; bits &= bits - 1) {
                int t = Long.numberOfTrailingZeros(bits);
                onTask[t][l]++;
                if (several) {
                    onTaskShared[t][l]++;
                }
            }
        }
        double[] sharingLayer = new double[layers];
        for (int l = 0; l < layers; l++) {
            sharingLayer[l] = share(onSeveral[l], onAny[l]);
        }
        double[] sharingTask = new double[tc];
        double[][] sharingTaskLayer = new double[tc][layers];
        for (int t = 0; t < tc; t++) {
            for (int l = 0; l < layers; l++) {
                sharingTaskLayer[t][l] = share(onTaskShared[t][l], onTask[t][l]);
            }
            sharingTask[t] = share(sum(onTaskShared[t]), sum(onTask[t]));
        }

        // Decided share per neuron layer.
        double[] inLayer = new double[layers + 1];
        double[] outLayer = new double[layers + 1];
        long inDecided = 0;
        long inCount = 0;
        long outDecided = 0;
        long outCount = 0;
        for (int k = 0; k <= layers; k++) {
            long n = 0;
            long di = 0;
            long dout = 0;
            for (int j = 0; j < g.shape[k]; j++) {
                int v = g.offset[k] + j;
                if (!g.active[v]) {
                    continue;
                }
                n++;
                di += Long.bitCount(g.fwd[v]) == 1 ? 1 : 0;
                dout += Long.bitCount(g.bwd[v]) == 1 ? 1 : 0;
            }
            inLayer[k] = k == 0 ? Double.NaN : share(di, n);
            outLayer[k] = k == layers ? Double.NaN : share(dout, n);
            if (k > 0) {
                inDecided += di;
                inCount += n;
            }
            if (k < layers) {
                outDecided += dout;
                outCount += n;
            }
        }

        Clusterability c = clusterability(net, g, w, shuffles, seed);
        return new SplitMetrics(q, qLayer, share(sum(onSeveral), sum(onAny)), sharingLayer, sharingTask,
                sharingTaskLayer, share(inDecided, inCount), inLayer, share(outDecided, outCount), outLayer, groups, c);
    }

    private static Clusterability clusterability(Network net, ActiveGraph g, double[] w, int shuffles, long seed) {
        int layers = g.layers();
        int[] labels = SpectralCut.partition(g.nodes, g.edgeSrc, g.edgeDst, w, g.side(), g.tasks);
        double[] observed = ncut(g, w, labels);
        int[][] parts = new int[g.shape.length][];
        for (int k = 0; k < g.shape.length; k++) {
            parts[k] = new int[g.shape[k]];
            for (int j = 0; j < g.shape[k]; j++) {
                parts[k][j] = labels == null ? -1 : labels[g.offset[k] + j];
            }
        }
        double[] perLayer = Arrays.copyOfRange(observed, 1, layers + 1);
        if (shuffles == 0 || Double.isNaN(observed[0])) {
            return new Clusterability(observed[0], perLayer, parts, 0, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, new double[0]);
        }
        double[] nulls = new double[shuffles];
        int atMost = 0;
        for (int i = 0; i < shuffles; i++) {
            double[] ws = g.absWeights(LayerShuffle.of(net, Rng.derive(seed, "layer_nonzero", i)));
            nulls[i] = ncut(g, ws, SpectralCut.partition(g.nodes, g.edgeSrc, g.edgeDst, ws, g.side(), g.tasks))[0];
            if (nulls[i] <= observed[0]) {
                atMost++;
            }
        }
        double mean = Stats.mean(nulls);
        double sd = shuffles > 1 ? Stats.sd(nulls) : Double.NaN;
        double z = sd > 0 ? (observed[0] - mean) / sd : Double.NaN;
        return new Clusterability(observed[0], perLayer, parts, shuffles, mean, sd, z,
                (1.0 + atMost) / (1.0 + shuffles), nulls);
    }

    /** {@code [ncut, per layer...]} of partition {@code labels} (null: none) of {@code g} weighted by {@code w}. */
    private static double[] ncut(ActiveGraph g, double[] w, int[] labels) {
        if (labels == null) {
            double[] nan = new double[g.layers() + 1];
            Arrays.fill(nan, Double.NaN);
            return nan;
        }
        return SpectralCut.ncut(g.nodes, g.edgeSrc, g.edgeDst, w, g.edgeLayer, g.layers(), labels, g.tasks);
    }

    private static double share(long part, long whole) {
        return whole == 0 ? Double.NaN : (double) part / whole;
    }

    private static long sum(long[] a) {
        long s = 0;
        for (long x : a) {
            s += x;
        }
        return s;
    }
}
