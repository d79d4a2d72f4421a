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
            // Four interleaved histograms: with one, a run of equal codes (a dense layer is all
            // active) makes every increment wait for the previous one.
            int[] c = new int[16];
            int n = codes.length & ~3;
            for (int k = 0; k < n; k += 4) {
                c[codes[k]]++;
                c[4 + codes[k + 1]]++;
                c[8 + codes[k + 2]]++;
                c[12 + codes[k + 3]]++;
            }
            for (int k = n; k < codes.length; k++) {
                c[codes[k]]++;
            }
            return new Tally(c[0] + c[4] + c[8] + c[12], c[1] + c[5] + c[9] + c[13], c[2] + c[6] + c[10] + c[14],
                    c[3] + c[7] + c[11] + c[15]);
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
