package org.lotterylab.prune;

import org.lotterylab.config.Param;

/** What the kept parameters are set to after pruning. */
public record Reset(
        @Param(doc = "which values", dflt = "init")
        Mode mode,
        @Param(doc = "for rewind: the optimiser step of the dense (level 0) training whose weights are restored, >= 1",
                dflt = "0", range = "[0, inf)")
        int rewindStep) {

    public enum Mode {
        /** The initial values of the run (Frankle and Carbin's reset). The default. */
        INIT,
        /** The values after {@code rewindStep} training steps of the dense network (late resetting). */
        REWIND,
        /** Fresh random values from the same initialisation, new for every level: the control. */
        REINIT
    }

    public Reset {
        if (mode == null) {
            throw new IllegalArgumentException("reset mode is missing; use INIT, REWIND or REINIT");
        }
        if (mode == Mode.REWIND && rewindStep < 1) {
            throw new IllegalArgumentException("rewind needs a step >= 1, got " + rewindStep
                    + "; write \"rewind:50\" or {\"mode\": \"rewind\", \"rewindStep\": 50}");
        }
        if (mode != Mode.REWIND) {
            rewindStep = 0;
        }
    }

    public static Reset init() {
        return new Reset(Mode.INIT, 0);
    }

    public static Reset rewind(int step) {
        return new Reset(Mode.REWIND, step);
    }

    public static Reset reinit() {
        return new Reset(Mode.REINIT, 0);
    }
}
