package org.lotterylab.experiment;

import org.lotterylab.config.Param;

/**
 * The analysis options that change what a run computes: stop rules on the split detector
 * (the JSON group {@code analysis} of {@link ExperimentConfig}).
 */
public record Analysis(
        @Param(doc = "end the run at the first level whose split value is 0", dflt = "false")
        boolean stopOnSplit,
        @Param(doc = "end the run at the first level whose split value is below 0", dflt = "false")
        boolean stopOnDegradation) {
}
