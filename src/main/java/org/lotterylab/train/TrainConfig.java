package org.lotterylab.train;

/**
 * How one network is trained. Immutable; defaults follow science.md: Adam (lr 1e-3, betas
 * 0.9/0.999, eps 1e-8), minibatches of 64 reshuffled every epoch, early stopping on the
 * validation loss with patience 30 and delta 0, at most 3000 epochs, best weights not restored.
 *
 * @param optimizer     the update rule
 * @param learningRate  step size, > 0
 * @param beta1         Adam's first-moment decay, in [0, 1)
 * @param beta2         Adam's second-moment decay, in [0, 1)
 * @param epsilon       Adam's denominator guard, > 0
 * @param weightDecay   AdamW's decoupled decay, or SGD's L2 term; >= 0 (ignored by Adam)
 * @param momentum      SGD's momentum, in [0, 1)
 * @param batchSize     rows per minibatch, >= 1; {@link #FULL_BATCH} for the whole training set
 * @param maxEpochs     upper bound on epochs, >= 1
 * @param earlyStopping whether to stop on the validation loss; off trains exactly maxEpochs
 * @param patience      epochs without improvement before stopping, >= 1
 * @param delta         a loss above best + delta counts as no improvement, >= 0
 * @param lossCutoff    stop as soon as the validation loss is below this; NaN for off
 * @param restoreBest   restore the weights of the epoch of minimum validation loss at the end
 */
public record TrainConfig(Optimizer optimizer, double learningRate, double beta1, double beta2, double epsilon,
                          double weightDecay, double momentum, int batchSize, int maxEpochs,
                          boolean earlyStopping, int patience, double delta, double lossCutoff,
                          boolean restoreBest) {

    /** Batch size meaning "the whole training set in one batch". */
    public static final int FULL_BATCH = Integer.MAX_VALUE;

    public TrainConfig {
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer is missing; use ADAM, ADAMW or SGD");
        }
        check(learningRate > 0 && Double.isFinite(learningRate), "learningRate", learningRate, "a finite number > 0");
        check(beta1 >= 0 && beta1 < 1, "beta1", beta1, "in [0, 1)");
        check(beta2 >= 0 && beta2 < 1, "beta2", beta2, "in [0, 1)");
        check(epsilon > 0, "epsilon", epsilon, "> 0");
        check(weightDecay >= 0 && Double.isFinite(weightDecay), "weightDecay", weightDecay, ">= 0");
        check(momentum >= 0 && momentum < 1, "momentum", momentum, "in [0, 1)");
        check(batchSize >= 1, "batchSize", batchSize, ">= 1 (or FULL_BATCH)");
        check(maxEpochs >= 1, "maxEpochs", maxEpochs, ">= 1");
        check(patience >= 1, "patience", patience, ">= 1");
        check(delta >= 0 && Double.isFinite(delta), "delta", delta, ">= 0");
        check(Double.isNaN(lossCutoff) || lossCutoff > 0, "lossCutoff", lossCutoff, "> 0, or NaN for off");
    }

    private static void check(boolean ok, String field, double value, String need) {
        if (!ok) {
            throw new IllegalArgumentException("train config: " + field + " = " + value + " is invalid; it must be " + need);
        }
    }

    /** The defaults of science.md. */
    public static TrainConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder initialised from this config. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.optimizer = optimizer;
        b.learningRate = learningRate;
        b.beta1 = beta1;
        b.beta2 = beta2;
        b.epsilon = epsilon;
        b.weightDecay = weightDecay;
        b.momentum = momentum;
        b.batchSize = batchSize;
        b.maxEpochs = maxEpochs;
        b.earlyStopping = earlyStopping;
        b.patience = patience;
        b.delta = delta;
        b.lossCutoff = lossCutoff;
        b.restoreBest = restoreBest;
        return b;
    }

    /** Mutable builder with science.md's defaults; {@link #build()} validates. */
    public static final class Builder {
        private Optimizer optimizer = Optimizer.ADAM;
        private double learningRate = 1e-3;
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double epsilon = 1e-8;
        private double weightDecay = 0;
        private double momentum = 0;
        private int batchSize = 64;
        private int maxEpochs = 3000;
        private boolean earlyStopping = true;
        private int patience = 30;
        private double delta = 0;
        private double lossCutoff = Double.NaN;
        private boolean restoreBest = false;

        public Builder optimizer(Optimizer o) {
            optimizer = o;
            if (o == Optimizer.ADAMW && weightDecay == 0) {
                weightDecay = 0.01;
            }
            return this;
        }

        public Builder learningRate(double v) {
            learningRate = v;
            return this;
        }

        public Builder betas(double b1, double b2) {
            beta1 = b1;
            beta2 = b2;
            return this;
        }

        public Builder epsilon(double v) {
            epsilon = v;
            return this;
        }

        public Builder weightDecay(double v) {
            weightDecay = v;
            return this;
        }

        public Builder momentum(double v) {
            momentum = v;
            return this;
        }

        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        public Builder fullBatch() {
            batchSize = FULL_BATCH;
            return this;
        }

        public Builder maxEpochs(int v) {
            maxEpochs = v;
            return this;
        }

        /** Train exactly {@code epochs} epochs with no early stopping (benchmarks, controls). */
        public Builder fixedEpochs(int epochs) {
            maxEpochs = epochs;
            earlyStopping = false;
            return this;
        }

        public Builder earlyStopping(boolean on) {
            earlyStopping = on;
            return this;
        }

        public Builder patience(int v) {
            patience = v;
            return this;
        }

        public Builder delta(double v) {
            delta = v;
            return this;
        }

        public Builder lossCutoff(double v) {
            lossCutoff = v;
            return this;
        }

        public Builder restoreBest(boolean on) {
            restoreBest = on;
            return this;
        }

        public TrainConfig build() {
            return new TrainConfig(optimizer, learningRate, beta1, beta2, epsilon, weightDecay, momentum,
                    batchSize, maxEpochs, earlyStopping, patience, delta, lossCutoff, restoreBest);
        }
    }
}
