package org.lotterylab.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.lotterylab.metrics.DeadNeurons.Kind;
import org.lotterylab.metrics.DeadNeurons.Neuron;

class DeadNeuronsTest {

    @Test
    void zombiesComatoseAndIsolated() {
        // [2,4,2]: x0 -> h0 -> y0 (normal); h1 -> y0 without input, bias 0.7 (productive zombie);
        // h2 -> y1 without input, bias -0.2 (frozen zombie); x1 -> h3 with no way out (comatose);
        // y1 is fed only by h2.
        Fx f = Fx.of(2, 4, 2)
                .edge(0, 0, 0).edge(1, 0, 0)
                .edge(1, 0, 1).bias(1, 1, 0.7f)
                .edge(1, 1, 2).bias(1, 2, -0.2f)
                .edge(0, 3, 1);
        DeadNeurons d = DeadNeurons.of(f.net());
        assertArrayEquals(new int[] {0, 2, 0}, d.zombies());
        assertArrayEquals(new int[] {0, 1, 0}, d.productive());
        assertArrayEquals(new int[] {0, 1, 0}, d.frozen());
        assertArrayEquals(new int[] {0, 1, 0}, d.comatose());
        assertEquals(new Neuron(1, 1, 0.7f, 0, 1, Kind.ZOMBIE_PRODUCTIVE), d.neurons().get(3));
        assertEquals(new Neuron(1, 2, -0.2f, 0, 1, Kind.ZOMBIE_FROZEN), d.neurons().get(4));
        assertEquals(new Neuron(1, 3, 0f, 1, 0, Kind.COMATOSE), d.neurons().get(5));
        assertEquals(Kind.NORMAL, d.neurons().get(7).kind()); // y1: incoming edge only, an output
        assertEquals(2, d.totalZombies());
        assertEquals(1, d.totalComatose());
    }

    @Test
    void isolatedNeuronsAreNeither() {
        DeadNeurons d = DeadNeurons.of(Fx.of(4, 2, 2).bias(1, 0, 1f).net());
        assertEquals(0, d.totalZombies());
        assertEquals(0, d.totalComatose());
        assertEquals(Kind.ISOLATED, d.neurons().get(4).kind());
    }

    @Test
    void localZombieVersusReachabilityZombie() {
        // Zombie chain [2,2,2,1]: a1 (no input) -> b1 -> y. Locally only a1 is a zombie; b1 has an
        // incoming edge. Reachability calls both zombies (StatesTest).
        Fx f = Fx.of(2, 2, 2, 1).edge(0, 0, 0).edge(0, 0, 1).edge(1, 0, 0).edge(1, 1, 1)
                .edge(2, 0, 0).edge(2, 0, 1).bias(1, 1, 0.5f);
        DeadNeurons d = DeadNeurons.of(f.net());
        assertArrayEquals(new int[] {0, 1, 0, 0}, d.zombies());
    }
}
