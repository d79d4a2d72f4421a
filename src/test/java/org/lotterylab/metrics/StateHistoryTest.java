package org.lotterylab.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lotterylab.metrics.State.ACTIVE;
import static org.lotterylab.metrics.State.INACTIVE;
import static org.lotterylab.metrics.State.PRUNED;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lotterylab.metrics.StateHistory.Element;
import org.lotterylab.metrics.StateHistory.Lifetime;
import org.lotterylab.metrics.StateHistory.Transition;

class StateHistoryTest {
    /*
     * [2,2,1], x0,x1 -> h0,h1 -> y.
     * Level 0: dense, everything active.
     * Level 1: h1 -> y pruned: h1 has no way out, so h1, x0->h1, x1->h1 and h1's bias are inactive.
     * Level 2: also x0->h0, x0->h1, x1->h1 pruned: h1 and x0 are isolated (pruned); h1's kept bias
     *          stays inactive.
     *
     * Transitions (element: states): x0->h0 A,A,P (1); x0->h1 A,I,P (2); x1->h1 A,I,P (2);
     * h1->y A,P,P (1); bias h1 A,I,I (1); neuron x0 A,A,P (1); neuron h1 A,I,P (2): 10 in all.
     */
    private static StateHistory history() {
        Fx l0 = Fx.of(2, 2, 1).edge(0, 0, 0).edge(0, 0, 1).edge(0, 1, 0).edge(0, 1, 1).edge(1, 0, 0).edge(1, 0, 1);
        Fx l1 = Fx.of(2, 2, 1).edge(0, 0, 0).edge(0, 0, 1).edge(0, 1, 0).edge(0, 1, 1).edge(1, 0, 0);
        Fx l2 = Fx.of(2, 2, 1).edge(0, 0, 1).edge(1, 0, 0);
        StateHistory h = new StateHistory();
        h.add(0, States.of(l0.net()));
        h.add(1, States.of(l1.net()));
        h.add(2, States.of(l2.net()));
        return h;
    }

    private static Lifetime find(List<Lifetime> rows, Element e, int layer, int index, int in) {
        return rows.stream().filter(r -> r.element() == e && r.layer() == layer && r.index() == index && r.in() == in)
                .findFirst().orElseThrow();
    }

    @Test
    void lifetimesAndTransitionLevels() {
        StateHistory h = history();
        List<Lifetime> rows = h.lifetimes();
        // 4 + 2 weights, 2 + 1 biases, 2 + 2 + 1 neurons.
        assertEquals(14, rows.size());
        Lifetime w = find(rows, Element.WEIGHT, 0, 1, 0); // x0 -> h1
        assertEquals(1, w.levelsActive());
        assertEquals(1, w.levelsInactive());
        assertEquals(1, w.levelsPruned());
        assertEquals(0, w.levelsZombie());
        assertEquals(0, w.enteredActive());
        assertEquals(1, w.enteredInactive());
        assertEquals(2, w.enteredPruned());
        assertEquals(-1, w.enteredZombie());
        Lifetime x0 = find(rows, Element.NEURON, 0, 0, -1);
        assertEquals(2, x0.levelsActive());
        assertEquals(2, x0.enteredPruned());
        assertEquals(PRUNED, x0.last());
        Lifetime hb = find(rows, Element.BIAS, 0, 1, -1);
        assertEquals(ACTIVE, hb.first());
        assertEquals(INACTIVE, hb.last());
        assertEquals(2, hb.levelsInactive());
        Lifetime keep = find(rows, Element.WEIGHT, 1, 0, 0); // h0 -> y
        assertEquals(3, keep.levelsActive());
        assertEquals(-1, keep.enteredPruned());

        List<Transition> ts = h.transitions();
        assertEquals(10, ts.size());
        assertTrue(ts.contains(new Transition(Element.NEURON, 1, 1, -1, 2, INACTIVE, PRUNED, false)));
        assertTrue(h.regressions().isEmpty());
        assertEquals(14, h.lifetimeTable().rowCount());
        assertEquals(10, h.transitionTable().rowCount());
        // 5 neurons x 3 levels.
        assertEquals(15, h.neuronTrace().size());
        assertEquals(15, h.neuronTraceTable().rowCount());
        StateHistory.NeuronLevel h1AtLevel1 = h.neuronTrace().get(5 + 3);
        assertEquals(new StateHistory.NeuronLevel(1, 1, 1, INACTIVE, 0f, 2, 0), h1AtLevel1);
    }

    @Test
    void regressionsAreRecordedNotRejected() {
        StateHistory h = history();
        h.add(5, States.of(org.lotterylab.model.Network.of(new int[] {2, 2, 1}, org.lotterylab.model.Activation.RELU,
                new float[][] {new float[4], new float[2]}, new float[][] {new float[2], new float[1]}, null)));
        // Back to dense: x0->h0, x0->h1, x1->h1, h1->y, bias h1, neurons x0, h1 move back to active.
        assertEquals(7, h.regressions().size());
        assertEquals(1, h.lifetimes().stream().filter(r -> r.element() == Element.NEURON && r.layer() == 1
                && r.index() == 1).findFirst().orElseThrow().regressions());
        assertThrows(IllegalArgumentException.class, () -> h.add(5, h.states(0)));
    }
}
