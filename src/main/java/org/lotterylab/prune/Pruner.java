package org.lotterylab.prune;

import java.util.Arrays;
import org.lotterylab.model.Mask;
import org.lotterylab.model.Network;
import org.lotterylab.rng.Rng;

/**
 * Chooses which kept prunable parameters to remove at one pruning step.
 *
 * <p>Magnitude ties are broken deterministically: among equal |values| the parameter that comes
 * first is pruned first, in the order layer by layer, weights (row-major) before biases.
 */
public final class Pruner {
    private Pruner() {
    }

    /**
     * The mask after removing {@code remove} of the kept prunable parameters of {@code trained}
     * by global magnitude.
     *
     * @throws IllegalArgumentException if fewer than {@code remove} prunable parameters are kept
     */
    public static Mask globalMagnitude(Network trained, int remove, boolean biases) {
        long[] keys = keys(trained, biases, -1);
        requireEnough(keys.length, remove);
        selectSmallest(keys, remove);
        return drop(trained, keys, remove);
    }

    /**
     * The mask after pruning every layer at {@code rate} of its kept prunable parameters, the
     * output layer at {@code rate / 2} (Frankle and Carbin); each layer removes
     * kept - round-half-even(kept (1 - rate)). The total therefore follows the layer sizes, not
     * a global trajectory.
     */
    public static Mask layerwiseMagnitude(Network trained, double rate, boolean biases) {
        Mask.Builder b = trained.mask().toBuilder();
        int last = trained.layers() - 1;
        for (int l = 0; l <= last; l++) {
            long[] keys = keys(trained, biases, l);
            double r = l == last ? rate / 2 : rate;
            int remove = keys.length - (int) Math.rint(keys.length * (1 - r));
            selectSmallest(keys, remove);
            apply(trained, keys, remove, b);
        }
        return b.build();
    }

    /** The mask after removing {@code remove} kept prunable parameters chosen uniformly at random. */
    public static Mask random(Network trained, int remove, boolean biases, Rng rng) {
        long[] keys = keys(trained, biases, -1);
        requireEnough(keys.length, remove);
        for (int k = 0; k < remove; k++) {
            int j = k + rng.nextInt(keys.length - k);
            long t = keys[k];
            keys[k] = keys[j];
            keys[j] = t;
        }
        return drop(trained, keys, remove);
    }

    private static void requireEnough(int kept, int remove) {
        if (remove < 0 || remove > kept) {
            throw new IllegalArgumentException("cannot prune " + remove + " parameters: " + kept + " prunable ones are kept");
        }
    }

    /**
     * One sortable key per kept prunable parameter (of layer {@code only}, or all when -1):
     * the bits of |value| (which order like the values for non-negative floats) above the
     * parameter's ordinal.
     */
    private static long[] keys(Network net, boolean biases, int only) {
        Mask m = net.mask();
        int n = 0;
        for (int l = 0; l < net.layers(); l++) {
            if (only < 0 || only == l) {
                n += m.keptWeights(l) + (biases ? m.keptBiases(l) : 0);
            }
        }
        long[] keys = new long[n];
        int k = 0;
        long ordinal = 0;
        for (int l = 0; l < net.layers(); l++) {
            float[] w = net.weights(l);
            float[] b = net.biases(l);
            boolean take = only < 0 || only == l;
            for (int j = 0; j < w.length; j++, ordinal++) {
                if (take && m.weightAt(l, j)) {
                    keys[k++] = key(w[j], ordinal);
                }
            }
            for (int o = 0; o < b.length; o++, ordinal++) {
                if (take && biases && m.bias(l, o)) {
                    keys[k++] = key(b[o], ordinal);
                }
            }
        }
        return keys;
    }

    /**
     * Reorders {@code a} so that its first {@code k} elements are its {@code k} smallest, in no
     * particular order. Pruning needs only that set; sorting all keys cost 2% of a 410-wide IMP
     * run (10 ms per level), selection a fifth of that. Quickselect with median-of-three pivots,
     * falling back to a sort of the remaining range after too many rounds, so it stays
     * O(n log n) on inputs that defeat the pivot choice.
     */
    static void selectSmallest(long[] a, int k) {
        int lo = 0;
        int hi = a.length - 1;
        int rounds = 4 * (32 - Integer.numberOfLeadingZeros(a.length));
        // Invariant: everything left of lo is <= everything in [lo, hi] <= everything right of hi.
        while (lo < k && k <= hi) {
            if (--rounds < 0) {
                Arrays.sort(a, lo, hi + 1);
                return;
            }
            long x = a[lo];
            long y = a[(lo + hi) >>> 1];
            long z = a[hi];
            long p = Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < p) {
                    i++;
                }
                while (a[j] > p) {
                    j--;
                }
                if (i <= j) {
                    long t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            // Now [lo, j] <= p <= [i, hi], and anything between equals p.
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return;
            }
        }
    }

    private static long key(float v, long ordinal) {
        return ((long) Float.floatToIntBits(Math.abs(v)) << 32) | ordinal;
    }

    private static Mask drop(Network net, long[] keys, int remove) {
        Mask.Builder b = net.mask().toBuilder();
        apply(net, keys, remove, b);
        return b.build();
    }

    private static void apply(Network net, long[] keys, int remove, Mask.Builder b) {
        for (int k = 0; k < remove; k++) {
            long key = keys[k];
            long ordinal = key & 0xFFFFFFFFL;
            for (int l = 0; l < net.layers(); l++) {
                int nw = net.weights(l).length;
                int nb = net.biases(l).length;
                if (ordinal < nw) {
                    b.weightAt(l, (int) ordinal, false);
                    break;
                }
                ordinal -= nw;
                if (ordinal < nb) {
                    b.bias(l, (int) ordinal, false);
                    break;
                }
                ordinal -= nb;
            }
        }
    }
}
