package org.lotterylab.study;

import java.util.Collections;
import org.lotterylab.experiment.ExperimentConfig;
import org.lotterylab.experiment.Profile;

/**
 * The base experiments of the notes, declared once for every notebook, scaled by the
 * {@link Profile} in force: the fast profile (tests) prunes in {@value #FAST_LEVELS} levels and caps
 * training at {@value #FAST_EPOCHS} epochs; the full profile (the paper's figures) uses
 * {@value #FULL_LEVELS} levels and {@value #FULL_EPOCHS} epochs. Choose the profile with the
 * environment variable {@code LAB_PROFILE} ({@code fast} or {@code full}, default full), e.g.
 * {@code LAB_PROFILE=fast ./lab notebook}.
 */
public final class Experiments {
    static final int FAST_LEVELS = 8;
    static final int FULL_LEVELS = 20;
    static final int FAST_EPOCHS = 300;
    static final int FULL_EPOCHS = 3000;

    private Experiments() {
    }

    /**
     * The base experiment: circles+moons side by side (task 0 owns inputs 0-1 and output 0, task 1
     * inputs 2-3 and output 1), an MLP [4, 20, 20, 2], pruned by IMP down to 24 weights; every other
     * field at the defaults of science.md ({@link ExperimentConfig#defaults()}). Derive variants with
     * {@code with}, e.g. {@code base().with("pruning.reset", "reinit")}.
     */
    public static ExperimentConfig base() {
        return scaled(ExperimentConfig.defaults().with("model.hidden", 20).with("pruning.target", 24));
    }

    /**
     * k moons tasks side by side, each with its own two inputs and one output, with the hidden width
     * (10 k) and the target (12 k weights) growing with k so that every task gets the capacity of
     * one: {@code moons(2)} is [4, 20, 20, 2] pruned to 24.
     *
     * @throws IllegalArgumentException if {@code k < 1}
     */
    public static ExperimentConfig moons(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("moons(k) needs at least one task, not k = " + k);
        }
        return scaled(ExperimentConfig.defaults().with("data.tasks", String.join("+", Collections.nCopies(k, "moons")))
                .with("model.hidden", 10 * k).with("pruning.target", 12 * k));
    }

    /** {@code config} with the number of levels and the epoch cap of the profile in force. */
    public static ExperimentConfig scaled(ExperimentConfig config) {
        Profile p = Profile.current();
        return config.with("pruning.levels", p.pick(FAST_LEVELS, FULL_LEVELS))
                .with("training.maxEpochs", p.pick(FAST_EPOCHS, FULL_EPOCHS));
    }

    /** The number of seeds per condition in the profile in force: {@code fast} or {@code full}. */
    public static int seeds(int fast, int full) {
        return Profile.current().pick(fast, full);
    }

    /**
     * One sentence on the profile in force and how to choose the other, for a notebook's first
     * cell, e.g. "Profile fast (LAB_PROFILE=fast): 8 pruning levels, at most 300 epochs, few seeds,
     * for tests; the numbers are not meant to be read. For the paper's numbers: LAB_PROFILE=full
     * ./lab notebook (or ./lab figures)."
     */
    public static String profile() {
        Profile p = Profile.current();
        String levels = p.pick(FAST_LEVELS, FULL_LEVELS) + " pruning levels, at most " + p.pick(FAST_EPOCHS, FULL_EPOCHS)
                + " epochs";
        return p == Profile.FAST
                ? "Profile fast (LAB_PROFILE=fast): " + levels + " and few seeds, for tests; the numbers are not meant"
                        + " to be read, and verdicts are often 'too few data'. For the paper's numbers: LAB_PROFILE=full"
                        + " ./lab notebook (or ./lab figures)."
                : "Profile full (LAB_PROFILE=full, the default): " + levels + ", the seeds of the paper's figures."
                        + " For a quick pass: LAB_PROFILE=fast ./lab notebook (or LAB_PROFILE=fast ./lab figures NAME).";
    }
}
