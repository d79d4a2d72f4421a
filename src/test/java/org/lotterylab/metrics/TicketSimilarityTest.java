package org.lotterylab.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lotterylab.metrics.TicketSimilarity.Overlap;
import org.lotterylab.metrics.TicketSimilarity.Share;
import org.lotterylab.model.Mask;
import org.lotterylab.model.Network;

class TicketSimilarityTest {

    @Test
    void overlapByHand() {
        // [2,2,1]. Layer 0 (4 weights, index o*2+i): a keeps {0,1}, b keeps {0,2}.
        //   I = 1, U = 3, J = 1/3, Hamming 2, d_a = d_b = 0.5, chance = 0.25 / (1 - 0.25) = 1/3.
        // Layer 1 (2 weights): a keeps both, b none.
        //   I = 0, U = 2, J = 0, Hamming 2, d_a = 1, d_b = 0, chance = 0 / (1 + 0 - 0) = 0.
        // Global (6): ka = 4, kb = 2, I = 1, U = 5, J = 0.2, Hamming 4,
        //   d_a = 2/3, d_b = 1/3, chance = (2/9) / (2/3 + 1/3 - 2/9) = (2/9) / (7/9) = 2/7.
        Mask a = Fx.of(2, 2, 1).edge(0, 0, 0).edge(0, 0, 1).edge(1, 0, 0).edge(1, 0, 1).mask();
        Mask b = Fx.of(2, 2, 1).edge(0, 0, 0).edge(0, 1, 0).mask();
        List<Overlap> o = TicketSimilarity.overlap(a, b);
        assertEquals(new Overlap(0, 4, 2, 2, 1, 3), o.get(0));
        assertEquals(1.0 / 3, o.get(0).jaccard(), 1e-12);
        assertEquals(2, o.get(0).hamming());
        assertEquals(1.0 / 3, o.get(0).chanceJaccard(), 1e-12);
        assertEquals(new Overlap(1, 2, 2, 0, 0, 2), o.get(1));
        assertEquals(0.0, o.get(1).jaccard());
        assertEquals(0.0, o.get(1).chanceJaccard());
        Overlap g = o.get(2);
        assertEquals(new Overlap(-1, 6, 4, 2, 1, 5), g);
        assertEquals(0.2, g.jaccard(), 1e-12);
        assertEquals(4, g.hamming());
        assertEquals(2.0 / 7, g.chanceJaccard(), 1e-12);
    }

    @Test
    void emptyMasksAreIdentical() {
        Mask e = Fx.of(2, 2, 1).mask();
        Overlap g = TicketSimilarity.overlap(e, e).get(2);
        assertEquals(1.0, g.jaccard());
        assertEquals(1.0, g.chanceJaccard());
        assertEquals(0, g.hamming());
    }

    @Test
    void signAgreementAndFlips() {
        // [2,2,1]. Common survivors of a (layer 0 {0,1}) and b (layer 0 {0,2}): index 0 only,
        // values 0.5 and 0.3 agree -> 1/1. Layer 1: a keeps nothing -> no common survivor, NaN.
        Network a = Fx.of(2, 2, 1).edge(0, 0, 0, 0.5f).edge(0, 0, 1, -1f).net();
        Network b = Fx.of(2, 2, 1).edge(0, 0, 0, 0.3f).edge(0, 1, 0, 2f).edge(1, 0, 0, 1f).net();
        List<Share> s = TicketSimilarity.signAgreement(a, b);
        assertEquals(new Share(0, 1, 1), s.get(0));
        assertTrue(Double.isNaN(s.get(1).rate()));
        assertEquals(1.0, s.get(2).rate());

        // Flips: init layer 0 [1, -1, 2, -2], trained [0.5, 1, -3, x] over survivors {0,1,2}:
        // index 1 (-1 -> 1) and 2 (2 -> -3) flip: 2/3.
        Network init = Fx.of(2, 2, 1).edge(0, 0, 0, 1f).edge(0, 0, 1, -1f).edge(0, 1, 0, 2f).edge(0, 1, 1, -2f).net();
        Network trained = Fx.of(2, 2, 1).edge(0, 0, 0, 0.5f).edge(0, 0, 1, 1f).edge(0, 1, 0, -3f).net();
        List<Share> f = TicketSimilarity.signFlips(init, trained);
        assertEquals(new Share(0, 3, 2), f.get(0));
        assertEquals(2.0 / 3, f.get(2).rate(), 1e-12);
    }

    @Test
    void sameSignAgreesWithSignum() {
        float[] v = {0f, -0f, 1f, -1f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, Float.NEGATIVE_INFINITY,
            Float.POSITIVE_INFINITY, Float.NaN, 3.5e-20f, -7f};
        for (float a : v) {
            for (float b : v) {
                org.junit.jupiter.api.Assertions.assertEquals(Math.signum(a) == Math.signum(b) ? 1 : 0,
                        TicketSimilarity.sameSign(a, b), a + " vs " + b);
            }
        }
    }
}
