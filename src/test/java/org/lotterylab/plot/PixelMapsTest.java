package org.lotterylab.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.jgrapht.Graph;
import org.jgrapht.alg.connectivity.ConnectivityInspector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lotterylab.graph.NetworkGraph;
import org.lotterylab.graph.Node;
import org.lotterylab.graph.WeightEdge;
import org.lotterylab.metrics.State;
import org.lotterylab.metrics.States;
import org.lotterylab.metrics.TaskLayout;
import org.lotterylab.model.Network;

class PixelMapsTest {

    @Test
    void handNetworkPixelsByHand() {
        PixelMaps m = PixelMaps.builder(ImageNets.handTasks()).names(List.of("a", "b"))
                .level("split", ImageNets.hand(false)).level("merged", ImageNets.hand(true)).build();
        PixelMaps.Panel a = m.panel(0, 0);
        assertEquals(2, a.side());
        // pixel 0 feeds h0 (active) and h2 (a dead end: inactive)
        assertArrayEquals(new int[] {2, 1, 1, 1}, a.kept());
        assertArrayEquals(new int[] {1, 1, 1, 1}, a.active());
        // pixel 3 is task a's but lies in the component of task b's output
        assertArrayEquals(new int[] {0, 0, 0, 1}, a.group());
        PixelMaps.Panel b = m.panel(1, 0);
        assertArrayEquals(new int[] {1, 1, 0, 1}, b.kept());
        assertArrayEquals(new int[] {1, 1, 0, 0}, b.active());
        assertArrayEquals(new int[] {1, 1, PixelMaps.NONE, PixelMaps.NONE}, b.group());
        assertEquals(3, b.keptPixels());
        assertEquals(2, b.pixelsIn(1));
        assertEquals(2, m.maxDegree(0));

        // h1 -> output 0 joins both outputs into one component: every active pixel is shared
        assertArrayEquals(new int[] {PixelMaps.SHARED, PixelMaps.SHARED, PixelMaps.SHARED, PixelMaps.SHARED},
                m.panel(0, 1).group());
        assertArrayEquals(new int[] {PixelMaps.SHARED, PixelMaps.SHARED, PixelMaps.NONE, PixelMaps.NONE},
                m.panel(1, 1).group());
        assertEquals(List.of("split", "merged"), m.labels());
        assertEquals(4, m.panels().size());
    }

    @Test
    void activeDegreeScalesByActiveWeights() {
        PixelMaps m = PixelMaps.builder(ImageNets.handTasks()).degree(PixelMaps.Degree.ACTIVE)
                .level("x", ImageNets.hand(false)).build();
        assertEquals(1, m.maxDegree(0));
    }

    /**
     * A random 14%-dense net with two 7 x 7 tasks: the kept and active degrees agree with counts
     * over the mask and states, and the groups with JGraphT's connected components of the active
     * subgraph (a second method), labelled by the tasks whose outputs each component holds.
     */
    @Test
    void randomNetAgreesWithMaskAndJGraphT() {
        int[] shape = {98, 30, 12, 4};
        TaskLayout tasks = ImageNets.twoTasks(49, 2);
        for (double density : new double[] {0.14, 0.05, 0.02}) {
            Network net = ImageNets.random(shape, density, 7);
            PixelMaps m = PixelMaps.builder(tasks).level("d", net).build();
            States st = States.of(net);
            Graph<Node, WeightEdge> active = NetworkGraph.edgeInduced(net,
                    (l, o, i) -> st.weight(l, o, i) == State.ACTIVE);
            ConnectivityInspector<Node, WeightEdge> ci = new ConnectivityInspector<>(active);
            for (int t = 0; t < 2; t++) {
                PixelMaps.Panel p = m.panel(t, 0);
                for (int q = 0; q < 49; q++) {
                    int pixel = t * 49 + q;
                    int kept = 0;
                    int act = 0;
                    for (int o = 0; o < shape[1]; o++) {
                        kept += net.mask().weight(0, o, pixel) ? 1 : 0;
                        act += st.weight(0, o, pixel) == State.ACTIVE ? 1 : 0;
                    }
                    assertEquals(kept, p.kept()[q], "kept of pixel " + pixel + " at " + density);
                    assertEquals(act, p.active()[q], "active of pixel " + pixel + " at " + density);
                    Node n = new Node(0, pixel);
                    int expected = PixelMaps.NONE;
                    if (active.containsVertex(n)) {
                        Set<Node> comp = ci.connectedSetOf(n);
                        boolean t0 = comp.contains(new Node(3, 0)) || comp.contains(new Node(3, 1));
                        boolean t1 = comp.contains(new Node(3, 2)) || comp.contains(new Node(3, 3));
                        expected = t0 && t1 ? PixelMaps.SHARED : t0 ? 0 : t1 ? 1 : PixelMaps.NONE;
                    }
                    assertEquals(expected, p.group()[q], "group of pixel " + pixel + " at " + density);
                }
            }
        }
    }

    @Test
    void splitBlocksGiveEachPixelItsOwnTask() {
        Network net = ImageNets.blocks(new int[] {98, 30, 12, 4}, 0.5, 3);
        PixelMaps m = PixelMaps.builder(ImageNets.twoTasks(49, 2)).level("blocks", net).build();
        for (int t = 0; t < 2; t++) {
            PixelMaps.Panel p = m.panel(t, 0);
            for (int q = 0; q < 49; q++) {
                int g = p.group()[q];
                assertTrue(g == t || g == PixelMaps.NONE, "pixel " + q + " of task " + t + " in group " + g);
            }
            assertTrue(p.pixelsIn(t) > 30, "most pixels of task " + t + " are in its component: " + p.pixelsIn(t));
        }
    }

    @Test
    void badInputIsRefusedWithTheReason() {
        TaskLayout notSquare = ImageNets.twoTasks(5, 1);
        var e = assertThrows(IllegalArgumentException.class, () -> PixelMaps.builder(notSquare));
        assertTrue(e.getMessage().contains("not a square image"), e.getMessage());
        var none = assertThrows(IllegalArgumentException.class,
                () -> PixelMaps.builder(ImageNets.handTasks()).build());
        assertTrue(none.getMessage().contains("at least one level"), none.getMessage());
        PixelMaps m = PixelMaps.builder(ImageNets.handTasks()).level("x", ImageNets.hand(false)).build();
        assertThrows(IllegalArgumentException.class, () -> m.panel(2, 0));
    }

    @Test
    void exportsEveryFormat(@TempDir Path dir) throws Exception {
        PixelMaps m = PixelMaps.builder(ImageNets.handTasks()).level("a", ImageNets.hand(false))
                .level("b", ImageNets.hand(true)).title("hand").build();
        List<Path> files = m.save(dir, "pixels");
        assertEquals(3, files.size());
        for (Path f : files) {
            assertTrue(java.nio.file.Files.size(f) > 100, f.toString());
        }
        // 300 dpi: the PNG is width points * 300 / 72 pixels wide
        var img = javax.imageio.ImageIO.read(files.get(0).toFile());
        assertEquals((int) Math.ceil(m.width() * 300 / 72.0), img.getWidth());
    }
}
