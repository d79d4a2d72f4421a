package org.lotterylab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.lotterylab.rng.Rng;

class TaskTest {

    @Test
    void moonsWithoutNoiseLieExactlyOnTheirHalfCircles() {
        Task.Samples s = new Task.Moons(0).sample(101, new Rng(1));
        int zeros = 0;
        for (int r = 0; r < s.rows(); r++) {
            double x = s.x()[2 * r];
            double y = s.x()[2 * r + 1];
            if (s.y()[r] == 0) {
                zeros++;
                assertEquals(1, x * x + y * y, 1e-6, "outer moon: unit circle");
                assertTrue(y >= -1e-7, "outer moon is the upper half");
            } else {
                // inner moon: (1 - cos t, 1 - sin t - 0.5), a unit circle around (1, 0.5), lower half
                assertEquals(1, (x - 1) * (x - 1) + (y - 0.5) * (y - 0.5), 1e-6);
                assertTrue(y <= 0.5 + 1e-7);
            }
        }
        assertEquals(50, zeros, "floor(n/2) points on the outer moon");
    }

    @Test
    void moonsIncludeBothEndsOfTheArc() {
        Task.Samples s = new Task.Moons(0).sample(8, new Rng(2));
        boolean hasOne = false;
        boolean hasMinusOne = false;
        for (int r = 0; r < s.rows(); r++) {
            if (s.y()[r] == 0 && Math.abs(s.x()[2 * r] - 1) < 1e-6) {
                hasOne = true;
            }
            if (s.y()[r] == 0 && Math.abs(s.x()[2 * r] + 1) < 1e-6) {
                hasMinusOne = true;
            }
        }
        assertTrue(hasOne && hasMinusOne, "t runs over [0, pi] with both ends");
    }

    @Test
    void circlesWithoutNoiseHaveRadiusOneAndFactor() {
        Task.Samples s = new Task.Circles(0, 0.35).sample(40, new Rng(3));
        int zeros = 0;
        for (int r = 0; r < s.rows(); r++) {
            double x = s.x()[2 * r];
            double y = s.x()[2 * r + 1];
            double radius = Math.sqrt(x * x + y * y);
            if (s.y()[r] == 0) {
                zeros++;
                assertEquals(1, radius, 1e-6);
            } else {
                assertEquals(0.35, radius, 1e-6);
            }
        }
        assertEquals(20, zeros);
    }

    @Test
    void circleAnglesExcludeTheEnd() {
        // 4 outer points at angles 0, pi/2, pi, 3pi/2: (1,0) appears exactly once.
        Task.Samples s = new Task.Circles(0, 0.5).sample(8, new Rng(4));
        int atOne = 0;
        for (int r = 0; r < s.rows(); r++) {
            if (s.y()[r] == 0 && Math.abs(s.x()[2 * r] - 1) < 1e-6) {
                atOne++;
            }
        }
        assertEquals(1, atOne);
    }

    @Test
    void noiseHasTheRequestedStandardDeviation() {
        // With noise, outer circle radii spread around 1 with sd close to the noise level.
        Task.Samples s = new Task.Circles(0.05, 0.35).sample(20_000, new Rng(5));
        double sum = 0;
        double sq = 0;
        int n = 0;
        for (int r = 0; r < s.rows(); r++) {
            if (s.y()[r] == 0) {
                double d = Math.hypot(s.x()[2 * r], s.x()[2 * r + 1]) - 1;
                sum += d;
                sq += d * d;
                n++;
            }
        }
        double sd = Math.sqrt(sq / n - (sum / n) * (sum / n));
        assertEquals(0.05, sd, 0.003);
    }

    @Test
    void sameSeedSameSamples() {
        Task.Samples a = new Task.Moons(0.1).sample(50, new Rng(6));
        Task.Samples b = new Task.Moons(0.1).sample(50, new Rng(6));
        assertArrayEquals(a.x(), b.x());
        assertArrayEquals(a.y(), b.y());
    }

    @Test
    void badArgumentsAreRejectedWithTheirName() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Task.Moons(-0.1))
                .getMessage().contains("noise"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Task.Circles(0.1, 1.0))
                .getMessage().contains("factor"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Task.Circles(0.1, 0))
                .getMessage().contains("factor"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Task.Moons(0).sample(3, new Rng(1)))
                .getMessage().contains("n >= 4"));
    }
}
