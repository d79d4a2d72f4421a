package org.lotterylab.prune;

/**
 * Observes an IMP run level by level: structure analysis, stores and progress reports plug in
 * here. Every method has a no-op default. Listeners are called in registration order, on the
 * thread running the IMP.
 */
public interface ImpListener {

    /** Whether the run goes on after a level. */
    enum Control {
        CONTINUE,
        /** End the run after this level (e.g. it split, or degraded). */
        STOP
    }

    /** Called once before level {@code firstLevel} trains ({@code 0}, or later when resuming). */
    default void onStart(Schedule schedule, int firstLevel) {
    }

    /** Called after every epoch of every level. */
    default void onEpoch(int level, int epoch, double trainLoss, double validationLoss) {
    }

    /**
     * Called when a level has trained. The networks are the run's own: copy what you keep
     * beyond this call only if you modify it. Return {@link Control#STOP} to end the run.
     */
    default Control onLevel(LevelResult level) {
        return Control.CONTINUE;
    }

    /** Called once when the run ends, normally or by a STOP. */
    default void onFinish(ImpRun run) {
    }
}
