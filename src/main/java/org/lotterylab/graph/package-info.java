/**
 * The directed graph of a masked MLP (science.md section 5) and its GraphML export.
 *
 * <p>Owns: {@link org.lotterylab.graph.Node} (a neuron), {@link org.lotterylab.graph.WeightEdge}
 * (an unpruned weight with its value), {@link org.lotterylab.graph.NetworkGraph} (builds JGraphT
 * graphs of a network, whole or restricted to a subset of its weights) and
 * {@link org.lotterylab.graph.GraphMLExport} (one GraphML file per level, written atomically).
 *
 * <p>Depends only on {@code org.lotterylab.model}. The metrics that interpret the graph (dead
 * neurons, states, split detection) live in {@code org.lotterylab.metrics}; they work on arrays
 * where speed matters and use these graphs for connected components and export.
 */
package org.lotterylab.graph;
