package org.lotterylab.train;

import java.util.concurrent.CancellationException;

/**
 * Thrown when the training thread is interrupted ({@link Thread#interrupt()}: the notebook's
 * Kernel &gt; Interrupt, a cancelled task). Training checks before every minibatch, and the IMP
 * driver before every level, so an interrupt stops a run within one minibatch. The message says
 * where (epoch, and level when thrown through the IMP driver). The thread's interrupt status
 * stays set, so callers further up see it too.
 *
 * <p>Nothing finished is lost: the network trained so far in the stopped level is discarded, and
 * a run store keeps every finished level, so computing the same run again resumes at the stopped
 * level with the same result as an uninterrupted run. It is a {@link CancellationException}, so
 * code that handles cancelled tasks handles it too.
 */
public class TrainingInterruptedException extends CancellationException {
    private static final long serialVersionUID = 1L;
    private final int epoch;

    public TrainingInterruptedException(String message, int epoch) {
        super(message);
        this.epoch = epoch;
    }

    /** The 1-based epoch that was running when the interrupt was seen; 0 between levels. */
    public int epoch() {
        return epoch;
    }
}
