package org.lotterylab.experiment;

import org.lotterylab.config.Param;

/**
 * The analysis options that change what a run computes: stop rules on the split detector and
 * the levels whose lesions are stored (the JSON group {@code analysis} of {@link ExperimentConfig}).
 */
public record Analysis(
        @Param(doc = "end the run at the first level whose split value is 0", dflt = "false")
        boolean stopOnSplit,
        @Param(doc = "end the run at the first level whose split value is below 0", dflt = "false")
        boolean stopOnDegradation,
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

    /** The stop rules, with lesions at the split level (the default). */
    public Analysis(boolean stopOnSplit, boolean stopOnDegradation) {
        this(stopOnSplit, stopOnDegradation, LesionLevels.SPLIT);
    }

    public Analysis {
        if (lesions == null) {
            throw new IllegalArgumentException("analysis.lesions is missing; use split, all or none");
        }
    }

    /** This with {@code stopOnSplit} set. */
    public Analysis withStopOnSplit(boolean on) {
        return new Analysis(on, stopOnDegradation, lesions);
    }

    /** This with {@code stopOnDegradation} set. */
    public Analysis withStopOnDegradation(boolean on) {
        return new Analysis(stopOnSplit, on, lesions);
    }
}
