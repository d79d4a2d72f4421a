package org.lotterylab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.lotterylab.data.DataConfig;
import org.lotterylab.data.Dataset;
import org.lotterylab.data.Task;
import org.lotterylab.metrics.Split;
import org.lotterylab.metrics.State;
import org.lotterylab.metrics.TaskLayout;
import org.lotterylab.model.Activation;
import org.lotterylab.model.Mask;
import org.lotterylab.model.Network;

class NetworkDiagramTest {

    /**
     * Shape [4, 5, 2], two tasks (inputs 0,1 -> output 0; inputs 2,3 -> output 1) split perfectly:
     * hidden 0,1 serve task 0, hidden 2,3 task 1; hidden 4 has no input and feeds output 1 (a
     * zombie). Kept: 8 + 5 = 13 weights of 20 + 10.
     */
    static Network splitNet() {
        int[] shape = {4, 5, 2};
        boolean[][] keep = {new boolean[20], new boolean[10]};
        float[][] w = {new float[20], new float[10]};
        // layer 0: index o * 4 + i
        set(keep, w, 0, 0 * 4 + 0, 1f);
        set(keep, w, 0, 0 * 4 + 1, 1f);
        set(keep, w, 0, 1 * 4 + 0, 1f);
        set(keep, w, 0, 1 * 4 + 1, -0.5f);
        set(keep, w, 0, 2 * 4 + 2, 0.8f);
        set(keep, w, 0, 2 * 4 + 3, 0.8f);
        set(keep, w, 0, 3 * 4 + 2, -2f);
        set(keep, w, 0, 3 * 4 + 3, 0.8f);
        // layer 1: index o * 5 + i
        set(keep, w, 1, 0 * 5 + 0, 1f);
        set(keep, w, 1, 0 * 5 + 1, -1f);
        set(keep, w, 1, 1 * 5 + 2, 1f);
        set(keep, w, 1, 1 * 5 + 3, 1f);
        set(keep, w, 1, 1 * 5 + 4, 0.3f);
        // values of pruned weights are non-zero on purpose: the mask, not the value, decides
        w[0][3] = 5f;
        float[][] b = {new float[5], new float[2]};
        b[0][4] = 0.7f;
        return Network.of(shape, Activation.RELU, w, b, Mask.of(shape, keep, null));
    }

    private static void set(boolean[][] keep, float[][] w, int l, int k, float v) {
        keep[l][k] = true;
        w[l][k] = v;
    }

    @Test
    void prunedEdgesAreNotDrawn() {
        Network net = splitNet();
        NetworkDiagram d = NetworkDiagram.of(net).build();
        assertEquals(13, d.edges().size());
        for (NetworkDiagram.DrawnEdge e : d.edges()) {
            assertTrue(net.mask().weight(e.layer(), e.out(), e.in()), e.toString());
        }
        assertEquals(4 + 5 + 2, d.nodes().size());
    }

    @Test
    void signColouringCountsAndWidths() {
        NetworkDiagram d = NetworkDiagram.of(splitNet()).coloring(NetworkDiagram.Coloring.SIGN).build();
        assertEquals(Map.of("positive", 10, "negative", 3), d.edgeCounts());
        assertEquals(Map.of(PaperStyle.positive(), 10, PaperStyle.negative(), 3), d.edgeColorCounts());
        NetworkDiagram.DrawnEdge strongest = d.edges().get(d.edges().size() - 1);
        assertEquals(-2f, strongest.weight());
        assertEquals(2.5, strongest.width(), 1e-9);
        NetworkDiagram.DrawnEdge unit = d.edges().stream().filter(e -> e.layer() == 1 && e.out() == 0 && e.in() == 0)
                .findFirst().orElseThrow();
        assertEquals(0.3 + 2.2 * 0.5, unit.width(), 1e-9);
        // input and output neurons in their task colours
        NetworkDiagram.DrawnNode in2 = node(d, 0, 2);
        assertEquals(PaperStyle.task(1), in2.color());
        assertEquals(PaperStyle.task(0), node(d, 2, 0).color());
    }

