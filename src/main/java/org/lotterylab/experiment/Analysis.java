package org.lotterylab.experiment;

import org.lotterylab.config.Param;

/**
 * The analysis options that change what a run computes: stop rules on the split detector and
 * the size of the n-cut's shuffle null (the JSON group {@code analysis} of
 * {@link ExperimentConfig}).
 *
 * <p>{@code nullShuffles}: every level's clusterability (the normalised cut of a spectral
 * partition, {@link org.lotterylab.metrics.SplitMetrics.Clusterability}) is compared with this
 * many layer_nonzero shuffles of the level's network, drawn from the model seed and the level;
 * each shuffle costs one more spectral partition, so the default 0 skips the null (its columns
 * are then NaN) and a study that reads the z-score or p asks for at least 20.
 */
public record Analysis(
        @Param(doc = "end the run at the first level whose split value is 0", dflt = "false")
        boolean stopOnSplit,
        @Param(doc = "end the run at the first level whose split value is below 0", dflt = "false")
        boolean stopOnDegradation,
        @Param(doc = "shuffles of the n-cut's null per level (layer_nonzero; 0 = no null, >= 20 for a z-score)",
                dflt = "0", range = "[0, 10000]")
        int nullShuffles) {

    /** The stop rules alone, without a null. */
    public Analysis(boolean stopOnSplit, boolean stopOnDegradation) {
        this(stopOnSplit, stopOnDegradation, 0);
    }
}
