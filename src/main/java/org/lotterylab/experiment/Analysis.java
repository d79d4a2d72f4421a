package org.lotterylab.experiment;

import org.lotterylab.config.Param;

/**
 * The analysis options that change what a run computes: stop rules on the split detector and
 * the rule by which it scores a task (the JSON group {@code analysis} of {@link ExperimentConfig}).
 */
public record Analysis(
        @Param(doc = "end the run at the first level whose split value is 0", dflt = "false")
        boolean stopOnSplit,
        @Param(doc = "end the run at the first level whose split value is below 0", dflt = "false")
        boolean stopOnDegradation,
        @Param(doc = "score a task's split by its outputs only (science.md section 5): it degrades when it loses an"
                + " output or its outputs spread over components, not when pixels dead from the start leave the"
                + " active subgraph; for image tasks", dflt = "false")
        boolean outputOnlyDegradation) {
}
