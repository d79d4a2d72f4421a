package org.lotterylab.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jgrapht.Graph;
import org.jgrapht.alg.clustering.UndirectedModularityMeasurer;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.SimpleWeightedGraph;
import org.junit.jupiter.api.Test;
import org.lotterylab.graph.Node;
import org.lotterylab.model.Mask;
import org.lotterylab.model.ModelConfig;
import org.lotterylab.model.Network;
import org.lotterylab.rng.Rng;

/**
 * SplitMetrics on hand-built graphs whose values are worked out by hand in the comments, and
 * modularity against JGraphT's UndirectedModularityMeasurer (a second method).
 */
class SplitMetricsTest {
    private static final TaskLayout TWO = TaskLayout.pairs(2);
    private static final double EPS = 1e-12;
    private static final int S = SplitMetrics.SHARED;

    /**
     * [4,3,2] with one shared neuron: x0,x1 -> h0 -> y0; x2,x3 -> h2 -> y1; x1,x2 -> h1 -> y0,y1.
     */
    static Fx oneShared() {
        return Fx.of(4, 3, 2)
                .edge(0, 0, 0).edge(0, 0, 1).edge(0, 1, 1).edge(0, 1, 2).edge(0, 2, 2).edge(0, 2, 3)
                .edge(1, 0, 0).edge(1, 0, 1).edge(1, 1, 1).edge(1, 1, 2);
    }

    /**
     * [4,3,3,2] with a shared bridge a1 -> b1: x0,x1 -> a0 -> b0 -> y0; x2,x3 -> a2 -> b2 -> y1;
     * x1,x2 -> a1 -> b1 -> y0,y1.
     */
    static Fx sharedBridge() {
        return Fx.of(4, 3, 3, 2)
                .edge(0, 0, 0).edge(0, 0, 1).edge(0, 1, 1).edge(0, 1, 2).edge(0, 2, 2).edge(0, 2, 3)
                .edge(1, 0, 0).edge(1, 1, 1).edge(1, 2, 2)
                .edge(2, 0, 0).edge(2, 0, 1).edge(2, 1, 1).edge(2, 1, 2);
    }

    /**
     * [4,8,8,2] planted partition: task t owns inputs 2t,2t+1, hidden neurons 4t..4t+3 of both
     * hidden layers and output t, all joined within the task (8 + 16 + 4 = 28 weights of value 1
     * per task); two cross weights of value {@code c} in the middle layer, h1_0 -> h2_4 and
     * h1_4 -> h2_0.
     */
    static Fx planted(float c) {
        Fx f = Fx.of(4, 8, 8, 2);
        for (int t = 0; t < 2; t++) {
            for (int h = 4 * t; h < 4 * t + 4; h++) {
                f.edge(0, h, 2 * t).edge(0, h, 2 * t + 1).edge(2, t, h);
                for (int g = 4 * t; g < 4 * t + 4; g++) {
                    f.edge(1, g, h);
                }
            }
        }
        return f.edge(1, 4, 0, c).edge(1, 0, 4, c);
    }

    @Test
    void perfectSplit() {
        SplitMetrics m = SplitMetrics.of(Fx.perfectSplit().net(), TWO);
        // Groups {x0,x1,h0,y0}, {x2,x3,h1,y1}; m = 6, in = 3 each, deg = 6 each:
        // Q = 2 * (3/6 - (6/12)^2) = 0.5, and the same in each layer (2*(2/4 - 1/4), 2*(1/2 - 1/4)).
        assertEquals(0.5, m.modularity(), EPS);
        assertArrayEquals(new double[] {0.5, 0.5}, m.modularityPerLayer(), EPS);
        assertArrayEquals(new int[][] {{0, 0, 1, 1}, {0, 1}, {0, 1}}, m.groups());
        assertEquals(0.0, m.sharing());
        assertArrayEquals(new double[] {0, 0}, m.sharingPerTask());
        assertArrayEquals(new double[] {0, 0}, m.sharingPerTaskLayer()[1]);
        // Every hidden and output neuron is reached from one task, every input and hidden reaches one.
        assertEquals(1.0, m.decidedIn());
        assertEquals(1.0, m.decidedOut());
        assertArrayEquals(new double[] {Double.NaN, 1, 1}, m.decidedInPerLayer());
        assertArrayEquals(new double[] {1, 1, Double.NaN}, m.decidedOutPerLayer());
        // Two components: the spectral partition is the split and cuts nothing.
        SplitMetrics.Clusterability c = m.clusterability();
        assertEquals(0.0, c.ncut(), EPS);
        assertArrayEquals(new double[] {0, 0}, c.ncutPerLayer(), EPS);
        assertEquals(c.parts()[0][0], c.parts()[2][0]);
        assertNotEquals(c.parts()[0][0], c.parts()[2][1]);
        assertEquals(0, c.shuffles());
        assertTrue(Double.isNaN(c.z()));
    }

