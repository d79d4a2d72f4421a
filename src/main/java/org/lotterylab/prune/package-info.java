/**
 * Iterative magnitude pruning (science.md section 4): the exponential {@link org.lotterylab.prune.Schedule}
 * (with extension levels for wider networks at equal parameter counts), the
 * {@link org.lotterylab.prune.Pruner} (global or layer-wise magnitude, random as a control), the
 * reset after pruning ({@link org.lotterylab.prune.Reset}), and the {@link org.lotterylab.prune.Imp}
 * driver that trains, prunes and resets level after level and reports every level to
 * {@link org.lotterylab.prune.ImpListener}s.
 */
package org.lotterylab.prune;
