package org.lotterylab.model;

/** The nonlinearity between linear layers; the output layer has none. */
public enum Activation {
    /** max(0, z). Its derivative at 0 is taken as 0, as in PyTorch. */
    RELU,
    /** z * sigmoid(z) (also called swish). */
    SILU;

    /** The activation of pre-activation {@code z}. */
    public float apply(float z) {
        return switch (this) {
            case RELU -> z > 0 ? z : 0f;
            case SILU -> (float) (z / (1 + Math.exp(-z)));
        };
    }

    /** d apply / dz at pre-activation {@code z}. */
    public float derivative(float z) {
        return switch (this) {
            case RELU -> z > 0 ? 1f : 0f;
            case SILU -> {
                double s = 1 / (1 + Math.exp(-z));
                yield (float) (s * (1 + z * (1 - s)));
            }
        };
    }
}
