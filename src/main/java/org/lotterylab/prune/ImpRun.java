package org.lotterylab.prune;

import java.util.List;
import org.lotterylab.model.Network;

/**
 * The levels an IMP run trained, in order, with the schedule it followed.
 *
 * @param schedule    the planned trajectory (the run may have stopped early)
 * @param levels      the trained levels, level 0 first
 * @param resetSource the parameters kept weights are reset to (the initial network, or the
 *                    rewind point); null for re-initialisation
 * @param stopped     whether a listener ended the run before the schedule did
 */
public record ImpRun(Schedule schedule, List<LevelResult> levels, Network resetSource, boolean stopped) {

    public ImpRun {
        levels = List.copyOf(levels);
    }

    /** The last trained level. */
    public LevelResult last() {
        return levels.get(levels.size() - 1);
    }

    public LevelResult level(int t) {
        return levels.get(t);
    }
}
