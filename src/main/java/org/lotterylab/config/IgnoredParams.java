package org.lotterylab.config;

import java.util.Set;

/**
 * A config record whose values make some of its fields irrelevant (a pruning rate overrides the
 * target; only a normal initialisation reads its mean). The canonical form leaves such fields
 * out, so two configs that differ only in an ignored field are the same run.
 */
public interface IgnoredParams {

    /** The component names this value ignores. */
    Set<String> ignoredParams();
}
