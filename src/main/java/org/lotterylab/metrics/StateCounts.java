package org.lotterylab.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * How many weights, biases and neurons are in each {@link State}, per layer and in total.
 * {@code weights} and {@code biases} are indexed by weight layer, {@code neurons} by neuron
 * layer (0 = inputs).
 */
public record StateCounts(List<Tally> weights, List<Tally> biases, List<Tally> neurons) {

    /** Counts of one group of elements (one layer, or all layers); {@link #total()} is their number. */
    public record Tally(int active, int zombie, int inactive, int pruned) {
        public int total() {
            return active + zombie + inactive + pruned;
        }

        public int count(State s) {
            return switch (s) {
                case ACTIVE -> active;
                case ZOMBIE -> zombie;
                case INACTIVE -> inactive;
                case PRUNED -> pruned;
            };
        }

        /** {@code count(s) / total()}; NaN for an empty group. */
        public double share(State s) {
            int t = total();
            return t == 0 ? Double.NaN : (double) count(s) / t;
        }

        /** Elements not pruned (active + zombie + inactive). */
        public int remaining() {
            return active + zombie + inactive;
        }

        Tally plus(Tally o) {
            return new Tally(active + o.active, zombie + o.zombie, inactive + o.inactive, pruned + o.pruned);
        }

        static Tally of(byte[] codes) {
            int[] c = new int[4];
            for (byte b : codes) {
                c[b]++;
            }
            return new Tally(c[0], c[1], c[2], c[3]);
        }
    }

    public StateCounts {
        weights = List.copyOf(weights);
        biases = List.copyOf(biases);
        neurons = List.copyOf(neurons);
    }

    static StateCounts of(States s) {
        List<Tally> w = new ArrayList<>();
        List<Tally> b = new ArrayList<>();
        List<Tally> n = new ArrayList<>();
        for (int l = 0; l < s.layers(); l++) {
            w.add(Tally.of(s.weightCodes(l)));
            b.add(Tally.of(s.biasCodes(l)));
        }
        for (int k = 0; k <= s.layers(); k++) {
            n.add(Tally.of(s.neuronCodes(k)));
        }
        return new StateCounts(w, b, n);
    }

    /** All weights. */
    public Tally totalWeights() {
        return sum(weights);
    }

    /** All biases. */
    public Tally totalBiases() {
        return sum(biases);
    }

    /** All neurons, inputs and outputs included. */
    public Tally totalNeurons() {
        return sum(neurons);
    }

    /** Hidden neurons only (neither inputs nor outputs). */
    public Tally hiddenNeurons() {
        return sum(neurons.subList(1, neurons.size() - 1));
    }

    private static Tally sum(List<Tally> ts) {
        Tally t = new Tally(0, 0, 0, 0);
        for (Tally x : ts) {
            t = t.plus(x);
        }
        return t;
    }
}
