package org.lotterylab.experiment;

import org.lotterylab.config.Param;

/**
 * The analysis options that change what a run computes: stop rules on the split detector, the
 * size of the n-cut's shuffle null and the levels whose lesions are stored (the JSON group
 * {@code analysis} of {@link ExperimentConfig}).
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
        int nullShuffles,
        @Param(doc = "the levels whose lesion matrices (metrics.Lesions, on the test set) are stored as"
                + " levels/NNN/lesions.csv: split (the run's split level, if it splits), all, or none", dflt = "split")
        LesionLevels lesions) {

    /** Which levels of a run get their lesions computed and stored. */
    public enum LesionLevels {
        /** The split level only (the first level whose split value is 0); none if the run never splits. */
        SPLIT,
        /** Every level. */
        ALL,
        /** No level. */
        NONE;

        /** Whether a level is lesioned: {@code splitLevel} says whether it is the run's split level. */
        public boolean covers(boolean splitLevel) {
            return this == ALL || (this == SPLIT && splitLevel);
        }
    }

    /** The stop rules, without a null, with lesions at the split level (the defaults). */
    public Analysis(boolean stopOnSplit, boolean stopOnDegradation) {
        this(stopOnSplit, stopOnDegradation, 0, LesionLevels.SPLIT);
    }

    public Analysis {
        if (lesions == null) {
            throw new IllegalArgumentException("analysis.lesions is missing; use split, all or none");
        }
    }

    /** This with {@code stopOnSplit} set. */
    public Analysis withStopOnSplit(boolean on) {
        return new Analysis(on, stopOnDegradation, nullShuffles, lesions);
    }

    /** This with {@code stopOnDegradation} set. */
    public Analysis withStopOnDegradation(boolean on) {
        return new Analysis(stopOnSplit, on, nullShuffles, lesions);
    }

    /** This with {@code nullShuffles} set. */
    public Analysis withNullShuffles(int n) {
        return new Analysis(stopOnSplit, stopOnDegradation, n, lesions);
    }
}
