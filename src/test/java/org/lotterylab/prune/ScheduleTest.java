package org.lotterylab.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ScheduleTest {

    @Test
    void rateAndTrajectoryFollowTheClosedForm() {
        // [4,8,8,2] has P0 = 32 + 64 + 16 = 112 weights. Target 28 in 2 levels: p = 1 - sqrt(1/4) = 0.5.
        Schedule s = Schedule.builder(4, 8, 8, 2).target(28).levels(2).build();
        assertEquals(112, s.p0());
        assertEquals(0.5, s.rate(), 1e-12);
        assertArrayEquals(new int[] {112, 56, 28}, s.trajectory());
        assertEquals(56, s.pruned(1));
    }

    @Test
    void everyLevelMatchesRoundHalfEvenOfTheExponential() {
        Schedule s = Schedule.builder(4, 40, 40, 2).target(60).levels(20).build();
        double p = 1 - Math.pow(60.0 / 1840, 1.0 / 20);
        assertEquals(p, s.rate(), 1e-15);
        for (int t = 0; t <= 20; t++) {
            assertEquals((int) Math.rint(1840 * Math.pow(1 - p, t)), s.remaining(t));
        }
        assertEquals(60, s.target());
    }

    @Test
    void halvesRoundToEven() {
        // [1, 10] has 10 weights; rate 0.5: 10, 5, 2.5 -> 2, 1.25 -> 1 (Math.round would give 3 at level 2).
        Schedule s = Schedule.builder(1, 10).rate(0.5).levels(3).build();
        assertArrayEquals(new int[] {10, 5, 2, 1}, s.trajectory());
    }

    @Test
    void biasesCountWhenPrunable() {
        // [4,8,8,2] with biases: 112 + 8 + 8 + 2 = 130.
        assertEquals(130, Schedule.builder(4, 8, 8, 2).biasesPrunable(true).target(50).levels(3).build().p0());
    }

    @Test
    void extensionWidthsWorkedOutByHand() {
        // Rate 0.5 -> growth g = 1: P_-1 = 224, P_-2 = 448 for the base [4,8,8,2] (P0 = 112).
        // H^2 + 6H = 224 -> H = (-6 + sqrt(932)) / 2 = 12.26 -> 12, recount 48 + 144 + 24 = 216.
        // H^2 + 6H = 448 -> H = (-6 + sqrt(1828)) / 2 = 18.38 -> 18, recount 72 + 324 + 36 = 432.
        Schedule s = Schedule.builder(4, 8, 8, 2).rate(0.5).levels(2).extension(2).build();
        assertArrayEquals(new int[] {432, 216, 112, 56, 28}, s.trajectory());
        assertArrayEquals(new int[] {4, 18, 18, 2}, s.startShape());
        assertArrayEquals(new int[] {4, 12, 12, 2}, s.shapes().get(1));
        assertEquals(4, s.totalLevels());
        assertEquals(2, s.extension());
    }

    @Test
    void extensionOfOneHiddenLayerIsLinear() {
        // [4, 10, 2]: 6H = P. Rate 0.25 -> P_-1 = 60 / 0.75 = 80 -> H = 13.33 -> 13, recount 78; P_1 = 45.
        Schedule s = Schedule.builder(4, 10, 2).rate(0.25).levels(1).extension(1).build();
        assertArrayEquals(new int[] {4, 13, 2}, s.startShape());
        assertArrayEquals(new int[] {78, 60, 45}, s.trajectory());
    }

    @Test
    void extensionWithPrunableBiases() {
        // [4,8,8,2] with biases, P0 = 130, rate 0.5: P_-1 = 260.
        // H^2 + (4 + 2 + 2) H + 2 = 260 -> H = (-8 + sqrt(64 + 1032)) / 2 = 12.55 -> 13; recount 52+169+26+13+13+2 = 275.
        Schedule s = Schedule.builder(4, 8, 8, 2).biasesPrunable(true).rate(0.5).levels(1).extension(1).build();
        assertArrayEquals(new int[] {4, 13, 13, 2}, s.startShape());
        assertEquals(275, s.remaining(0));
    }

    @Test
    void badSchedulesNameTheProblem() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Schedule.builder(4, 8, 8, 2).target(112).levels(5).build())
                .getMessage().contains("below P0 = 112"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Schedule.builder(4, 8, 8, 2).target(0).levels(5).build())
                .getMessage().contains("target 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Schedule.builder(4, 8, 8, 2).target(10).levels(0).build())
                .getMessage().contains("levels"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Schedule.builder(4, 8, 8, 2).rate(1.0).levels(3).build())
                .getMessage().contains("rate"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Schedule.builder(4, 2).rate(0.5).levels(3).extension(1).build())
                .getMessage().contains("hidden layer"));
    }
}
