package org.lotterylab.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.lotterylab.metrics.State.ACTIVE;
import static org.lotterylab.metrics.State.INACTIVE;
import static org.lotterylab.metrics.State.PRUNED;
import static org.lotterylab.metrics.State.ZOMBIE;

import org.junit.jupiter.api.Test;
import org.lotterylab.metrics.StateCounts.Tally;

class StatesTest {

    @Test
    void perfectSplitIsAllActive() {
        States s = States.of(Fx.perfectSplit().net());
        for (int k = 0; k < 3; k++) {
            for (int j = 0; j < s.shape()[k]; j++) {
                assertEquals(ACTIVE, s.neuron(k, j), "neuron " + k + "," + j);
            }
        }
        // Layer 0 has 2 x 4 = 8 weights, 4 kept; layer 1 has 2 x 2 = 4, 2 kept.
        assertEquals(new Tally(4, 0, 0, 4), s.counts().weights().get(0));
        assertEquals(new Tally(2, 0, 0, 2), s.counts().weights().get(1));
        assertEquals(new Tally(6, 0, 0, 6), s.counts().totalWeights());
        assertEquals(new Tally(4, 0, 0, 0), s.counts().totalBiases());
        assertEquals(0.5, s.counts().totalWeights().share(ACTIVE));
    }

    /** [2,2,2,1]: x0,x1 -> a0 -> b0 -> y; a1 (no input, bias 0.5) -> b1 -> y. */
    private static Fx zombieChain() {
        return Fx.of(2, 2, 2, 1)
                .edge(0, 0, 0).edge(0, 0, 1)
                .edge(1, 0, 0).edge(1, 1, 1)
                .edge(2, 0, 0).edge(2, 0, 1)
                .bias(1, 1, 0.5f).bias(2, 1, -0.3f);
    }

    @Test
    void neuronFedOnlyByZombieIsZombie() {
        States s = States.of(zombieChain().net());
        assertEquals(ACTIVE, s.neuron(1, 0));
        assertEquals(ZOMBIE, s.neuron(1, 1)); // no incoming edge, bias kept
        assertEquals(ZOMBIE, s.neuron(2, 1)); // fed only by a1
        assertEquals(ZOMBIE, s.weight(1, 1, 1)); // a1 -> b1
        assertEquals(ZOMBIE, s.weight(2, 0, 1)); // b1 -> y
        assertEquals(ZOMBIE, s.bias(0, 1));
        assertEquals(ZOMBIE, s.bias(1, 1));
        assertEquals(ACTIVE, s.neuron(3, 0)); // y still gets input through b0
        assertEquals(ACTIVE, s.weight(2, 0, 0));
        // Zombie weights: a1->b1, b1->y; active: x0->a0, x1->a0, a0->b0, b0->y.
        assertEquals(new Tally(4, 2, 0, 0), new Tally(
                s.counts().totalWeights().active(), s.counts().totalWeights().zombie(),
                s.counts().totalWeights().inactive(), 0));
        assertEquals(new Tally(1, 1, 0, 0), s.counts().neurons().get(1));
        assertEquals(new Tally(1, 1, 0, 0), s.counts().neurons().get(2));
    }

    @Test
    void noInputNeuronWithPrunedBiasSilencesItsOutEdges() {
        States s = States.of(zombieChain().pruneBias(1, 1).net());
        // a1 has no incoming edge and no bias: it emits 0, so a1 -> b1 is inactive, not zombie.
        assertEquals(INACTIVE, s.neuron(1, 1));
        assertEquals(INACTIVE, s.weight(1, 1, 1));
        assertEquals(PRUNED, s.bias(0, 1));
        // b1 keeps its bias (-0.3): input-independent constant, so a zombie with a zombie out-edge.
        assertEquals(ZOMBIE, s.neuron(2, 1));
        assertEquals(ZOMBIE, s.weight(2, 0, 1));
        assertEquals(ZOMBIE, s.bias(1, 1));
    }

    @Test
    void silenceCascadesThroughPrunedBiases() {
        States s = States.of(zombieChain().pruneBias(1, 1).pruneBias(2, 1).net());
        // b1 is fed only by the silent a1 and has no bias: it emits 0 too.
        assertEquals(INACTIVE, s.neuron(2, 1));
        assertEquals(INACTIVE, s.weight(2, 0, 1));
        assertEquals(ACTIVE, s.neuron(3, 0));
        // 4 + 4 + 2 = 10 weights, 6 kept: 4 active, a1->b1 and b1->y inactive.
        assertEquals(new Tally(4, 0, 2, 4), s.counts().totalWeights());
    }

    @Test
    void comatoseAndIsolatedNeurons() {
        // [2,3,1]: x0 -> h0 -> y; x1 -> h1 (no way out); h2 isolated.
        States s = States.of(Fx.of(2, 3, 1).edge(0, 0, 0).edge(1, 0, 0).edge(0, 1, 1).net());
        assertEquals(INACTIVE, s.neuron(1, 1));
        assertEquals(INACTIVE, s.weight(0, 1, 1));
        assertEquals(INACTIVE, s.neuron(0, 1)); // input whose only edge leads nowhere
        assertEquals(PRUNED, s.neuron(1, 2));
        assertEquals(INACTIVE, s.bias(0, 2)); // kept bias of an isolated hidden neuron
        assertEquals(INACTIVE, s.bias(0, 1));
        // Neurons: inputs x0 active, x1 inactive; hidden h0 active, h1 inactive, h2 pruned; y active.
        assertEquals(new Tally(1, 0, 1, 0), s.counts().neurons().get(0));
        assertEquals(new Tally(1, 0, 1, 1), s.counts().neurons().get(1));
        assertEquals(new Tally(1, 0, 0, 0), s.counts().neurons().get(2));
        // Weights layer 0 (6): x0->h0 active, x1->h1 inactive, 4 pruned; layer 1 (3): h0->y active.
        assertEquals(new Tally(1, 0, 1, 4), s.counts().weights().get(0));
        assertEquals(new Tally(1, 0, 0, 2), s.counts().weights().get(1));
        assertEquals(new Tally(1, 0, 2, 0), s.counts().biases().get(0));
        assertEquals(new Tally(2, 0, 1, 6), s.counts().totalWeights());
        assertEquals(2.0 / 9, s.counts().totalWeights().share(ACTIVE), 1e-12);
    }

    @Test
    void emptyNetwork() {
        States s = States.of(Fx.of(4, 2, 2).net());
        assertEquals(new Tally(0, 0, 0, 12), s.counts().totalWeights());
        assertEquals(new Tally(0, 0, 0, 8), s.counts().totalNeurons());
        // Kept biases: hidden ones cannot reach an output, the outputs' are constant logits.
        assertEquals(new Tally(0, 0, 2, 0), s.counts().biases().get(0));
        assertEquals(new Tally(0, 2, 0, 0), s.counts().biases().get(1));
        States allPruned = States.of(Fx.of(4, 2, 2).pruneAllBiases().net());
        assertEquals(new Tally(0, 0, 0, 4), allPruned.counts().totalBiases());
    }
}
