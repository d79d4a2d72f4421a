package org.lotterylab.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.lotterylab.model.Mask;
import org.lotterylab.model.Network;

class PruningHorizonTest {
    // [2,2] dense: weights 0.1, -0.5, 2.0, -0.05; biases 0.3, -0.2.
    private static Network trained() {
        return Fx.of(2, 2).edge(0, 0, 0, 0.1f).edge(0, 0, 1, -0.5f).edge(0, 1, 0, 2.0f).edge(0, 1, 1, -0.05f)
                .bias(1, 0, 0.3f).bias(1, 1, -0.2f).net();
    }

    @Test
    void weightsOnly() {
        // Prune 0.1 and -0.05: max pruned 0.1, min kept |-0.5| = 0.5, mean kept (0.5 + 2) / 2 = 1.25.
        Mask after = Fx.of(2, 2).edge(0, 0, 1).edge(0, 1, 0).mask();
        PruningHorizon h = PruningHorizon.of(trained(), after, false);
        assertEquals(2, h.pruned());
        assertEquals(2, h.kept());
        assertEquals(0.1, h.maxPruned(), 1e-6);
        assertEquals(0.5, h.minKept(), 1e-6);
        assertEquals(1.25, h.meanKeptWeight(), 1e-6);
        assertEquals(0.08, h.maxPrunedRelative(), 1e-6);
        assertEquals(0.4, h.minKeptRelative(), 1e-6);
    }

    @Test
    void withPrunableBiases() {
        // Also prune bias -0.2 and keep 0.3: max pruned 0.2, min kept 0.3; the mean stays over weights.
        Mask after = Fx.of(2, 2).edge(0, 0, 1).edge(0, 1, 0).pruneBias(1, 1).mask();
        PruningHorizon h = PruningHorizon.of(trained(), after, true);
        assertEquals(3, h.pruned());
        assertEquals(3, h.kept());
        assertEquals(0.2, h.maxPruned(), 1e-6);
        assertEquals(0.3, h.minKept(), 1e-6);
        assertEquals(1.25, h.meanKeptWeight(), 1e-6);
    }

    @Test
    void edgeCases() {
        Network t = trained();
        PruningHorizon none = PruningHorizon.of(t, t.mask(), false);
        assertEquals(0, none.pruned());
        assertTrue(Double.isNaN(none.maxPruned()));
        PruningHorizon all = PruningHorizon.of(t, Fx.of(2, 2).mask(), false);
        assertTrue(Double.isNaN(all.minKept()));
        assertTrue(Double.isNaN(all.meanKeptWeight()));
        assertThrows(IllegalArgumentException.class,
                () -> PruningHorizon.of(Fx.of(2, 2).net(), Mask.full(2, 2), false));
    }
}