    @Test
    void componentColouringOneColourPerTask() {
        Network net = splitNet();
        Split split = Split.of(net, TaskLayout.pairs(2));
        assertTrue(split.isSplit());
        NetworkDiagram d = NetworkDiagram.of(net).coloring(NetworkDiagram.Coloring.COMPONENT).build();
        Map<java.awt.Color, Integer> colours = d.edgeColorCounts();
        assertEquals(6, colours.get(PaperStyle.task(0)));
        assertEquals(6, colours.get(PaperStyle.task(1)));
        assertEquals(1, colours.get(PaperStyle.LIGHT_GREY)); // the zombie edge, outside every component
        assertEquals(1, d.edgeCounts().get("outside"));
        // the zombie neuron is in no component
        assertEquals("outside", node(d, 1, 4).category());
        assertEquals(PaperStyle.task(1), node(d, 1, 2).color());
    }

    @Test
    void stateColouring() {
        NetworkDiagram d = NetworkDiagram.of(splitNet()).coloring(NetworkDiagram.Coloring.STATE).build();
        assertEquals(Map.of("active", 12, "zombie", 1), d.edgeCounts());
        assertEquals(PaperStyle.state(State.ZOMBIE), node(d, 1, 4).color());
        assertEquals(PaperStyle.state(State.ACTIVE), node(d, 1, 0).color());
    }

    @Test
    void prunedNeuronsAreDrawnFaint() {
        Network net = splitNet();
        Mask.Builder m = net.mask().toBuilder();
        m.weight(1, 1, 4, false); // hidden 4 loses its only weight
        net.setMask(m.build());
        NetworkDiagram d = NetworkDiagram.of(net).coloring(NetworkDiagram.Coloring.STATE).build();
        assertEquals("pruned", node(d, 1, 4).category());
        assertEquals(12, d.edges().size());
    }

    @Test
    void componentColouringNeedsTasks() {
        Network net = Network.of(new int[] {3, 2, 2}, Activation.RELU, new float[][] {new float[6], new float[4]},
                new float[][] {new float[2], new float[2]}, null);
        assertThrows(IllegalArgumentException.class,
                () -> NetworkDiagram.of(net).coloring(NetworkDiagram.Coloring.COMPONENT).build());
    }

    @Test
    void decisionBoundaryIsTheLogitOnAGridWithOtherInputsAtZero() {
        Network net = splitNet();
        Dataset data = new DataConfig(List.of(new Task.Moons(0.1), new Task.Circles(0.1)), 40, 0.5, 0.25, true)
                .generate(3).train();
        NetworkDiagram d = NetworkDiagram.of(net).boundaries(data).grid(7).maxPoints(10).build();
        assertEquals(2, d.boundaries().size());
        assertTrue(d.width() > PaperStyle.Size.SINGLE_COLUMN.width());
        for (NetworkDiagram.Boundary b : d.boundaries()) {
            assertEquals(10, b.points());
            assertEquals(7, b.xs().length);
            for (int i = 0; i < 7; i++) {
                for (int j = 0; j < 7; j++) {
                    float[] x = new float[4];
                    x[b.inputX()] = (float) b.xs()[i];
                    x[b.inputY()] = (float) b.ys()[j];
                    assertEquals(net.logits(x, 1)[b.output()], b.logits()[i][j], 1e-6);
                }
            }
        }
        // by hand for task 0: relu(x0 + x1) - relu(x0 - 0.5 x1)
        NetworkDiagram.Boundary b0 = d.boundaries().get(0);
        double x0 = b0.xs()[2];
        double x1 = b0.ys()[5];
        assertEquals(Math.max(0, x0 + x1) - Math.max(0, x0 - 0.5 * x1), b0.logits()[2][5], 1e-5);
        assertEquals(0, b0.inputX());
        assertEquals(1, b0.inputY());
        assertEquals(2, d.boundaries().get(1).inputX());
        assertFalse(d.image().getWidth() == 0);
    }

    private static NetworkDiagram.DrawnNode node(NetworkDiagram d, int layer, int index) {
        return d.nodes().stream().filter(n -> n.layer() == layer && n.index() == index).findFirst().orElseThrow();
    }
}
