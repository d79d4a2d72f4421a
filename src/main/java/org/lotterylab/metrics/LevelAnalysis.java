package org.lotterylab.metrics;

import java.util.List;
import org.lotterylab.model.Mask;
import org.lotterylab.model.Network;
import org.lotterylab.model.ParameterCounts;

/**
 * Everything section 5 reports for one IMP level, computed from the network as trained at that
 * level. The IMP driver calls {@link #of} from its level listener, after training and (if a
 * pruning step follows) after computing the next mask, before the weights are reset.
 *
 * @param level the caller's level number
 * @param states reachability states of {@code trained} under its mask
 * @param counts {@code states.counts()}
 * @param deadNeurons local zombies and comatose neurons, with trained biases
 * @param split split detection on the active subgraph
 * @param horizon the pruning step that follows this level ({@code trained.mask()} to the next
 *        mask), or null when none follows (the last level)
 * @param parameters remaining prunable / non-prunable weights and biases and density
 * @param signFlips share of surviving weights whose sign differs between init and trained (per
 *        weight layer, global last), or null when no initial network was given
 * @param splitMetrics the continuous split metrics (modularity, sharing, decided share, n-cut and,
 *        when asked for, its shuffle null)
 */
public record LevelAnalysis(int level, States states, StateCounts counts, DeadNeurons deadNeurons, Split split,
        PruningHorizon horizon, ParameterCounts parameters, List<TicketSimilarity.Share> signFlips,
        SplitMetrics splitMetrics) {

    /**
     * Analyses one level. Nothing keeps a reference to the networks.
     *
     * @param trained the network trained at this level, with this level's mask
     * @param init the initial values this level was trained from (any mask; survivors are
     *        {@code trained.mask()}), or null to skip sign flips
     * @param nextMask the mask after this level's pruning step, or null if none follows
     * @param tasks which inputs and outputs each task owns
     * @param biasesPrunable whether biases are prunable (for counts and horizon)
     */
    public static LevelAnalysis of(int level, Network trained, Network init, Mask nextMask, TaskLayout tasks,
            boolean biasesPrunable) {
        return of(level, trained, init, nextMask, tasks, biasesPrunable, 0, 0);
    }

    /**
     * {@link #of(int, Network, Network, Mask, TaskLayout, boolean)} with the n-cut's shuffle null
     * of {@code nullShuffles} draws from {@code nullSeed} (see {@link SplitMetrics#of(Network,
     * States, TaskLayout, int, long)}; 0 draws: no null).
     */
    public static LevelAnalysis of(int level, Network trained, Network init, Mask nextMask, TaskLayout tasks,
            boolean biasesPrunable, int nullShuffles, long nullSeed) {
        States states = States.of(trained);
        return new LevelAnalysis(level, states, states.counts(), DeadNeurons.of(trained, states),
                Split.of(trained, states, tasks),
                nextMask == null ? null : PruningHorizon.of(trained, nextMask, biasesPrunable),
                ParameterCounts.of(trained.mask(), biasesPrunable),
                init == null ? null : TicketSimilarity.signFlips(init, trained),
                SplitMetrics.of(trained, states, tasks, nullShuffles, nullSeed));
    }
}
