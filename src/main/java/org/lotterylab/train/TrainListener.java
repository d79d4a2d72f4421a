package org.lotterylab.train;

import org.lotterylab.model.Network;

/** Hooks into a training run, for progress reports and checkpoints. Both methods default to no-ops. */
public interface TrainListener {

    /** Called after every epoch with its mean training loss and its validation loss (NaN without validation set). */
    default void onEpoch(int epoch, double trainLoss, double validationLoss) {
    }

    /**
     * Called after every optimiser step (1-based); {@code net} is live: copy what you keep.
     * Used to rewind to the weights after k steps.
     */
    default void onStep(long step, Network net) {
    }
}
