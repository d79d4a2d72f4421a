package org.lotterylab.rng;

/**
 * The seeds of one run. Each drives its own streams, so one can vary while the others stay:
 * runs that share {@code model} start from the same weights and can be compared neuron by
 * neuron; runs that differ only in {@code order} see the same data in another minibatch order.
 *
 * @param data  draws the data set (noise and row order of every task)
 * @param model draws the initial weights (and the random controls: re-initialisation, random pruning)
 * @param order draws the minibatch order of every epoch of every level
 */
public record Seeds(long data, long model, long order) {

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
