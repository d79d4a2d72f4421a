package org.lotterylab.prune;

import java.util.Set;
import org.lotterylab.config.IgnoredParams;
import org.lotterylab.config.Param;
import org.lotterylab.config.Schema;

/**
 * How an IMP run prunes: the method, whether biases are prunable, the schedule (a target
 * count PT or a rate, the levels, extension levels) and the reset. Immutable; each field is
 * declared once, with its default and range, on its component; the defaults follow science.md:
 * global magnitude pruning of weights only over 20 levels down to 40 weights (the notes' "down to
 * 40 params"), reset to init. A rate, when set, overrides the target (which is then
 * {@linkplain #ignoredParams() ignored}).
 */
public record PruneConfig(
        @Param(doc = "how the parameters to prune are chosen", dflt = "global_magnitude")
        Method method,
        @Param(doc = "whether biases are prunable", dflt = "false")
        boolean biases,
        @Param(doc = "PT, the prunable parameters left after the last level, >= 1; ignored when a rate is set",
                dflt = "40")
        int target,
        @Param(doc = "the pruning rate per level; null to derive it from the target", dflt = "null", nullable = true,
                range = "(0, 1)")
        double rate,
        @Param(doc = "L, the pruning levels", dflt = "20", range = "[1, inf)")
        int levels,
        @Param(doc = "E, extension levels: start E levels wider than model.shape (0 = none)", dflt = "0", range = "[0, inf)")
        int extension,
        @Param(doc = "what kept parameters are set to after pruning; also \"init\", \"reinit\" or \"rewind:STEP\"")
        Reset reset) implements IgnoredParams {

    private static final Schema<PruneConfig> SCHEMA = Schema.of(PruneConfig.class);

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
        java.util.Objects.requireNonNull(reset, "reset");
        if (Double.isNaN(rate) && target <= 0) {
            throw new IllegalArgumentException("target must be >= 1 when no rate is given, got " + target);
        }
    }

    /** The defaults described above. */
    public static PruneConfig defaults() {
        return SCHEMA.defaults();
    }

    /** The target when a rate is set. */
    @Override
    public Set<String> ignoredParams() {
        return Double.isNaN(rate) ? Set.of() : Set.of("target");
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
        return new Builder(SCHEMA.builder());
    }

    public Builder toBuilder() {
        return new Builder(SCHEMA.builder(this));
    }

    /** Builder starting from the declared defaults; typed setters, and {@link #set} for any field. */
    public static final class Builder {
        private final Schema.Builder<PruneConfig> v;

        private Builder(Schema.Builder<PruneConfig> v) {
            this.v = v;
        }

        /** Sets any field by its name. */
        public Builder set(String field, Object value) {
            v.set(field, value);
            return this;
        }

        public Builder method(Method m) {
            return set("method", m);
        }

        public Builder biases(boolean on) {
            return set("biases", on);
        }

        /** PT; clears a rate set before. */
        public Builder target(int pt) {
            return set("target", pt).set("rate", Double.NaN);
        }

        public Builder rate(double p) {
            return set("rate", p);
        }

        public Builder levels(int l) {
            return set("levels", l);
        }

        public Builder extension(int e) {
            return set("extension", e);
        }

        public Builder reset(Reset r) {
            return set("reset", r);
        }

        public PruneConfig build() {
            return v.build();
        }
    }
}
