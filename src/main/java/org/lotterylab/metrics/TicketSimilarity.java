package org.lotterylab.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.lotterylab.model.Mask;
import org.lotterylab.model.Network;

/**
 * Similarity of two tickets over the same weight tensors (science.md section 6), per weight
 * layer and globally (all weight layers pooled). Biases are not compared.
 *
 * <p>Runs that share the model seed can be compared directly; for runs with different model
 * seeds first align the hidden neurons with {@link NeuronAlignment} and compare against the
 * aligned network or mask.
 */
public final class TicketSimilarity {
    private TicketSimilarity() {
    }

    /**
     * Overlap of two weight masks over {@code total} weights ({@code layer} = -1 for the global row).
     *
     * @param keptA weights mask a keeps
     * @param keptB weights mask b keeps
     * @param intersection weights both keep (I)
     * @param union weights either keeps (U)
     */
    public record Overlap(int layer, int total, int keptA, int keptB, int intersection, int union) {
        /** I / U; 1 when U = 0 (two empty masks are identical). */
        public double jaccard() {
            return union == 0 ? 1.0 : (double) intersection / union;
        }

        /** U - I: weights exactly one of the masks keeps. */
        public int hamming() {
            return union - intersection;
        }

        public double densityA() {
            return (double) keptA / total;
        }

        public double densityB() {
            return (double) keptB / total;
        }

        /**
         * The Jaccard index expected for independent random masks of the same densities,
         * {@code d_a d_b / (d_a + d_b - d_a d_b)}; 1 when both densities are 0 (matching
         * {@link #jaccard()} for U = 0).
         */
        public double chanceJaccard() {
            double a = densityA();
            double b = densityB();
            double den = a + b - a * b;
            return den == 0 ? 1.0 : a * b / den;
        }
    }

    /**
     * A count of weights and of those satisfying a property ({@code layer} = -1 for the global
     * row); {@link #rate()} is NaN when {@code count} is 0.
     */
    public record Share(int layer, int count, int matching) {
        public double rate() {
            return count == 0 ? Double.NaN : (double) matching / count;
        }
    }

    /** Per-layer overlaps (index = weight layer) followed by the global one (last element, layer -1). */
    public static List<Overlap> overlap(Mask a, Mask b) {
        int[] shape = a.shape();
        if (!Arrays.equals(shape, b.shape())) {
            throw new IllegalArgumentException("masks of different shapes " + Arrays.toString(shape) + " and "
                    + Arrays.toString(b.shape()));
        }
        List<Overlap> out = new ArrayList<>();
        int t = 0;
        int ka = 0;
        int kb = 0;
        int in = 0;
        int un = 0;
        for (int l = 0; l < a.layers(); l++) {
            boolean[] ma = a.weights(l);
            boolean[] mb = b.weights(l);
            int ca = 0;
            int cb = 0;
            int ci = 0;
            int cu = 0;
            for (int k = 0; k < ma.length; k++) {
                ca += ma[k] ? 1 : 0;
                cb += mb[k] ? 1 : 0;
                ci += ma[k] && mb[k] ? 1 : 0;
                cu += ma[k] || mb[k] ? 1 : 0;
            }
            out.add(new Overlap(l, ma.length, ca, cb, ci, cu));
            t += ma.length;
            ka += ca;
            kb += cb;
            in += ci;
            un += cu;
        }
        out.add(new Overlap(-1, t, ka, kb, in, un));
        return out;
    }

    /**
     * Sign agreement over the weights both masks keep (the common survivors): the share whose
     * values in {@code a} and {@code b} have the same sign ({@link Math#signum(float)}; a kept
     * weight of exactly 0 only agrees with another 0). Chance level 0.5. Per weight layer, then
     * the global row last; rate NaN when there are no common survivors.
     *
     * <p>Pass the initial networks for agreement at initialisation and the trained ones for
     * agreement after training; the masks are explicit because the values of a network whose own
     * mask is larger or smaller would otherwise decide which weights are survivors.
     */
    public static List<Share> signAgreement(Mask maskA, Network a, Mask maskB, Network b) {
        int[] shape = maskA.shape();
        if (!Arrays.equals(shape, maskB.shape()) || !Arrays.equals(shape, a.shape()) || !Arrays.equals(shape, b.shape())) {
            throw new IllegalArgumentException("masks and networks must have the same shape");
        }
        List<Share> out = new ArrayList<>();
        int tc = 0;
        int tm = 0;
        for (int l = 0; l < maskA.layers(); l++) {
            float[] wa = a.weights(l);
            float[] wb = b.weights(l);
            int c = 0;
            int m = 0;
            // A branch on the masks (long runs at high and low density), none on the signs: about
            // half of a dense layer's signs agree at random, and mispredictions dominated the loop.
            for (int k = 0; k < wa.length; k++) {
                if (maskA.weightAt(l, k) & maskB.weightAt(l, k)) {
                    c++;
                    m += sameSign(wa[k], wb[k]);
                }
            }
            out.add(new Share(l, c, m));
            tc += c;
            tm += m;
        }
        out.add(new Share(-1, tc, tm));
        return out;
    }

    /**
     * 1 when {@code Math.signum(a) == Math.signum(b)} (both positive, both negative or both zero
     * of either sign; never with a NaN), else 0; without branches.
     */
    static int sameSign(float a, float b) {
        int ca = signCode(a);
        int cb = signCode(b);
        int diff = ca ^ cb;
        // 1 when diff == 0; a NaN's code 4 never matches, not even another NaN's.
        return (~(diff | -diff) >>> 31) & (~ca >>> 2 & 1);
    }

    /** 0 for a zero of either sign, 1 for a positive number, 3 for a negative one, 4 or more for NaN; in bit arithmetic. */
    private static int signCode(float x) {
        int bits = Float.floatToRawIntBits(x);
        int mag = bits & 0x7fffffff;
        int nonZero = (mag + 0x7fffffff) >>> 31;
        int nan = (0x7f800000 - mag) >>> 31;
        return nonZero * (1 + 2 * (bits >>> 31)) | nan << 2;
    }

    /** {@link #signAgreement(Mask, Network, Mask, Network)} with each network's own mask. */
    public static List<Share> signAgreement(Network a, Network b) {
        return signAgreement(a.mask(), a, b.mask(), b);
    }

    /**
     * Within one run, the share of survivors (weights {@code survivors} keeps) whose sign differs
     * between {@code init} and {@code trained} (signs compared as in
     * {@link #signAgreement(Mask, Network, Mask, Network)}). Per weight layer, then global; rate
     * NaN when there are no survivors.
     */
    public static List<Share> signFlips(Network init, Network trained, Mask survivors) {
        List<Share> agree = signAgreement(survivors, init, survivors, trained);
        List<Share> out = new ArrayList<>(agree.size());
        for (Share s : agree) {
            out.add(new Share(s.layer(), s.count(), s.count() - s.matching()));
        }
        return out;
    }

    /** {@link #signFlips(Network, Network, Mask)} over {@code trained}'s own mask. */
    public static List<Share> signFlips(Network init, Network trained) {
        return signFlips(init, trained, trained.mask());
    }
}
