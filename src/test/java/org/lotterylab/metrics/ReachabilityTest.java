package org.lotterylab.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;
import org.jgrapht.Graph;
import org.jgrapht.graph.EdgeReversedGraph;
import org.jgrapht.traverse.BreadthFirstIterator;
import org.junit.jupiter.api.Test;
import org.lotterylab.graph.NetworkGraph;
import org.lotterylab.graph.Node;
import org.lotterylab.graph.WeightEdge;
import org.lotterylab.model.Mask;
import org.lotterylab.model.ModelConfig;
import org.lotterylab.model.Network;
import org.lotterylab.rng.Rng;

/**
 * States and the task-by-task matrix M on random masks against breadth-first searches in
 * JGraphT (a second method): with every bias kept no neuron is silent, so a kept weight is active
 * exactly when an input reaches its source and its target reaches an output, a zombie when only
 * the latter holds, inactive otherwise; M[s][t] counts the (input of s, output of t) pairs joined
 * by a directed path of active weights. Layouts with more than 64 outputs use several words per
 * neuron.
 */
class ReachabilityTest {

    private static Set<Node> reached(Graph<Node, WeightEdge> g, Node from) {
        Set<Node> out = new HashSet<>();
        new BreadthFirstIterator<>(g, from).forEachRemaining(out::add);
        return out;
    }

    private static void check(int[] shape, TaskLayout tasks, long seed) {
        Rng r = new Rng(seed);
        double keep = 0.05 + 0.4 * r.nextDouble();
        Network net = ModelConfig.of(shape).initialise(seed);
        Mask.Builder b = Mask.full(shape).toBuilder();
        for (int l = 0; l < shape.length - 1; l++) {
            for (int k = 0; k < net.weights(l).length; k++) {
                b.weightAt(l, k, r.nextDouble() < keep);
            }
        }
        net.setMask(b.build());
        States st = States.of(net);
        Graph<Node, WeightEdge> g = NetworkGraph.of(net);
        Graph<Node, WeightEdge> back = new EdgeReversedGraph<>(g);
        int last = shape.length - 1;
        Set<Node> fromInputs = new HashSet<>();
        for (int i = 0; i < shape[0]; i++) {
            fromInputs.addAll(reached(g, new Node(0, i)));
        }
        Set<Node> toOutputs = new HashSet<>();
        for (int y = 0; y < shape[last]; y++) {
            toOutputs.addAll(reached(back, new Node(last, y)));
        }
        for (int l = 0; l < last; l++) {
            for (int o = 0; o < shape[l + 1]; o++) {
                for (int i = 0; i < shape[l]; i++) {
                    State expected = !net.mask().weight(l, o, i) ? State.PRUNED
                            : !toOutputs.contains(new Node(l + 1, o)) ? State.INACTIVE
                            : fromInputs.contains(new Node(l, i)) ? State.ACTIVE : State.ZOMBIE;
                    assertEquals(expected, st.weight(l, o, i), "seed " + seed + " weight " + l + "/" + o + "/" + i);
                }
            }
        }
        var active = NetworkGraph.edgeInduced(net, (l, o, i) -> st.weight(l, o, i) == State.ACTIVE);
        double[][] m = Split.of(net, st, tasks).connectivity();
        for (int s = 0; s < tasks.tasks(); s++) {
            for (int t = 0; t < tasks.tasks(); t++) {
                int joined = 0;
                for (int x : tasks.inputs(s)) {
                    Node from = new Node(0, x);
                    Set<Node> reach = active.containsVertex(from) ? reached(active, from) : Set.of();
                    for (int y : tasks.outputs(t)) {
                        joined += reach.contains(new Node(last, y)) ? 1 : 0;
                    }
                }
                assertEquals((double) joined / (tasks.inputs(s).length * tasks.outputs(t).length), m[s][t],
                        "seed " + seed + " M[" + s + "][" + t + "]");
            }
        }
    }

    @Test
    void toyShapes() {
        for (long seed = 0; seed < 30; seed++) {
            check(new int[] {4, 9, 7, 2}, TaskLayout.pairs(2), seed);
        }
    }

    @Test
    void manyOutputsPerTaskTakeSeveralWords() {
        // Two tasks of 5 inputs and 35 outputs each: 70 outputs, two words per neuron.
        int[][] in = {{0, 1, 2, 3, 4}, {5, 6, 7, 8, 9}};
        int[][] out = new int[2][35];
        for (int y = 0; y < 70; y++) {
            out[y / 35][y % 35] = y;
        }
        TaskLayout tasks = TaskLayout.of(in, out);
        for (long seed = 0; seed < 10; seed++) {
            check(new int[] {10, 12, 70}, tasks, seed);
            check(new int[] {10, 8, 6, 70}, tasks, seed + 100);
        }
    }
}
