package org.lotterylab.model;

import java.util.Set;
import org.lotterylab.config.IgnoredParams;
import org.lotterylab.config.Param;

import org.lotterylab.rng.Rng;

/**
 * How weights and biases are drawn at initialisation (science.md section 3). Biases are 0
 * for every kind except {@link Kind#FRAMEWORK_DEFAULT}.
 * A NaN {@code std} stands for the kind's default: 0.1 for {@link Kind#TRUNCATED_NORMAL}, else 1.
 */
public record Init(
        @Param(doc = "the distribution", dflt = "kaiming_normal")
        Kind kind,
        @Param(doc = "mean of a normal init (ignored by the other kinds)", dflt = "0")
        double mean,
        @Param(doc = "standard deviation of a normal or truncated_normal init; null: 0.1 for truncated_normal, else 1",
                dflt = "null", nullable = true, range = "(0, inf)")
        double std) implements IgnoredParams {

    public enum Kind {
        /** N(0, 2 / fan_in): He et al. for ReLU. The default. */
        KAIMING_NORMAL,
        /** U(-b, b) with b = sqrt(6 / fan_in). */
        KAIMING_UNIFORM,
        /** U(-b, b) with b = sqrt(6 / (fan_in + fan_out)). */
        XAVIER_UNIFORM,
        /** N(0, 2 / (fan_in + fan_out)). */
        XAVIER_NORMAL,
        /** N(mean, std^2). */
        NORMAL,
        /** N(0, std^2) redrawn until within +-2 std (std 0.1: cut at +-0.2). */
        TRUNCATED_NORMAL,
        /** U(-b, b) with b = 1 / sqrt(fan_in), for weights and biases (PyTorch's Linear default). */
        FRAMEWORK_DEFAULT
    }

    public Init {
        if (kind == null) {
            throw new IllegalArgumentException("init kind is missing; use one of " + java.util.Arrays.toString(Kind.values()));
        }
        if (Double.isNaN(std)) {
            std = kind == Kind.TRUNCATED_NORMAL ? 0.1 : 1;
        }
        if (!(std > 0) || Double.isInfinite(std) || Double.isNaN(mean) || Double.isInfinite(mean)) {
            throw new IllegalArgumentException("init needs a finite mean and std > 0, got mean " + mean + ", std " + std);
        }
    }

    /** The mean except for a normal init, the std except for a normal or truncated normal one. */
    @Override
    public Set<String> ignoredParams() {
        return switch (kind) {
            case NORMAL -> Set.of();
            case TRUNCATED_NORMAL -> Set.of("mean");
            default -> Set.of("mean", "std");
        };
    }

    public static Init kaimingNormal() {
        return new Init(Kind.KAIMING_NORMAL, 0, 1);
    }

    public static Init of(Kind kind) {
        return new Init(kind, 0, Double.NaN);
    }

    public static Init normal(double mean, double std) {
        return new Init(Kind.NORMAL, mean, std);
    }

    public static Init truncatedNormal(double std) {
        return new Init(Kind.TRUNCATED_NORMAL, 0, std);
    }

    /** Fills one layer's weights ({@code fanOut x fanIn}) and biases from {@code rng}. */
    void fill(float[] w, float[] b, int fanIn, int fanOut, Rng rng) {
        for (int k = 0; k < w.length; k++) {
            w[k] = (float) draw(fanIn, fanOut, rng);
        }
        if (kind == Kind.FRAMEWORK_DEFAULT) {
            double bound = 1 / Math.sqrt(fanIn);
            for (int k = 0; k < b.length; k++) {
                b[k] = (float) rng.uniform(-bound, bound);
            }
        } else {
            java.util.Arrays.fill(b, 0f);
        }
    }

    private double draw(int fanIn, int fanOut, Rng rng) {
        return switch (kind) {
            case KAIMING_NORMAL -> Math.sqrt(2.0 / fanIn) * rng.nextGaussian();
            case KAIMING_UNIFORM -> rng.uniform(-Math.sqrt(6.0 / fanIn), Math.sqrt(6.0 / fanIn));
            case XAVIER_UNIFORM -> {
                double bound = Math.sqrt(6.0 / (fanIn + fanOut));
                yield rng.uniform(-bound, bound);
            }
            case XAVIER_NORMAL -> Math.sqrt(2.0 / (fanIn + fanOut)) * rng.nextGaussian();
            case NORMAL -> mean + std * rng.nextGaussian();
            case TRUNCATED_NORMAL -> {
                double v;
                do {
                    v = std * rng.nextGaussian();
                } while (Math.abs(v) > 2 * std);
                yield v;
            }
            case FRAMEWORK_DEFAULT -> rng.uniform(-1 / Math.sqrt(fanIn), 1 / Math.sqrt(fanIn));
        };
    }
}