    @Test
    void oneSharedNeuron() {
        SplitMetrics m = SplitMetrics.of(oneShared().net(), TWO);
        // h1 lies on both tasks (x1 -> h1 -> y0 and x2 -> h1 -> y1); x1 and y0 lie on task 0 only.
        assertArrayEquals(new int[][] {{0, 0, 1, 1}, {0, S, 1}, {0, 1}}, m.groups());
        // m = 10; inside task 0: x0h0, x1h0, h0y0 = 3 (task 1 the same); 4 edges touch h1.
        // deg: task 0 = 1 + 2 + 3 + 2 = 8, task 1 = 8, shared {h1} = 4.
        // Q = 3/10 + 3/10 - 2 (8/20)^2 - (4/20)^2 = 0.24.
        assertEquals(0.24, m.modularity(), EPS);
        // Layer 0: m = 6, in 2 + 2, deg 5, 5, 2: 4/6 - 50/144 - 4/144 = 7/24.
        // Layer 1: m = 4, in 1 + 1, deg 3, 3, 2: 2/4 - 18/64 - 4/64 = 10/64.
        assertArrayEquals(new double[] {7.0 / 24, 10.0 / 64}, m.modularityPerLayer(), EPS);
        // With one hidden layer no weight lies on two tasks: an input weight leaves one task's
        // input, an output weight enters one task's output.
        assertEquals(0.0, m.sharing());
        assertArrayEquals(new double[] {0, 0}, m.sharingPerTask());
        // Input side: h0, h2 of 3 hidden; y0, y1 are both reached from both tasks: (2 + 0) / 5.
        // Output side: x0, x3 of 4 inputs; h0, h2 of 3 hidden: (2 + 2) / 7.
        assertArrayEquals(new double[] {Double.NaN, 2.0 / 3, 0}, m.decidedInPerLayer(), EPS);
        assertArrayEquals(new double[] {0.5, 2.0 / 3, Double.NaN}, m.decidedOutPerLayer(), EPS);
        assertEquals(0.4, m.decidedIn(), EPS);
        assertEquals(4.0 / 7, m.decidedOut(), EPS);
        assertEquals(jgraphtQ(oneShared().net(), m.groups()), m.modularity(), EPS);
    }

    @Test
    void sharedBridgeWeight() {
        SplitMetrics m = SplitMetrics.of(sharedBridge().net(), TWO);
        assertArrayEquals(new int[][] {{0, 0, 1, 1}, {0, S, 1}, {0, S, 1}, {0, 1}}, m.groups());
        // Only a1 -> b1 lies on both tasks (fwd(a1) = bwd(b1) = {0, 1}). Task 0's weights:
        // x0a0, x1a0, x1a1 | a0b0, a1b1 | b0y0, b1y0 = 7, one shared: 1/7 (task 1 alike).
        assertArrayEquals(new double[] {1.0 / 7, 1.0 / 7}, m.sharingPerTask(), EPS);
        assertArrayEquals(new double[] {0, 0.5, 0}, m.sharingPerTaskLayer()[0], EPS);
        assertArrayEquals(new double[] {0, 0.5, 0}, m.sharingPerTaskLayer()[1], EPS);
        // All 13 weights lie on some task, one on two; per layer 0/6, 1/3, 0/4.
        assertEquals(1.0 / 13, m.sharing(), EPS);
        assertArrayEquals(new double[] {0, 1.0 / 3, 0}, m.sharingPerLayer(), EPS);
        // Input side: a 2/3, b 2/3, y 0/2 -> 4/8. Output side: x 2/4, a 2/3, b 2/3 -> 6/10.
        assertArrayEquals(new double[] {Double.NaN, 2.0 / 3, 2.0 / 3, 0}, m.decidedInPerLayer(), EPS);
        assertArrayEquals(new double[] {0.5, 2.0 / 3, 2.0 / 3, Double.NaN}, m.decidedOutPerLayer(), EPS);
        assertEquals(0.5, m.decidedIn(), EPS);
        assertEquals(0.6, m.decidedOut(), EPS);
        // m = 13; inside: 4 + 4 + 1 (a1b1); deg 10, 10, 6: Q = 9/13 - (100 + 100 + 36)/676 = 232/676.
        assertEquals(232.0 / 676, m.modularity(), EPS);
        assertEquals(jgraphtQ(sharedBridge().net(), m.groups()), m.modularity(), EPS);
    }

