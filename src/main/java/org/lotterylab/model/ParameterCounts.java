package org.lotterylab.model;

import java.util.ArrayList;
import java.util.List;

/**
 * How many parameters a mask keeps, per layer and in total, split into weights and biases
 * and into prunable and non-prunable ones. Weights are always prunable; biases are prunable
 * only when {@code biasesPrunable}.
 */
public record ParameterCounts(List<Layer> layers, boolean biasesPrunable) {

    /** Counts of one layer: totals and how many are kept. */
    public record Layer(int layer, int weights, int keptWeights, int biases, int keptBiases) {
        public int parameters() {
            return weights + biases;
        }

        public int kept() {
            return keptWeights + keptBiases;
        }
    }

    public ParameterCounts {
        layers = List.copyOf(layers);
    }

    public static ParameterCounts of(Mask mask, boolean biasesPrunable) {
        int[] s = mask.shape();
        List<Layer> out = new ArrayList<>();
        for (int l = 0; l < mask.layers(); l++) {
            out.add(new Layer(l, s[l] * s[l + 1], mask.keptWeights(l), s[l + 1], mask.keptBiases(l)));
        }
        return new ParameterCounts(out, biasesPrunable);
    }

    /** Prunable parameters of layer {@code l}, kept or not. */
    public int prunable(int l) {
        Layer c = layers.get(l);
        return c.weights + (biasesPrunable ? c.biases : 0);
    }

    /** Prunable parameters of layer {@code l} that are kept. */
    public int prunableKept(int l) {
        Layer c = layers.get(l);
        return c.keptWeights + (biasesPrunable ? c.keptBiases : 0);
    }

    /** All prunable parameters (P0 of the schedule when the mask is full). */
    public int prunable() {
        int n = 0;
        for (int l = 0; l < layers.size(); l++) {
            n += prunable(l);
        }
        return n;
    }

    public int prunableKept() {
        int n = 0;
        for (int l = 0; l < layers.size(); l++) {
            n += prunableKept(l);
        }
        return n;
    }

    /** Non-prunable parameters (the biases when they are not prunable); they are always kept. */
    public int nonPrunable() {
        return biasesPrunable ? 0 : totalBiases();
    }

    public int totalWeights() {
        return layers.stream().mapToInt(Layer::weights).sum();
    }

    public int keptWeights() {
        return layers.stream().mapToInt(Layer::keptWeights).sum();
    }

    public int totalBiases() {
        return layers.stream().mapToInt(Layer::biases).sum();
    }

    public int keptBiases() {
        return layers.stream().mapToInt(Layer::keptBiases).sum();
    }

    /** Kept prunable parameters over all prunable ones; 1 for a full mask. */
    public double density() {
        int p = prunable();
        return p == 0 ? 1 : (double) prunableKept() / p;
    }
}
