package org.lotterylab.metrics;

import java.util.OptionalInt;

/** How a run's split value evolved over its levels (science.md section 5). */
public enum SplitCategory {
    /** Reached split value 0 at some level and never went below 0. */
    SPLIT_ONLY,
    /** Reached split value 0 at some level and went below 0 at some level (in either order). */
    SPLIT_AND_DEGRADE,
    /** Went below 0 without ever reaching 0. */
    DEGRADE_ONLY,
    /** Stayed positive at every analysed level (and a run with no levels). */
    STILL_CONNECTED;

    /** The category of a run with these split and degradation levels (empty = never). */
    public static SplitCategory of(OptionalInt splitLevel, OptionalInt degradationLevel) {
        if (splitLevel.isPresent()) {
            return degradationLevel.isPresent() ? SPLIT_AND_DEGRADE : SPLIT_ONLY;
        }
        return degradationLevel.isPresent() ? DEGRADE_ONLY : STILL_CONNECTED;
    }
}
