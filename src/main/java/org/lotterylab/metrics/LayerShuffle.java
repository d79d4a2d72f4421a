package org.lotterylab.metrics;

import org.lotterylab.model.Mask;
import org.lotterylab.model.Network;
import org.lotterylab.rng.Rng;

/**
 * The "layer_nonzero" shuffle of Filan et al. 2021: within each weight layer, the values of the
 * surviving (unpruned) weights are permuted uniformly at random among the surviving positions;
 * pruned positions keep their values and the mask is unchanged, so each layer keeps its multiset
 * of surviving values and the graph its topology. Fisher-Yates from {@link Rng}: the result
 * depends only on the network and the seed.
 */
final class LayerShuffle {
    private LayerShuffle() {
    }

    /** Shuffled copies of {@code net}'s weight arrays, one per weight layer; {@code net} is not changed. */
    static float[][] of(Network net, Rng rng) {
        Mask mask = net.mask();
        float[][] out = new float[net.layers()][];
        for (int l = 0; l < out.length; l++) {
            float[] w = net.weights(l).clone();
            boolean[] kept = mask.weights(l);
            int[] pos = new int[w.length];
            int n = 0;
            for (int k = 0; k < w.length; k++) {
                if (kept[k]) {
                    pos[n++] = k;
                }
            }
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                float t = w[pos[i]];
                w[pos[i]] = w[pos[j]];
                w[pos[j]] = t;
            }
            out[l] = w;
        }
        return out;
    }
}
