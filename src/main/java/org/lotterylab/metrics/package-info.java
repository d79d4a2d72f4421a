/**
 * Structure metrics of pruned networks (science.md sections 5 and 6).
 *
 * <p>Owns: the task layout ({@link org.lotterylab.metrics.TaskLayout}); local dead neurons
 * ({@link org.lotterylab.metrics.DeadNeurons}); reachability states of parameters and neurons
 * ({@link org.lotterylab.metrics.State}, {@link org.lotterylab.metrics.States},
 * {@link org.lotterylab.metrics.StateCounts}) and their history over the levels of a run
 * ({@link org.lotterylab.metrics.StateHistory}); split detection
 * ({@link org.lotterylab.metrics.Split}, {@link org.lotterylab.metrics.SplitCategory}) and its
 * continuous view (modularity, sharing, decided share, spectral n-cut with a shuffle null:
 * {@link org.lotterylab.metrics.SplitMetrics}); the
 * pruning horizon ({@link org.lotterylab.metrics.PruningHorizon}); lesions of each task's own and
 * of shared weights ({@link org.lotterylab.metrics.Lesions}, with the caller's evaluator, so this
 * package still needs no trainer); ticket similarity and neuron
 * alignment ({@link org.lotterylab.metrics.TicketSimilarity},
 * {@link org.lotterylab.metrics.NeuronAlignment}); and the entry points the IMP driver calls once
 * per level ({@link org.lotterylab.metrics.LevelAnalysis}) and once per run
 * ({@link org.lotterylab.metrics.RunAnalysis}).
 *
 * <p>Depends only on {@code org.lotterylab.model} and {@code org.lotterylab.graph} (and
 * {@code org.lotterylab.rng} for the seeded shuffles of the n-cut's null; EJML and Commons Math
 * for its eigenvectors and k-means), never on the trainer. Conventions: "weight layer" {@code l} maps "neuron layer" {@code l} to
 * {@code l + 1} (see {@code org.lotterylab.model}); per-layer results for weights and biases are
 * indexed by weight layer (the bias of neuron {@code (k, j)} belongs to weight layer
 * {@code k - 1}), per-layer results for neurons by neuron layer. The analysis of a level works
 * on the network's values and its mask as they are when called; nothing keeps a reference to a
 * live network.
 */
package org.lotterylab.metrics;
