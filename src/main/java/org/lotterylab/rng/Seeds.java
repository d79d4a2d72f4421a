package org.lotterylab.rng;

import org.lotterylab.config.Param;

/**
 * The seeds of one run. Each drives its own streams, so one can vary while the others stay:
 * runs that share {@code model} start from the same weights and can be compared neuron by
 * neuron; runs that differ only in {@code order} see the same data in another minibatch order.
 */
public record Seeds(
        @Param(doc = "draws the data set (noise and row order of every task)", dflt = "0")
        long data,
        @Param(doc = "draws the initial weights (and the random controls: re-initialisation, random pruning)", dflt = "0")
        long model,
        @Param(doc = "draws the minibatch order of every epoch of every level", dflt = "0")
        long order) {

    /** All three seeds equal to {@code seed}. */
    public static Seeds of(long seed) {
        return new Seeds(seed, seed, seed);
    }

    public Seeds withData(long s) {
        return new Seeds(s, model, order);
    }

    public Seeds withModel(long s) {
        return new Seeds(data, s, order);
    }

    public Seeds withOrder(long s) {
        return new Seeds(data, model, s);
    }
}
