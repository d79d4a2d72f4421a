package org.lotterylab.graph;

import java.util.ArrayList;
import java.util.List;
import org.jgrapht.Graph;
import org.jgrapht.graph.AsWeightedGraph;
import org.jgrapht.graph.DirectedPseudograph;
import org.lotterylab.model.Mask;
import org.lotterylab.model.Network;

/**
 * Builds JGraphT directed graphs of a masked MLP: one {@link Node} per neuron, one
 * {@link WeightEdge} per unpruned weight, directed from the input side to the output side.
 *
 * <p>The mask decides which weights are edges, never the value: a kept weight whose trained
 * value is exactly 0 is still an edge. The returned graphs are fresh, mutable and independent
 * of the network (edges carry a copy of the weight value). They are directed pseudographs
 * because an MLP cannot produce loops or parallel edges, so the checks of a simple graph would
 * only cost time.
 */
public final class NetworkGraph {
    /** Decides whether an unpruned weight {@code (layer, out, in)} becomes an edge. */
    @FunctionalInterface
    public interface EdgeFilter {
        boolean keep(int layer, int out, int in);
    }

    private NetworkGraph() {
    }

    /**
     * The whole graph of {@code net} under its own mask: every neuron is a vertex, isolated
     * ones included, and every unpruned weight is an edge.
     */
    public static Graph<Node, WeightEdge> of(Network net) {
        return build(net, net.mask(), (l, o, i) -> true, true);
    }

    /**
     * The whole graph of {@code net}'s values under {@code mask} (which must have the network's
     * shape): every neuron is a vertex and every weight {@code mask} keeps is an edge.
     *
     * @throws IllegalArgumentException if the shapes differ
     */
    public static Graph<Node, WeightEdge> of(Network net, Mask mask) {
        return build(net, mask, (l, o, i) -> true, true);
    }

    /**
     * The subgraph of {@code net} formed by the unpruned weights {@code filter} keeps and the
     * neurons they touch; neurons touching no kept edge are absent. With a filter that keeps
     * nothing the graph is empty.
     */
    public static Graph<Node, WeightEdge> edgeInduced(Network net, EdgeFilter filter) {
        return build(net, net.mask(), filter, false);
    }

    /** A view of {@code g} whose JGraphT edge weight is {@link WeightEdge#weight()}. */
    public static Graph<Node, WeightEdge> weighted(Graph<Node, WeightEdge> g) {
        return new AsWeightedGraph<>(g, e -> (double) e.weight(), false, false);
    }

    /** All nodes of a network of this shape, layer by layer. */
    public static List<Node> nodes(int[] shape) {
        List<Node> nodes = new ArrayList<>();
        for (int k = 0; k < shape.length; k++) {
            for (int j = 0; j < shape[k]; j++) {
                nodes.add(new Node(k, j));
            }
        }
        return nodes;
    }

    private static Graph<Node, WeightEdge> build(Network net, Mask mask, EdgeFilter filter, boolean allNodes) {
        int[] shape = net.shape();
        if (!java.util.Arrays.equals(shape, mask.shape())) {
            throw new IllegalArgumentException("mask shape " + java.util.Arrays.toString(mask.shape())
                    + " does not match network shape " + java.util.Arrays.toString(shape));
        }
        Graph<Node, WeightEdge> g = new DirectedPseudograph<>(null, null, false);
        // Node objects are shared per neuron so that the graph's maps hash each one once.
        Node[][] nodes = new Node[shape.length][];
        for (int k = 0; k < shape.length; k++) {
            nodes[k] = new Node[shape[k]];
            for (int j = 0; j < shape[k]; j++) {
                nodes[k][j] = new Node(k, j);
                if (allNodes) {
                    g.addVertex(nodes[k][j]);
                }
            }
        }
        for (int l = 0; l < shape.length - 1; l++) {
            int in = shape[l];
            float[] w = net.weights(l);
            for (int k = 0; k < w.length; k++) {
                if (!mask.weightAt(l, k)) {
                    continue;
                }
                int o = k / in;
                int i = k - o * in;
                if (!filter.keep(l, o, i)) {
                    continue;
                }
                Node s = nodes[l][i];
                Node t = nodes[l + 1][o];
                if (!allNodes) {
                    g.addVertex(s);
                    g.addVertex(t);
                }
                g.addEdge(s, t, new WeightEdge(l, o, i, w[k]));
            }
        }
        return g;
    }
}
