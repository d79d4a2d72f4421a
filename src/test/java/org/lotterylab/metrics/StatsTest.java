package org.lotterylab.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void moments() {
        // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, sum of squares about the mean 32, sample sd sqrt(32/7).
        double[] v = {2, 4, 4, 4, 5, 5, 7, 9};
        assertEquals(5, Stats.mean(v), 1e-12);
        assertEquals(Math.sqrt(32.0 / 7), Stats.sd(v), 1e-12);
        assertEquals(4.5, Stats.median(v), 1e-12);
        assertEquals(5, Stats.median(5, Double.NaN, 1, 9), 1e-12);
        assertTrue(Double.isNaN(Stats.mean()));
        assertEquals(0.75, Stats.share(true, true, false, true), 1e-12);
    }

    @Test
    void quantilesInterpolateBetweenRanks() {
        // Sorted 1, 2, 3, 4: the q-quantile sits at position 3q; numpy.quantile gives the same.
        assertEquals(1.75, Stats.quantile(0.25, 4, 1, 3, 2), 1e-12);
        assertEquals(3.25, Stats.quantile(0.75, 4, 1, 3, 2), 1e-12);
        assertEquals(1, Stats.quantile(0, 4, 1, 3, 2), 1e-12);
        assertEquals(4, Stats.quantile(1, 4, 1, 3, 2), 1e-12);
        assertEquals(7, Stats.quantile(0.3, 7), 1e-12);
        assertTrue(Double.isNaN(Stats.quantile(0.5)));
        assertThrows(IllegalArgumentException.class, () -> Stats.quantile(1.5, 1, 2));
    }

    @Test
    void ranksShareTies() {
        assertArrayEquals(new double[] {1, 2.5, 2.5, 4}, Stats.ranks(new double[] {1, 3, 3, 8}), 1e-12);
    }

    @Test
    void correlations() {
        // y = x^3 is monotone but not linear: Spearman 1, Pearson below 1.
        double[] x = {1, 2, 3, 4, 5};
        double[] y = {1, 8, 27, 64, 125};
        assertEquals(1, Stats.spearman(x, y), 1e-12);
        assertTrue(Stats.pearson(x, y) < 1);
        assertEquals(-1, Stats.spearman(x, new double[] {5, 4, 3, 2, 1}), 1e-12);
        // Hand computation: x = 1,2,3, y = 1,3,2: ranks identical to values, d^2 sum = 0+1+1 = 2,
        // rho = 1 - 6*2/(3*8) = 0.5.
        assertEquals(0.5, Stats.spearman(new double[] {1, 2, 3}, new double[] {1, 3, 2}), 1e-12);
        // A NaN pair is dropped.
        assertEquals(1, Stats.spearman(new double[] {1, 2, Double.NaN, 4}, new double[] {2, 3, 0, 5}), 1e-12);
    }
}
