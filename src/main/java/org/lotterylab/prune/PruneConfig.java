package org.lotterylab.prune;

/**
 * How an IMP run prunes: the method, whether biases are prunable, the schedule (a target
 * count PT or a rate, the levels, extension levels) and the reset. Immutable; the defaults
 * follow science.md: global magnitude pruning of weights only, reset to init.
 *
 * @param method    how the parameters to prune are chosen
 * @param biases    whether biases are prunable (default off)
 * @param target    PT, the prunable parameters left after {@code levels}; ignored when {@code rate} is set
 * @param rate      the rate per level, or NaN to derive it from the target
 * @param levels    L, the pruning levels
 * @param extension E, extension levels (0 = none)
 * @param reset     what kept parameters are set to after pruning
 */
public record PruneConfig(Method method, boolean biases, int target, double rate, int levels, int extension,
                          Reset reset) {

    public enum Method {
        /** Smallest |trained value| over all prunable tensors together. The default. */
        GLOBAL_MAGNITUDE,
        /** Each layer at rate p, the output layer at p/2 (Frankle and Carbin). */
        LAYERWISE_MAGNITUDE,
        /** Uniformly random among the kept prunable parameters, same counts: the control. */
        RANDOM
    }

    public PruneConfig {
        if (method == null) {
            throw new IllegalArgumentException("prune method is missing; use one of GLOBAL_MAGNITUDE, LAYERWISE_MAGNITUDE, RANDOM");
        }
        if (reset == null) {
            reset = Reset.init();
        }
        if (levels < 1) {
            throw new IllegalArgumentException("levels must be >= 1, got " + levels);
        }
        if (!Double.isNaN(rate) && !(rate > 0 && rate < 1)) {
            throw new IllegalArgumentException("rate must lie in (0, 1) (or be unset), got " + rate);
        }
        if (Double.isNaN(rate) && target <= 0) {
            throw new IllegalArgumentException("target must be >= 1 when no rate is given, got " + target);
        }
        if (extension < 0) {
            throw new IllegalArgumentException("extension must be >= 0, got " + extension);
        }
    }

    /** The schedule of a run whose base network has shape {@code baseShape}. */
    public Schedule schedule(int[] baseShape) {
        Schedule.Builder b = Schedule.builder(baseShape).biasesPrunable(biases).levels(levels).extension(extension);
        if (!Double.isNaN(rate)) {
            b.rate(rate);
        } else {
            b.target(target);
        }
        return b.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.method = method;
        b.biases = biases;
        b.target = target;
        b.rate = rate;
        b.levels = levels;
        b.extension = extension;
        b.reset = reset;
        return b;
    }

    /** Builder; defaults: global magnitude, weights only, 20 levels, reset to init, no target set. */
    public static final class Builder {
        private Method method = Method.GLOBAL_MAGNITUDE;
        private boolean biases;
        private int target;
        private double rate = Double.NaN;
        private int levels = 20;
        private int extension;
        private Reset reset = Reset.init();

        public Builder method(Method m) {
            method = m;
            return this;
        }

        public Builder biases(boolean on) {
            biases = on;
            return this;
        }

        public Builder target(int pt) {
            target = pt;
            rate = Double.NaN;
            return this;
        }

        public Builder rate(double p) {
            rate = p;
            return this;
        }

        public Builder levels(int l) {
            levels = l;
            return this;
        }

        public Builder extension(int e) {
            extension = e;
            return this;
        }

        public Builder reset(Reset r) {
            reset = r;
            return this;
        }

        public PruneConfig build() {
            return new PruneConfig(method, biases, target, rate, levels, extension, reset);
        }
    }
}
