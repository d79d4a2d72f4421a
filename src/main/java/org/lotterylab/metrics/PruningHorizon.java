package org.lotterylab.metrics;

import java.util.Arrays;
import org.lotterylab.model.Mask;
import org.lotterylab.model.Network;

/**
 * The pruning horizon of one pruning step (science.md section 5): among the prunable
 * parameters (all weights, plus the biases when they are prunable), the largest |value| the step
 * pruned and the smallest |value| it kept, both also relative to the mean |value| of the weights
 * that survive the step. Values are the trained values the pruner ranked, i.e. those of the
 * network before the step.
 *
 * <p>Edge cases: {@code maxPruned} is NaN when the step pruned nothing, {@code minKept} and
 * {@code meanKeptWeight} are NaN when nothing (no weight) survives; a relative value is NaN when
 * either side is NaN, and infinite when the surviving weights' mean is 0. Biases are never part
 * of the mean (the spec says "surviving weights"), even when prunable. With global magnitude
 * pruning {@code maxPruned <= minKept} (ties aside); layer-wise pruning may violate it.
 *
 * @param pruned prunable parameters the step removed
 * @param kept prunable parameters kept after the step
 * @param maxPruned largest |value| removed
 * @param minKept smallest |value| kept
 * @param meanKeptWeight mean |value| of the weights kept after the step
 */
public record PruningHorizon(int pruned, int kept, double maxPruned, double minKept, double meanKeptWeight) {

    /** {@code maxPruned / meanKeptWeight}. */
    public double maxPrunedRelative() {
        return maxPruned / meanKeptWeight;
    }

    /** {@code minKept / meanKeptWeight}. */
    public double minKeptRelative() {
        return minKept / meanKeptWeight;
    }

    /**
     * The horizon of the step from {@code trained.mask()} to {@code after}, ranking the values
     * of {@code trained} (the network as trained at the level being pruned).
     *
     * @throws IllegalArgumentException if the shapes differ or {@code after} keeps a parameter the
     *         mask before had pruned (pruning cannot revive)
     */
    public static PruningHorizon of(Network trained, Mask after, boolean biasesPrunable) {
        return of(trained, trained.mask(), after, biasesPrunable);
    }

    /**
     * As {@link #of(Network, Mask, boolean)} with an explicit mask before the step; values of
     * parameters {@code trained}'s own mask prunes read as 0.
     */
    public static PruningHorizon of(Network trained, Mask before, Mask after, boolean biasesPrunable) {
        int[] shape = trained.shape();
        if (!Arrays.equals(shape, before.shape()) || !Arrays.equals(shape, after.shape())) {
            throw new IllegalArgumentException("network and masks must have the same shape");
        }
        int pruned = 0;
        int kept = 0;
        double maxPruned = Double.NEGATIVE_INFINITY;
        double minKept = Double.POSITIVE_INFINITY;
        double sumKeptW = 0;
        int keptW = 0;
        for (int l = 0; l < trained.layers(); l++) {
            float[] w = trained.weights(l);
            for (int k = 0; k < w.length; k++) {
                boolean b = before.weightAt(l, k);
                boolean a = after.weightAt(l, k);
                if (a && !b) {
                    throw new IllegalArgumentException("weight " + k + " of layer " + l + " is revived by the step");
                }
                double v = Math.abs(w[k]);
                if (b && !a) {
                    pruned++;
                    maxPruned = Math.max(maxPruned, v);
                } else if (a) {
                    kept++;
                    keptW++;
                    minKept = Math.min(minKept, v);
                    sumKeptW += v;
                }
            }
            if (!biasesPrunable) {
                continue;
            }
            float[] bias = trained.biases(l);
            for (int o = 0; o < bias.length; o++) {
                boolean b = before.bias(l, o);
                boolean a = after.bias(l, o);
                if (a && !b) {
                    throw new IllegalArgumentException("bias " + o + " of layer " + l + " is revived by the step");
                }
                double v = Math.abs(bias[o]);
                if (b && !a) {
                    pruned++;
                    maxPruned = Math.max(maxPruned, v);
                } else if (a) {
                    kept++;
                    minKept = Math.min(minKept, v);
                }
            }
        }
        return new PruningHorizon(pruned, kept, pruned == 0 ? Double.NaN : maxPruned,
                kept == 0 ? Double.NaN : minKept, keptW == 0 ? Double.NaN : sumKeptW / keptW);
    }
}
