package org.lotterylab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.lotterylab.metrics.State;
import org.lotterylab.metrics.States;
import org.lotterylab.metrics.TaskLayout;
import org.lotterylab.model.Network;

class BinnedDiagramTest {
    private static final int P = BinnedDiagram.PRUNED;
    private static final int N = BinnedDiagram.NONE;
    private static final int S = BinnedDiagram.SHARED;
    private static final int U = BinnedDiagram.UNOWNED;

    /** {owner, group, neurons} of each bin of layer {@code k}. */
    private static List<List<Integer>> bins(BinnedDiagram d, int k) {
        return d.bins(k).stream().map(b -> List.of(b.owner(), b.group(), b.neurons())).toList();
    }

    /** {from (owner, group), to (owner, group), kept, active} of each band of layer {@code l}. */
    private static List<List<Integer>> bands(BinnedDiagram d, int l) {
        return d.edges().stream().filter(e -> e.layer() == l).map(e -> {
            var a = d.bins().get(e.from());
            var b = d.bins().get(e.to());
            return List.of(a.owner(), a.group(), b.owner(), b.group(), e.kept(), e.active());
        }).toList();
    }

    @Test
    void handNetworkBinsAndBandsByHand() {
        BinnedDiagram d = BinnedDiagram.of(ImageNets.hand(false), ImageNets.handTasks()).build();
        // inputs: task 0's pixels 0, 1, 2 in its component, pixel 3 in task 1's; task 1's pixels
        // 4, 5 in its component, 7 keeps a weight outside every component, 6 keeps none
        assertEquals(List.of(List.of(0, 0, 3), List.of(0, 1, 1), List.of(1, 1, 2), List.of(1, N, 1), List.of(1, P, 1)),
                bins(d, 0));
        assertEquals(List.of(List.of(U, 0, 1), List.of(U, 1, 1), List.of(U, N, 1)), bins(d, 1));
        assertEquals(List.of(List.of(0, 0, 1), List.of(1, 1, 1)), bins(d, 2));
        // weights 0-2 -> h0, 0 -> h2 (inactive), 3 -> h1, 4, 5 -> h1, 7 -> h2 (inactive)
        assertEquals(List.of(List.of(0, 0, U, 0, 3, 3), List.of(0, 0, U, N, 1, 0), List.of(0, 1, U, 1, 1, 1),
                List.of(1, 1, U, 1, 2, 2), List.of(1, N, U, N, 1, 0)), bands(d, 0));
        assertEquals(List.of(List.of(U, 0, 0, 0, 1, 1), List.of(U, 1, 1, 1, 1, 1)), bands(d, 1));
        // widths: 0.4 + 3.6 sqrt(n / 3), the largest band holding 3 weights
        var first = d.edges().get(0);
        assertEquals(4.0, first.keptWidth(), 1e-12);
        assertEquals(0.4 + 3.6 * Math.sqrt(1 / 3.0), d.edges().get(1).keptWidth(), 1e-12);
        assertEquals(0.0, d.edges().get(1).activeWidth());
    }

    @Test
    void mergedOutputsMakeOneSharedComponent() {
        BinnedDiagram d = BinnedDiagram.of(ImageNets.hand(true), ImageNets.handTasks()).build();
        assertEquals(List.of(List.of(0, S, 4), List.of(1, S, 2), List.of(1, N, 1), List.of(1, P, 1)), bins(d, 0));
        assertEquals(List.of(List.of(U, S, 2), List.of(U, N, 1)), bins(d, 1));
        assertEquals(List.of(List.of(0, S, 1), List.of(1, S, 1)), bins(d, 2));
    }

    /**
     * Random masks of the thesis shape at 14% and 2%: the bands add up to the mask's kept weights
     * and to the states' active weights of every layer, the bins to every layer's width, and a
     * hidden layer has at most T + 3 bins.
     */
    @Test
    void thesisShapeBandsAddUpToTheMask() {
        TaskLayout tasks = ImageNets.twoTasks(784, 10);
        for (double density : new double[] {0.14, 0.02}) {
            Network net = ImageNets.random(ImageNets.THESIS, density, 11);
            States st = States.of(net);
            BinnedDiagram d = BinnedDiagram.of(net, tasks).build();
            for (int l = 0; l < 3; l++) {
                int active = 0;
                for (int k = 0; k < ImageNets.THESIS[l] * ImageNets.THESIS[l + 1]; k++) {
                    active += st.weightAt(l, k) == State.ACTIVE ? 1 : 0;
                }
                assertEquals(net.mask().keptWeights(l), d.keptWeights(l), "kept of layer " + l + " at " + density);
                assertEquals(active, d.activeWeights(l), "active of layer " + l + " at " + density);
            }
            for (int k = 0; k < 4; k++) {
                int sum = d.bins(k).stream().mapToInt(BinnedDiagram.Bin::neurons).sum();
                assertEquals(ImageNets.THESIS[k], sum, "neurons of layer " + k);
                if (k == 1 || k == 2) {
                    assertTrue(d.bins(k).size() <= 5, d.bins(k).toString());
                }
            }
            // every bar lies inside the drawing
            for (var b : d.bins()) {
                assertTrue(b.top() >= 0 && b.bottom() <= d.height() && b.x() > 0 && b.x() < d.width(), b.toString());
            }
        }
    }

    /** Split by construction: coloured bands only join bins of the same task, and no bin is shared. */
    @Test
    void blocksGiveTaskBinsOnly() {
        Network net = ImageNets.blocks(new int[] {98, 30, 12, 4}, 0.5, 3);
        BinnedDiagram d = BinnedDiagram.of(net, ImageNets.twoTasks(49, 2)).build();
        for (var b : d.bins()) {
            assertTrue(b.group() != S, b.toString());
        }
        for (var e : d.edges()) {
            var a = d.bins().get(e.from());
            var b = d.bins().get(e.to());
            if (e.active() > 0) {
                assertEquals(a.group(), b.group(), e.toString());
            }
        }
        assertEquals(net.mask().keptWeights(0), d.keptWeights(0));
    }

    @Test
    void aLayoutOrStatesOfAnotherNetworkAreRefused() {
        Network net = ImageNets.hand(false);
        var wide = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> BinnedDiagram.of(net, ImageNets.twoTasks(49, 2)).build());
        assertTrue(wide.getMessage().contains("owns input"), wide.getMessage());
        Network other = ImageNets.random(new int[] {8, 4, 2}, 1, 1);
        var states = States.of(other);
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> BinnedDiagram.of(net, ImageNets.handTasks())
                        .analysis(states, org.lotterylab.metrics.Split.of(other, states, ImageNets.handTasks())).build());
        assertTrue(e.getMessage().contains("States.of(net)"), e.getMessage());
    }
}
