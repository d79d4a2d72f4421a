package org.lotterylab.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jgrapht.Graph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lotterylab.model.Activation;
import org.lotterylab.model.Mask;
import org.lotterylab.model.Network;
import org.w3c.dom.Document;

class GraphMLExportTest {

    /** [4,2,2] two-task split: x0,x1 -> h0 -> y0 (weights 0.5), x2,x3 -> h1 -> y1; h0 bias 0.25. */
    private static Network split() {
        Mask.Builder m = Mask.full(4, 2, 2).toBuilder();
        for (int k = 0; k < 8; k++) {
            m.weightAt(0, k, false);
        }
        for (int k = 0; k < 4; k++) {
            m.weightAt(1, k, false);
        }
        m.weight(0, 0, 0, true).weight(0, 0, 1, true).weight(1, 0, 0, true)
                .weight(0, 1, 2, true).weight(0, 1, 3, true).weight(1, 1, 1, true);
        float[][] w = {new float[8], new float[4]};
        java.util.Arrays.fill(w[0], 0.5f);
        java.util.Arrays.fill(w[1], 0.5f);
        float[][] b = {new float[] {0.25f, 0}, new float[2]};
        return Network.of(new int[] {4, 2, 2}, Activation.RELU, w, b, m.build());
    }

    @Test
    void graphHasOneNodePerNeuronAndOneEdgePerKeptWeight() {
        Graph<Node, WeightEdge> g = NetworkGraph.of(split());
        assertEquals(8, g.vertexSet().size());
        assertEquals(6, g.edgeSet().size());
        assertEquals(2, g.inDegreeOf(new Node(1, 0)));
        Graph<Node, WeightEdge> sub = NetworkGraph.edgeInduced(split(), (l, o, i) -> o == 0);
        // Edges into neuron 0 of each next layer: x0->h0, x1->h0, h0->y0; touching 4 nodes.
        assertEquals(3, sub.edgeSet().size());
        assertEquals(4, sub.vertexSet().size());
    }

    @Test
    void exportParsesBack(@TempDir Path dir) throws Exception {
        Path f = GraphMLExport.writeLevel(split(), dir, 3);
        assertEquals(dir.resolve("level-003.graphml"), f);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(f.toFile());
        assertEquals(8, doc.getElementsByTagName("node").getLength());
        assertEquals(6, doc.getElementsByTagName("edge").getLength());
        // 4 attribute keys: layer, index, bias, weight.
        assertEquals(4, doc.getElementsByTagName("key").getLength());
        String xml = Files.readString(f);
        assertEquals(true, xml.contains("0.25"));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary file left behind");
        }
        // Overwriting in place works too.
        GraphMLExport.writeLevel(split(), dir, 3);
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.count());
        }
    }
}
