package org.lotterylab.model;

import java.util.Arrays;
import org.lotterylab.config.Param;
import org.lotterylab.config.Schema;
import org.lotterylab.rng.Rng;

/**
 * The architecture of an MLP: its shape {@code [in, h1, ..., hn, out]}, the activation
 * between layers and the initialisation. Immutable (the shape is copied in and out); each field
 * is declared once, with its default, on its component.
 */
public record ModelConfig(
        @Param(doc = "neurons per layer [in, hidden..., out]; also \"4-40-40-2\"", dflt = "[4, 40, 40, 2]")
        int[] shape,
        @Param(doc = "the nonlinearity between layers (the output layer has none)", dflt = "relu")
        Activation activation,
        @Param(doc = "how weights and biases are drawn; also a kind such as \"xavier_uniform\"")
        Init init) {

    private static final Schema<ModelConfig> SCHEMA = Schema.of(ModelConfig.class);
    /** The largest array a layer may need, in elements (the JVM's limit is a little below 2^31). */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    public ModelConfig {
        if (shape == null || shape.length < 2) {
            throw new IllegalArgumentException("an MLP shape needs at least 2 layers of neurons [in, ..., out], got "
                    + Arrays.toString(shape));
        }
        shape = shape.clone();
        long total = 0;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 1) {
                throw new IllegalArgumentException("layer " + i + " of shape " + Arrays.toString(shape)
                        + " has " + shape[i] + " neurons; every layer needs at least 1");
            }
            if (i > 0) {
                long w = (long) shape[i - 1] * shape[i];
                if (w > MAX_ARRAY) {
                    throw new IllegalArgumentException("layer " + (i - 1) + " of shape " + Arrays.toString(shape) + " has "
                            + w + " weights, more than the largest Java array (" + MAX_ARRAY + "); use narrower layers");
                }
                total += w + shape[i];
            }
        }
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has " + total
                    + " parameters, more than 2^31 - 1; use narrower or fewer layers");
        }
        java.util.Objects.requireNonNull(activation, "activation");
        java.util.Objects.requireNonNull(init, "init");
    }

    /** The declared defaults: {@code [4, 40, 40, 2]}, ReLU, Kaiming-normal. */
    public static ModelConfig defaults() {
        return SCHEMA.defaults();
    }

    /** Weights and biases of the network: the sum over layers of {@code in * out + out}. */
    public long parameterCount() {
        long n = 0;
        for (int i = 1; i < shape.length; i++) {
            n += (long) shape[i - 1] * shape[i] + shape[i];
        }
        return n;
    }

    /** A ReLU MLP of this shape with Kaiming-normal weights and zero biases. */
    public static ModelConfig of(int... shape) {
        return defaults().withShape(shape);
    }

    /** {@code [in, h x hidden, out]}: {@code hidden} hidden layers of width {@code h}. */
    public static ModelConfig hidden(int in, int h, int hidden, int out) {
        int[] s = new int[hidden + 2];
        Arrays.fill(s, h);
        s[0] = in;
        s[s.length - 1] = out;
        return of(s);
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** Number of linear layers: {@code shape.length - 1}. */
    public int layers() {
        return shape.length - 1;
    }

    public ModelConfig withActivation(Activation a) {
        return new ModelConfig(shape, a, init);
    }

    public ModelConfig withInit(Init i) {
        return new ModelConfig(shape, activation, i);
    }

    public ModelConfig withShape(int... s) {
        return new ModelConfig(s, activation, init);
    }

    /** A freshly initialised, unmasked network; the same seed gives the same weights. */
    public Network initialise(long modelSeed) {
        Network net = new Network(shape, activation);
        for (int l = 0; l < layers(); l++) {
            init.fill(net.weights(l), net.biases(l), shape[l], shape[l + 1], Rng.derive(modelSeed, "init", l));
        }
        return net;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelConfig m && Arrays.equals(shape, m.shape) && activation == m.activation
                && init.equals(m.init);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(shape) + activation.hashCode()) + init.hashCode();
    }

    @Override
    public String toString() {
        return "ModelConfig" + Arrays.toString(shape) + " " + activation + " " + init.kind();
    }
}