    @Test
    void plantedPartition() {
        Network net = planted(0.5f).net();
        SplitMetrics m = SplitMetrics.of(net, TWO);
        int[][] planted = {{0, 0, 1, 1}, {0, 0, 0, 0, 1, 1, 1, 1}, {0, 0, 0, 0, 1, 1, 1, 1}, {0, 1}};
        // The cross weights join task 0's h1_0 to task 1's h2_4: fwd(h1_0) = {0} and bwd(h2_4) =
        // {1}, so every neuron keeps its task and the cross weights lie on no task.
        assertArrayEquals(planted, m.groups());
        assertEquals(0.0, m.sharing());
        // m = 56 + 2c = 57, in = 28 each, deg = 56 + 2c over two groups = 57 each:
        // Q = 56/57 - 2 (57/114)^2 = 56/57 - 1/2.
        assertEquals(56.0 / 57 - 0.5, m.modularity(), 1e-9);
        assertEquals(jgraphtQ(net, m.groups()), m.modularity(), 1e-9);
        // The cross weights reach a task's output from the other task's inputs: h2_0, h2_4 and
        // both outputs are reached from two tasks, so 6 of 8 in the second hidden layer are decided.
        assertArrayEquals(new double[] {Double.NaN, 1, 6.0 / 8, 0}, m.decidedInPerLayer(), EPS);
        // The spectral partition recovers the plant: cut = 2c = 1 per side, vol = 57 each:
        // ncut = 2/57, all of it in the middle layer.
        SplitMetrics.Clusterability c = m.clusterability();
        assertEquals(2.0 / 57, c.ncut(), 1e-9);
        assertArrayEquals(new double[] {0, 2.0 / 57, 0}, c.ncutPerLayer(), 1e-9);
        for (int k = 0; k < planted.length; k++) {
            for (int j = 0; j < planted[k].length; j++) {
                assertEquals(planted[k][j] == planted[0][0], c.parts()[k][j] == c.parts()[0][0], "neuron " + k + "," + j);
            }
        }
    }

    @Test
    void ncutOfAKnownPartition() {
        // oneShared() with the parts {task 0 and h1} and {task 1}: the cut edges are x2-h1 (layer 0)
        // and h1-y1 (layer 1); vol = 8 + 4 = 12 and 8: ncut = 2/12 + 2/8 = 5/12, each layer
        // 1/12 + 1/8 = 5/24.
        ActiveGraph g = ActiveGraph.of(States.of(oneShared().net()), TWO);
        int[] labels = new int[g.nodes];
        int[] task1 = {2, 3, 4 + 2, 7 + 1};
        for (int v : task1) {
            labels[v] = 1;
        }
        double[] w = g.absWeights(oneShared().net());
        double[] cut = SpectralCut.ncut(g.nodes, g.edgeSrc, g.edgeDst, w, g.edgeLayer, 2, labels, 2);
        assertArrayEquals(new double[] {5.0 / 12, 5.0 / 24, 5.0 / 24}, cut, EPS);
    }

    @Test
    void weightsEnterByMagnitude() {
        // Negating every weight changes nothing: the graph is weighted by |w|.
        Fx pos = planted(0.5f);
        Fx neg = planted(-0.5f);
        for (float[] w : neg.wv) {
            for (int k = 0; k < w.length; k++) {
                w[k] = -w[k];
            }
        }
        SplitMetrics a = SplitMetrics.of(pos.net(), TWO);
        SplitMetrics b = SplitMetrics.of(neg.net(), TWO);
        assertEquals(a.modularity(), b.modularity(), EPS);
        assertEquals(a.clusterability().ncut(), b.clusterability().ncut(), EPS);
    }

