package org.lotterylab.prune;

import org.lotterylab.model.Mask;
import org.lotterylab.model.Network;
import org.lotterylab.model.ParameterCounts;
import org.lotterylab.train.TrainResult;

/**
 * One level of an IMP run: the network as it started training (after pruning and reset) and
 * as it ended, with its training record. Level 0 is the dense (or widest) network.
 *
 * @param level    0 for the unpruned start, then 1, 2, ...
 * @param initial  the parameters training started from, with this level's mask
 * @param trained  the parameters after training, with the same mask
 * @param training losses, stop and best epochs, evaluations
 * @param target   the prunable count the schedule asked for at this level
 * @param seconds  wall time of this level (pruning and training)
 */
public record LevelResult(int level, Network initial, Network trained, TrainResult training, int target,
                          double seconds) {

    /** The mask this level trained with. */
    public Mask mask() {
        return trained.mask();
    }

    /** Parameter counts of this level's mask. */
    public ParameterCounts counts(boolean biasesPrunable) {
        return ParameterCounts.of(mask(), biasesPrunable);
    }
}
