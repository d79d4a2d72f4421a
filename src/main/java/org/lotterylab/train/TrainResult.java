package org.lotterylab.train;

/**
 * What one training run did.
 *
 * @param trainLoss      per epoch, the mean minibatch loss seen during that epoch (index 0 = epoch 1)
 * @param validationLoss per epoch, the loss on the validation set after that epoch (NaN if it is empty)
 * @param epochs         the epoch training stopped at (the "stop epoch"), 1-based
 * @param bestEpoch      the epoch of minimum validation loss (the early-stopping iteration of the
 *                       LTH paper), 1-based; equal to {@code epochs} when there is no validation set
 * @param steps          optimiser steps taken
 * @param stopReason     why training ended
 * @param restoredBest   whether the weights of {@code bestEpoch} were restored
 * @param validation     final evaluation on the validation set
 * @param test           final evaluation on the test set
 */
public record TrainResult(double[] trainLoss, double[] validationLoss, int epochs, int bestEpoch, long steps,
                          StopReason stopReason, boolean restoredBest, Evaluation validation, Evaluation test) {

    /** Why training stopped. */
    public enum StopReason {
        /** The validation loss did not improve for {@code patience} epochs. */
        PATIENCE,
        /** The validation loss fell below {@code lossCutoff}. */
        LOSS_CUTOFF,
        /** {@code maxEpochs} were trained. */
        MAX_EPOCHS
    }

    public TrainResult {
        trainLoss = trainLoss.clone();
        validationLoss = validationLoss.clone();
    }

    @Override
    public double[] trainLoss() {
        return trainLoss.clone();
    }

    @Override
    public double[] validationLoss() {
        return validationLoss.clone();
    }

    /** The minimum validation loss over all epochs. */
    public double bestValidationLoss() {
        return validationLoss.length == 0 ? Double.NaN : validationLoss[bestEpoch - 1];
    }
}
