package org.lotterylab.train;

import org.lotterylab.config.Param;
import org.lotterylab.config.Schema;

/**
 * How one network is trained. Immutable; each field is declared once, with its default and
 * range, on its component below; the defaults follow science.md: Adam (lr 1e-3, betas
 * 0.9/0.999, eps 1e-8), minibatches of 64 reshuffled every epoch, early stopping on the
 * validation loss with patience 30 and delta 0, at most 3000 epochs, best weights not restored,
 * no L1 penalty.
 * Build with {@link #builder()}, which checks the declared ranges.
 */
public record TrainConfig(
        @Param(doc = "the update rule", dflt = "adam")
        Optimizer optimizer,
        @Param(doc = "step size", dflt = "1e-3", range = "(0, inf)")
        double learningRate,
        @Param(doc = "Adam's first-moment decay", dflt = "0.9", range = "[0, 1)")
        double beta1,
        @Param(doc = "Adam's second-moment decay", dflt = "0.999", range = "[0, 1)")
        double beta2,
        @Param(doc = "Adam's denominator guard", dflt = "1e-8", range = "(0, inf)")
        double epsilon,
        @Param(doc = "AdamW's decoupled decay, or SGD's L2 term (ignored by Adam); null: 0.01 for adamw, else 0",
                dflt = "null", nullable = true, range = "[0, inf)")
        double weightDecay,
        @Param(doc = "SGD's momentum", dflt = "0", range = "[0, 1)")
        double momentum,
        @Param(doc = "rows per minibatch; \"full\" for the whole training set in one batch", dflt = "64",
                range = "[1, inf)", names = "full=" + TrainConfig.FULL_BATCH)
        int batchSize,
        @Param(doc = "upper bound on epochs", dflt = "3000", range = "[1, inf)")
        int maxEpochs,
        @Param(doc = "whether to stop on the validation loss; off trains exactly maxEpochs", dflt = "true")
        boolean earlyStopping,
        @Param(doc = "epochs without improvement of the validation loss before stopping", dflt = "30", range = "[1, inf)")
        int patience,
        @Param(doc = "a validation loss above best + delta counts as no improvement", dflt = "0", range = "[0, inf)")
        double delta,
        @Param(doc = "stop as soon as the validation loss is below this; null for off", dflt = "null", nullable = true,
                range = "(0, inf]")
        double lossCutoff,
        @Param(doc = "restore the weights of the epoch of minimum validation loss at the end", dflt = "false")
        boolean restoreBest,
        @Param(doc = "coefficient lambda of an L1 penalty lambda * sum |w| over all weights (not biases), added to"
                + " the minimised loss; 0 for none", dflt = "0", range = "[0, inf)")
        double l1) {

    /** Batch size meaning "the whole training set in one batch". */
    public static final int FULL_BATCH = Integer.MAX_VALUE;
    /** AdamW's weight decay when none is given. */
    public static final double ADAMW_DEFAULT_DECAY = 0.01;

    private static final Schema<TrainConfig> SCHEMA = Schema.of(TrainConfig.class);

    public TrainConfig {
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer is missing; use ADAM, ADAMW or SGD");
        }
        if (Double.isNaN(weightDecay)) {
            weightDecay = optimizer == Optimizer.ADAMW ? ADAMW_DEFAULT_DECAY : 0;
        }
    }

    /** The defaults of science.md. */
    public static TrainConfig defaults() {
        return SCHEMA.defaults();
    }

    public static Builder builder() {
        return new Builder(SCHEMA.builder());
    }

    /** A builder initialised from this config. */
    public Builder toBuilder() {
        return new Builder(SCHEMA.builder(this));
    }

    /**
     * Mutable builder starting from the declared defaults; {@link #build()} validates. Typed
     * setters for convenience; {@link #set} sets any field by name.
     */
    public static final class Builder {
        private final Schema.Builder<TrainConfig> v;

        private Builder(Schema.Builder<TrainConfig> v) {
            this.v = v;
        }

        /** Sets any field by its name, e.g. {@code set("patience", 10)}. */
        public Builder set(String field, Object value) {
            v.set(field, value);
            return this;
        }

        /** The optimizer; AdamW without a weight decay set gets {@link #ADAMW_DEFAULT_DECAY}. */
        public Builder optimizer(Optimizer o) {
            v.set("optimizer", o);
            if (o == Optimizer.ADAMW && (double) v.get("weightDecay") == 0) {
                v.set("weightDecay", Double.NaN);
            }
            return this;
        }

        public Builder learningRate(double x) {
            return set("learningRate", x);
        }

        public Builder betas(double b1, double b2) {
            return set("beta1", b1).set("beta2", b2);
        }

        public Builder epsilon(double x) {
            return set("epsilon", x);
        }

        public Builder weightDecay(double x) {
            return set("weightDecay", x);
        }

        public Builder momentum(double x) {
            return set("momentum", x);
        }

        public Builder batchSize(int x) {
            return set("batchSize", x);
        }

        public Builder fullBatch() {
            return set("batchSize", FULL_BATCH);
        }

        public Builder maxEpochs(int x) {
            return set("maxEpochs", x);
        }

        /** Train exactly {@code epochs} epochs with no early stopping (benchmarks, controls). */
        public Builder fixedEpochs(int epochs) {
            return set("maxEpochs", epochs).set("earlyStopping", false);
        }

        public Builder earlyStopping(boolean on) {
            return set("earlyStopping", on);
        }

        public Builder patience(int x) {
            return set("patience", x);
        }

        public Builder delta(double x) {
            return set("delta", x);
        }

        public Builder lossCutoff(double x) {
            return set("lossCutoff", x);
        }

        public Builder restoreBest(boolean on) {
            return set("restoreBest", on);
        }

        /** The L1 coefficient lambda (see {@link TrainConfig#l1()}). */
        public Builder l1(double lambda) {
            return set("l1", lambda);
        }

        public TrainConfig build() {
            return v.build();
        }
    }
}
