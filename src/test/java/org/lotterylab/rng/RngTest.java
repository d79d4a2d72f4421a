package org.lotterylab.rng;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RngTest {

    @Test
    void sameSeedSameSequence() {
        Rng a = new Rng(42);
        Rng b = new Rng(42);
        for (int i = 0; i < 100; i++) {
            assertEquals(a.nextLong(), b.nextLong());
        }
    }

    @Test
    void splitMix64MatchesItsPublishedFirstOutput() {
        // SplitMix64 with state 0: the first output is 0xE220A8397B1DCDAF (Steele, Lea, Flood 2014 reference code).
        assertEquals(0xE220A8397B1DCDAFL, new Rng(0).nextLong());
    }

    @Test
    void derivedStreamsDiffer() {
        assertNotEquals(Rng.derive(1, "init").nextLong(), Rng.derive(1, "order").nextLong());
        assertNotEquals(Rng.derive(1, "order", 0).nextLong(), Rng.derive(1, "order", 1).nextLong());
        assertEquals(Rng.derive(7, "order", 3).nextLong(), Rng.derive(7, "order", 3).nextLong());
    }

    @Test
    void nextIntIsUniformOnItsRange() {
        Rng r = new Rng(3);
        int[] counts = new int[6];
        int n = 60_000;
        for (int i = 0; i < n; i++) {
            counts[r.nextInt(6)]++;
        }
        for (int c : counts) {
            // Each bucket expects 10000 with sd ~91; 5 sd is a loose, never-flaky bound.
            assertTrue(Math.abs(c - 10_000) < 460, Arrays.toString(counts));
        }
    }

    @Test
    void gaussianHasUnitMoments() {
        Rng r = new Rng(5);
        int n = 200_000;
        double sum = 0;
        double sq = 0;
        for (int i = 0; i < n; i++) {
            double g = r.nextGaussian();
            sum += g;
            sq += g * g;
        }
        assertEquals(0, sum / n, 0.01);
        assertEquals(1, sq / n, 0.01);
    }

    @Test
    void permutationHoldsEveryIndexOnce() {
        int[] p = new Rng(9).permutation(50);
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        int[] expected = new int[50];
        Arrays.setAll(expected, i -> i);
        assertArrayEquals(expected, sorted);
    }
}
