package org.lotterylab.metrics;

import com.google.common.util.concurrent.Uninterruptibles;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
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
        return of(level, trained, init, nextMask, tasks, biasesPrunable, 0, 0, 1);
    }

    /**
     * {@link #of(int, Network, Network, Mask, TaskLayout, boolean)} with the n-cut's shuffle null
     * of {@code nullShuffles} draws from {@code nullSeed} (see {@link SplitMetrics#of(Network,
     * States, TaskLayout, int, long)}; 0 draws: no null), on up to {@code threads} threads.
     *
     * <p>With two or more threads, on a network of at least {@link #PARALLEL_WEIGHTS} weights (kept
     * or not), the continuous split metrics are computed on a second thread while this one computes
     * the rest. Each part reads the networks and the states only, so the result is the same on any
     * thread count. At the thesis' image shape the split metrics are 85-90% of a level's analysis
     * (wall time on AVX2: 230 of 260 ms dense, 105 of 125 at 14% kept, 72 of 87 at 2%), so the
     * level takes about as long as they do alone: two threads save the other 10-15% at most here;
     * a caller with more to do than wait ({@link #begin}) saves more.
     *
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public static LevelAnalysis of(int level, Network trained, Network init, Mask nextMask, TaskLayout tasks,
            boolean biasesPrunable, int nullShuffles, long nullSeed, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        States states = States.of(trained);
        FutureTask<SplitMetrics> metrics =
                new FutureTask<>(() -> SplitMetrics.of(trained, states, tasks, nullShuffles, nullSeed));
        if (helped(trained, threads)) {
            Thread helper = new Thread(metrics, "lotterylab-split-metrics");
            helper.setDaemon(true);
            helper.start();
        } else {
            metrics.run();
        }
        Split split = Split.of(trained, states, tasks);
        LevelAnalysis rest = rest(level, trained, init, nextMask, biasesPrunable, states, split, null);
        return rest.with(result(metrics));
    }

    /**
     * Starts analysing a level as {@link #of} does, but hands the whole analysis to a helper
     * thread and returns at once when {@code threads > 1} and the network has at least
     * {@link #PARALLEL_WEIGHTS} weights (else it computes it first): the caller can go on (train
     * the next level) and take the analysis later from {@link Pending#result()}. The helper
     * computes the discrete split first, which the stop rules read ({@link Pending#split()}). The
     * result is that of {@link #of} with the same arguments. The networks must not change until
     * {@link Pending#isDone()}.
     *
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public static Pending begin(int level, Network trained, Network init, Mask nextMask, TaskLayout tasks,
            boolean biasesPrunable, int nullShuffles, long nullSeed, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        CompletableFuture<Split> split = new CompletableFuture<>();
        CompletableFuture<LevelAnalysis> whole = new CompletableFuture<>();
        Runnable work = () -> {
            try {
                States states = States.of(trained);
                Split s = Split.of(trained, states, tasks);
                split.complete(s);
                SplitMetrics metrics = SplitMetrics.of(trained, states, tasks, nullShuffles, nullSeed);
                whole.complete(rest(level, trained, init, nextMask, biasesPrunable, states, s, metrics));
            } catch (RuntimeException | Error e) {
                split.completeExceptionally(e);
                whole.completeExceptionally(e);
            }
        };
        boolean helped = helped(trained, threads);
        if (helped) {
            Thread helper = new Thread(work, "lotterylab-level-analysis");
            helper.setDaemon(true);
            helper.start();
        } else {
            work.run();
        }
        return new Pending(split, whole, helped);
    }

    /** Whether an analysis on {@code threads} threads takes a helper thread for {@code trained}. */
    private static boolean helped(Network trained, int threads) {
        return threads > 1 && trained.mask().totalWeights() >= PARALLEL_WEIGHTS;
    }

    /** The analysis with what {@code states} and {@code split} do not give computed here; the split metrics as given. */
    private static LevelAnalysis rest(int level, Network trained, Network init, Mask nextMask, boolean biasesPrunable,
            States states, Split split, SplitMetrics metrics) {
        DeadNeurons dead = DeadNeurons.of(trained, states);
        PruningHorizon horizon = nextMask == null ? null : PruningHorizon.of(trained, nextMask, biasesPrunable);
        ParameterCounts parameters = ParameterCounts.of(trained.mask(), biasesPrunable);
        List<TicketSimilarity.Share> flips = init == null ? null : TicketSimilarity.signFlips(init, trained);
        return new LevelAnalysis(level, states, states.counts(), dead, split, horizon, parameters, flips, metrics);
    }

    private LevelAnalysis with(SplitMetrics metrics) {
        return new LevelAnalysis(level, states, counts, deadNeurons, split, horizon, parameters, signFlips, metrics);
    }

    /** A level's analysis that may still be computing on a helper thread ({@link #begin}). */
    public static final class Pending {
        private final Future<Split> split;
        private final Future<LevelAnalysis> whole;
        private final boolean helped;

        private Pending(Future<Split> split, Future<LevelAnalysis> whole, boolean helped) {
            this.split = split;
            this.whole = whole;
            this.helped = helped;
        }

        /**
         * Whether the analysis went to a helper thread (two or more threads, a network of at least
         * {@link #PARALLEL_WEIGHTS} weights); if not, it was computed before {@link #begin} returned.
         */
        public boolean onHelper() {
            return helped;
        }

        /** The level's discrete split, waited for as {@link #result()} waits (it comes first: 5-10% of the analysis). */
        public Split split() {
            return LevelAnalysis.result(split);
        }

        /** Whether the analysis is computed (or failed): then {@link #result()} does not wait. */
        public boolean isDone() {
            return whole.isDone();
        }

        /**
         * The whole analysis. Waits without giving up on an interrupt (the status is set again
         * for the caller's next check); an exception of the analysis is rethrown as it was.
         */
        public LevelAnalysis result() {
            return LevelAnalysis.result(whole);
        }
    }

    /**
     * Networks with at least this many weights analyse on two threads when they may: starting a
     * thread costs about 0.1 ms, which the smallest toy nets' whole analysis does not take.
     */
    static final int PARALLEL_WEIGHTS = 1 << 14;

    /**
     * The task's result, waited for without giving up on an interrupt (the status is set again for
     * the caller's next check); its exception rethrown as it was.
     */
    private static <T> T result(Future<T> task) {
        try {
            return Uninterruptibles.getUninterruptibly(task);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("the level analysis failed", e.getCause());
        }
    }
}