    @Test
    void bipartiteReductionGivesTheWholeMatrixPartition() {
        // Second method: decompose the whole normalised adjacency and cluster its embedding.
        for (long seed = 0; seed < 10; seed++) {
            Network net = randomSparse(new int[] {4, 10, 9, 2}, 100 + seed);
            ActiveGraph g = ActiveGraph.of(States.of(net), TWO);
            double[] w = g.absWeights(net);
            double[] deg = new double[g.nodes];
            for (int e = 0; e < w.length; e++) {
                deg[g.edgeSrc[e]] += w[e];
                deg[g.edgeDst[e]] += w[e];
            }
            int[] compact = new int[g.nodes];
            int size = 0;
            for (int v = 0; v < g.nodes; v++) {
                compact[v] = deg[v] > 0 ? size++ : -1;
            }
            org.ejml.data.DMatrixRMaj m = new org.ejml.data.DMatrixRMaj(size, size);
            for (int e = 0; e < w.length; e++) {
                double x = w[e] / Math.sqrt(deg[g.edgeSrc[e]] * deg[g.edgeDst[e]]);
                m.add(compact[g.edgeSrc[e]], compact[g.edgeDst[e]], x);
                m.add(compact[g.edgeDst[e]], compact[g.edgeSrc[e]], x);
            }
            double[][] rows = new double[size][];
            SpectralCut.topEigenvectors(m, 2, rows);
            for (int v = 0; v < g.nodes; v++) {
                if (compact[v] >= 0) {
                    for (int k = 0; k < 2; k++) {
                        rows[compact[v]][k] /= Math.sqrt(deg[v]);
                    }
                }
            }
            int[] whole = SpectralCut.cluster(rows, 2);
            int[] labels = new int[g.nodes];
            for (int v = 0; v < g.nodes; v++) {
                labels[v] = compact[v] < 0 ? -1 : whole[compact[v]];
            }
            double expected = SpectralCut.ncut(g.nodes, g.edgeSrc, g.edgeDst, w, g.edgeLayer, 3, labels, 2)[0];
            assertEquals(expected, SplitMetrics.of(net, TWO).clusterability().ncut(), 1e-9, "seed " + seed);
        }
    }

    @Test
    void emptyNetworkIsNaN() {
        SplitMetrics m = SplitMetrics.of(Fx.of(4, 2, 2).net(), TWO);
        assertTrue(Double.isNaN(m.modularity()));
        assertTrue(Double.isNaN(m.sharing()));
        assertTrue(Double.isNaN(m.sharingPerTask()[0]));
        assertTrue(Double.isNaN(m.decidedIn()));
        assertTrue(Double.isNaN(m.clusterability().ncut()));
        assertEquals(SplitMetrics.ABSENT, m.groups()[1][0]);
        assertEquals(-1, m.clusterability().parts()[0][0]);
    }

    @Test
    void modularityMatchesJGraphTOnRandomNetworks() {
        int[] shape = {4, 9, 7, 2};
        for (long seed = 0; seed < 30; seed++) {
            Network net = randomSparse(shape, seed);
            SplitMetrics m = SplitMetrics.of(net, TWO);
            if (Double.isNaN(m.modularity())) {
                continue;
            }
            assertEquals(jgraphtQ(net, m.groups()), m.modularity(), 1e-9, "seed " + seed);
        }
    }

    @Test
    void shuffleKeepsEachLayersMultisetAndIsDeterministic() {
        Network net = randomSparse(new int[] {4, 9, 7, 2}, 3);
        float[][] a = LayerShuffle.of(net, Rng.derive(7, "layer_nonzero", 0));
        float[][] b = LayerShuffle.of(net, Rng.derive(7, "layer_nonzero", 0));
        float[][] c = LayerShuffle.of(net, Rng.derive(8, "layer_nonzero", 0));
        boolean moved = false;
        for (int l = 0; l < net.layers(); l++) {
            assertArrayEquals(a[l], b[l], "same seed, layer " + l);
            boolean[] kept = net.mask().weights(l);
            float[] orig = net.weights(l);
            List<Float> before = new ArrayList<>();
            List<Float> after = new ArrayList<>();
            for (int k = 0; k < orig.length; k++) {
                if (kept[k]) {
                    before.add(orig[k]);
                    after.add(a[l][k]);
                    moved |= orig[k] != a[l][k];
                } else {
                    assertEquals(orig[k], a[l][k], "a pruned position keeps its value");
                }
            }
            before.sort(null);
            after.sort(null);
            assertEquals(before, after, "layer " + l + " keeps its multiset of surviving values");
            moved |= !Arrays.equals(a[l], c[l]);
        }
        assertTrue(moved, "the shuffle moves values and another seed gives another permutation");
    }

