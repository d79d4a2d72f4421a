package org.lotterylab.train;

/**
 * The early-stopping rule of science.md on a stream of validation losses: a loss below the
 * best so far becomes the best and resets the counter; a loss above best + delta increments
 * it; a loss in between changes nothing. Stop when the counter reaches patience.
 */
final class EarlyStopping {
    private final int patience;
    private final double delta;
    private double best = Double.POSITIVE_INFINITY;
    private int bestEpoch;
    private int counter;
    private int epoch;

    EarlyStopping(int patience, double delta) {
        this.patience = patience;
        this.delta = delta;
    }

    /** Records the next epoch's loss; returns whether it became the new best. */
    boolean offer(double loss) {
        epoch++;
        if (loss < best) {
            best = loss;
            bestEpoch = epoch;
            counter = 0;
            return true;
        }
        if (loss > best + delta) {
            counter++;
        }
        return false;
    }

    /** Whether the counter has reached patience. */
    boolean exhausted() {
        return counter >= patience;
    }

    /** The 1-based epoch of the best loss so far; 0 before any. */
    int bestEpoch() {
        return bestEpoch;
    }
}
