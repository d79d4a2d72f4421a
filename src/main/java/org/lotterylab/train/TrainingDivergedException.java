package org.lotterylab.train;

/**
 * Thrown when a loss becomes NaN or infinite. The message names the epoch (and, when thrown
 * through the IMP driver, the level), so the run can be inspected or its learning rate lowered.
 */
public class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int epoch;

    public TrainingDivergedException(String message, int epoch) {
        super(message);
        this.epoch = epoch;
    }

    /** The 1-based epoch at which the loss diverged. */
    public int epoch() {
        return epoch;
    }
}
