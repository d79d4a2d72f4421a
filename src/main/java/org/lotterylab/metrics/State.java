package org.lotterylab.metrics;

/**
 * The reachability state of a weight, bias or neuron (science.md section 5). Declared in the
 * order states may move under IMP: an element only ever moves to a later constant (towards
 * {@link #PRUNED}), because pruning only removes paths.
 */
public enum State {
    /** On some input-to-output path. */
    ACTIVE,
    /** No path from any input, but (for neurons and weights) a path to an output: input-independent. */
    ZOMBIE,
    /** Cannot influence any output: no path to an output, or it only ever carries a constant 0. */
    INACTIVE,
    /** Removed by the mask (for neurons: no unpruned weight in or out, see {@link States}). */
    PRUNED;

    static final State[] VALUES = values();
}
