package org.lotterylab.model;

import java.util.Arrays;
import org.lotterylab.rng.Rng;

/**
 * The architecture of an MLP: its shape {@code [in, h1, ..., hn, out]}, the activation
 * between layers and the initialisation. Immutable (the shape is copied in and out).
 */
public record ModelConfig(int[] shape, Activation activation, Init init) {

    public ModelConfig {
        if (shape == null || shape.length < 2) {
            throw new IllegalArgumentException("an MLP shape needs at least 2 layers of neurons [in, ..., out], got "
                    + Arrays.toString(shape));
        }
        shape = shape.clone();
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 1) {
                throw new IllegalArgumentException("layer " + i + " of shape " + Arrays.toString(shape)
                        + " has " + shape[i] + " neurons; every layer needs at least 1");
            }
        }
        if (activation == null) {
            activation = Activation.RELU;
        }
        if (init == null) {
            init = Init.kaimingNormal();
        }
    }

    /** A ReLU MLP of this shape with Kaiming-normal weights and zero biases. */
    public static ModelConfig of(int... shape) {
        return new ModelConfig(shape, Activation.RELU, Init.kaimingNormal());
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
