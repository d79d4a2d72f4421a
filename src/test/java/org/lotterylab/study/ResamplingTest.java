package org.lotterylab.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.lotterylab.metrics.Stats;
import org.lotterylab.rng.Rng;
import org.junit.jupiter.api.Test;

class ResamplingTest {
    @Test
    void smallSampleIsEnumeratedExactly() {
        // [0, 0, 1]: the 27 ordered resamples have k ones with k ~ Binomial(3, 1/3), so their means
        // sorted are 8 x 0, 12 x 1/3, 6 x 2/3, 1 x 1. The 2.5% quantile sits at position 26 * 0.025 =
        // 0.65 (both neighbours 0), the 97.5% one at 25.35: 2/3 + 0.35 * (1 - 2/3).
        double[] v = {0, 0, 1};
        assertEquals(27, Resampling.exactCount(new int[] {3}));
        double[] ci = Resampling.bootstrap(new int[] {3}, idx -> Stats.mean(Resampling.pick(v, idx[0])));
        assertEquals(0.0, ci[0], 1e-12);
        assertEquals(2.0 / 3 + 0.35 / 3, ci[1], 1e-12);
    }

    @Test
    void twoGroupsAreResampledIndependently() {
        // a = [0, 0, 1], b = [5, 5, 5]: b's mean is always 5, so the difference is a's mean minus 5;
        // over the 729 pairs the means of a repeat the 27 values 27 times each: 216 x 0, 324 x 1/3,
        // 162 x 2/3, 27 x 1. Position 728 * 0.975 = 709.8 lies among the ones (702..728).
        double[] a = {0, 0, 1};
        double[] b = {5, 5, 5};
        double[] ci = Resampling.bootstrap(new int[] {3, 3},
                idx -> Stats.mean(Resampling.pick(a, idx[0])) - Stats.mean(Resampling.pick(b, idx[1])));
        assertEquals(-5.0, ci[0], 1e-12);
        assertEquals(-4.0, ci[1], 1e-12);
    }

    @Test
    void largeSampleAgreesWithNormalTheory() {
        Rng rng = new Rng(7);
        double[] v = new double[400];
        for (int i = 0; i < v.length; i++) {
            v[i] = 3 + 2 * rng.nextGaussian();
        }
        double m = Stats.mean(v);
        double half = 1.96 * Stats.sd(v) / Math.sqrt(v.length);
        double[] ci = Resampling.bootstrap(new int[] {v.length}, idx -> Stats.mean(Resampling.pick(v, idx[0])));
        // Monte Carlo error of a 2.5% quantile from 10000 resamples is ~3% of the half-width.
        assertEquals(m - half, ci[0], 0.1 * half);
        assertEquals(m + half, ci[1], 0.1 * half);
        double[] again = Resampling.bootstrap(new int[] {v.length}, idx -> Stats.mean(Resampling.pick(v, idx[0])));
        assertArrayEquals(ci, again, 0.0, "seeded: the same data give the same interval bit for bit");
    }

    @Test
    void fisherExactOnTheTeaTastingTable() {
        // Fisher's tea tasting: [[1, 3], [3, 1]], margins 4/4. P(X >= 3) for the second row's
        // successes = (C(4,3) C(4,1) + C(4,4) C(4,0)) / C(8,4) = (16 + 1) / 70.
        assertEquals(17.0 / 70, Resampling.fisherGreater(1, 3, 3, 1), 1e-12);
        // the other direction: P(X >= 1) = 1 - P(X = 0) = 1 - 1/70
        assertEquals(69.0 / 70, Resampling.fisherGreater(3, 1, 1, 3), 1e-12);
        // 0 of 6 against 6 of 6: only the observed table is as extreme, 1 / C(12, 6)
        assertEquals(1.0 / 924, Resampling.fisherGreater(0, 6, 6, 0), 1e-12);
    }

    @Test
    void permutationPValuesByHand() {
        // a = [3, 4], b = [1, 2]: of the C(4, 2) = 6 relabellings only the observed one has a
        // difference of means as large as 2
        assertEquals(1.0 / 6, Resampling.permutationGreater(new double[] {3, 4}, new double[] {1, 2}, 0), 1e-12);
        // shifted by 1 (null: a difference of exactly 1), b becomes [2, 3], observed 3.5 - 2.5 = 1; the
        // subsets {3, 4} and {4, 3'} of [3, 4, 2, 3'] reach 1: 2 of 6
        assertEquals(1.0 / 3, Resampling.permutationGreater(new double[] {3, 4}, new double[] {1, 2}, 1), 1e-12);
    }

    @Test
    void monteCarloPermutationAgreesWithBruteForce() {
        // 8 + 8 values: C(16, 8) = 12870 relabellings, more than the enumeration limit, so drawn
        Rng rng = new Rng(3);
        double[] a = new double[8];
        double[] b = new double[8];
        for (int i = 0; i < 8; i++) {
            a[i] = rng.nextGaussian() + 0.5;
            b[i] = rng.nextGaussian();
        }
        double[] pooled = new double[16];
        System.arraycopy(a, 0, pooled, 0, 8);
        System.arraycopy(b, 0, pooled, 8, 8);
        double observed = Stats.mean(a) - Stats.mean(b);
        int hits = 0;
        int all = 0;
        for (int mask = 0; mask < 1 << 16; mask++) {
            if (Integer.bitCount(mask) != 8) {
                continue;
            }
            double sa = 0;
            double sb = 0;
            for (int i = 0; i < 16; i++) {
                if ((mask & 1 << i) != 0) {
                    sa += pooled[i];
                } else {
                    sb += pooled[i];
                }
            }
            all++;
            hits += sa / 8 - sb / 8 >= observed - 1e-12 ? 1 : 0;
        }
        assertEquals(12870, all);
        double exact = (double) hits / all;
        double drawn = Resampling.permutationGreater(a, b, 0);
        // Monte Carlo standard error sqrt(p (1 - p) / 10000) <= 0.005
        assertEquals(exact, drawn, 0.015);
        assertEquals(drawn, Resampling.permutationGreater(a, b, 0), 0.0, "seeded");
    }
}
