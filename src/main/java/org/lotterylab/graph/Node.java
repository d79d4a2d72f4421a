package org.lotterylab.graph;

/**
 * A neuron of an MLP: neuron layer {@code layer} (0 = inputs, {@code shape.length - 1} =
 * outputs) and its {@code index} within that layer. Value-based: two nodes are equal when
 * layer and index are.
 */
public record Node(int layer, int index) {
    @Override
    public String toString() {
        return "n" + layer + "_" + index;
    }
}