    @Test
    void nullIsDeterministicFromItsSeedAndItsStatisticsFollowTheDraws() {
        Network net = randomSparse(new int[] {4, 12, 12, 2}, 5);
        States st = States.of(net);
        SplitMetrics.Clusterability a = SplitMetrics.of(net, st, TWO, 20, 11).clusterability();
        SplitMetrics.Clusterability b = SplitMetrics.of(net, st, TWO, 20, 11).clusterability();
        SplitMetrics.Clusterability c = SplitMetrics.of(net, st, TWO, 20, 12).clusterability();
        assertArrayEquals(a.nullNcuts(), b.nullNcuts());
        assertEquals(a.z(), b.z());
        assertFalse(Arrays.equals(a.nullNcuts(), c.nullNcuts()));
        assertEquals(a.ncut(), c.ncut(), "the observed cut does not depend on the null's seed");
        assertEquals(20, a.shuffles());
        // Each draw is the n-cut of the shuffled network, computed without the null.
        Network shuffled = net.copy();
        float[][] w0 = LayerShuffle.of(net, Rng.derive(11, "layer_nonzero", 0));
        for (int l = 0; l < w0.length; l++) {
            System.arraycopy(w0[l], 0, shuffled.weights(l), 0, w0[l].length);
        }
        assertEquals(SplitMetrics.of(shuffled, TWO).clusterability().ncut(), a.nullNcuts()[0], EPS);
        double mean = Arrays.stream(a.nullNcuts()).average().orElseThrow();
        double ss = Arrays.stream(a.nullNcuts()).map(x -> (x - mean) * (x - mean)).sum();
        double sd = Math.sqrt(ss / 19);
        long atMost = Arrays.stream(a.nullNcuts()).filter(x -> x <= a.ncut()).count();
        assertEquals(mean, a.nullMean(), 1e-12);
        assertEquals(sd, a.nullSd(), 1e-12);
        assertEquals((a.ncut() - mean) / sd, a.z(), 1e-9);
        assertEquals((1.0 + atMost) / 21, a.p(), 1e-12);
    }

    @Test
    void perfectSplitNullHasNoSpread() {
        // The shuffle keeps the topology, so every shuffle of a split net cuts 0 too: sd 0, z NaN,
        // and every draw is <= the observed 0, p = 21/21.
        SplitMetrics.Clusterability c = SplitMetrics.of(Fx.perfectSplit().net(), States.of(Fx.perfectSplit().net()),
                TWO, 20, 1).clusterability();
        assertEquals(0.0, c.nullSd(), EPS);
        assertTrue(Double.isNaN(c.z()));
        assertEquals(1.0, c.p(), EPS);
    }

    @Test
    void badInputIsRefused() {
        Network net = Fx.perfectSplit().net();
        assertThrows(IllegalArgumentException.class, () -> SplitMetrics.of(net, States.of(net), TWO, -1, 0));
        Network other = Fx.of(4, 3, 2).net();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SplitMetrics.of(net, States.of(other), TWO, 0, 0));
        assertTrue(e.getMessage().contains("do not match"), e.getMessage());
    }

    /** Q of the groups (shared and none as one group each) on JGraphT's undirected |w| graph of the active weights. */
    static double jgraphtQ(Network net, int[][] groups) {
        States st = States.of(net);
        Graph<Node, DefaultWeightedEdge> g = new SimpleWeightedGraph<>(DefaultWeightedEdge.class);
        Map<Integer, Set<Node>> parts = new LinkedHashMap<>();
        int[] shape = net.shape();
        for (int k = 0; k < shape.length; k++) {
            for (int j = 0; j < shape[k]; j++) {
                if (groups[k][j] != SplitMetrics.ABSENT) {
                    Node n = new Node(k, j);
                    g.addVertex(n);
                    parts.computeIfAbsent(groups[k][j], x -> new HashSet<>()).add(n);
                }
            }
        }
        for (int l = 0; l < net.layers(); l++) {
            for (int o = 0; o < shape[l + 1]; o++) {
                for (int i = 0; i < shape[l]; i++) {
                    if (st.weight(l, o, i) == State.ACTIVE) {
                        DefaultWeightedEdge e = g.addEdge(new Node(l, i), new Node(l + 1, o));
                        g.setEdgeWeight(e, Math.abs(net.weight(l, o, i)));
                    }
                }
            }
        }
        return new UndirectedModularityMeasurer<>(g).modularity(new ArrayList<>(parts.values()));
    }

    /** An initialised net of this shape with a random mask of random density. */
    static Network randomSparse(int[] shape, long seed) {
        Rng r = new Rng(seed);
        double keep = 0.2 + 0.4 * r.nextDouble();
        Network net = ModelConfig.of(shape).initialise(seed);
        Mask.Builder b = Mask.full(shape).toBuilder();
        for (int l = 0; l < shape.length - 1; l++) {
            for (int k = 0; k < net.weights(l).length; k++) {
                b.weightAt(l, k, r.nextDouble() < keep);
            }
        }
        net.setMask(b.build());
        return net;
    }
}
