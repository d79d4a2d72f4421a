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
}
