package org.lotterylab.graph;

/**
 * An unpruned weight as a graph edge: weight layer {@code layer} maps neuron {@code in} of
 * neuron layer {@code layer} to neuron {@code out} of neuron layer {@code layer + 1}; {@code weight}
 * is its value when the graph was built (a snapshot, not a live view).
 *
 * <p>Edges of one graph are distinct because {@code (layer, out, in)} is unique. The JGraphT
 * edge weight of graphs built by {@link NetworkGraph} is the default 1.0; read {@link #weight()}
 * or wrap the graph with {@link NetworkGraph#weighted(org.jgrapht.Graph)} for weighted algorithms.
 */
public record WeightEdge(int layer, int out, int in, float weight) {
    /** The source neuron, {@code (layer, in)}. */
    public Node source() {
        return new Node(layer, in);
    }

    /** The target neuron, {@code (layer + 1, out)}. */
    public Node target() {
        return new Node(layer + 1, out);
    }

    @Override
    public String toString() {
        return "w" + layer + "[" + out + "," + in + "]=" + weight;
    }
}
