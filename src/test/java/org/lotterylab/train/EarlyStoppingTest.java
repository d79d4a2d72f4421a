package org.lotterylab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EarlyStoppingTest {

    @Test
    void lossesWithinDeltaNeitherResetNorCount() {
        // patience 3, delta 0.1: best 0.9 at epoch 2; 0.95 lies within best + delta (no change);
        // 1.05, 1.1, 1.2 exceed 1.0 and count 1, 2, 3: stop after epoch 6.
        EarlyStopping s = new EarlyStopping(3, 0.1);
        double[] losses = {1.0, 0.9, 0.95, 1.05, 1.1, 1.2};
        boolean[] stopAfter = {false, false, false, false, false, true};
        for (int e = 0; e < losses.length; e++) {
            s.offer(losses[e]);
            assertEquals(stopAfter[e], s.exhausted(), "after epoch " + (e + 1));
        }
        assertEquals(2, s.bestEpoch());
    }

    @Test
    void aNewBestResetsTheCounter() {
        EarlyStopping s = new EarlyStopping(2, 0);
        s.offer(1.0);
        s.offer(1.1);
        assertTrue(s.offer(0.5));
        s.offer(0.6);
        assertFalse(s.exhausted());
        s.offer(0.5); // equal to the best: not above best + 0, so no count
        assertFalse(s.exhausted());
        s.offer(0.7);
        assertTrue(s.exhausted());
        assertEquals(3, s.bestEpoch());
    }
}
