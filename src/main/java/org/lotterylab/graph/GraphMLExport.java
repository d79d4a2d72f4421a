package org.lotterylab.graph;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jgrapht.Graph;
import org.jgrapht.nio.Attribute;
import org.jgrapht.nio.AttributeType;
import org.jgrapht.nio.DefaultAttribute;
import org.jgrapht.nio.graphml.GraphMLExporter;
import org.jgrapht.nio.graphml.GraphMLExporter.AttributeCategory;
import org.lotterylab.io.AtomicFiles;
import org.lotterylab.model.Network;

/**
 * Writes the graph of a masked network as GraphML (jgrapht-io {@link GraphMLExporter}), for
 * Gephi, yEd, NetworkX ({@code networkx.read_graphml}) and the like.
 *
 * <p>Vertex ids are {@code n<layer>_<index>}; vertex attributes {@code layer} (int, neuron
 * layer, 0 = inputs), {@code index} (int) and {@code bias} (double; 0 for input neurons, which
 * have no bias, and for pruned biases); edge ids are {@code w<layer>_<out>_<in>} and the edge
 * attribute {@code weight} (double) is the weight's value. Pruned weights are not edges.
 *
 * <p>Files are written atomically: the GraphML goes to a temporary file in the target
 * directory, which is then renamed over the target, so a reader never sees a half-written file
 * and an interrupted run leaves the previous version intact.
 */
public final class GraphMLExport {
    private GraphMLExport() {
    }

    /** Writes the whole graph of {@code net} (all neurons, its unpruned weights) to {@code file}. */
    public static void write(Network net, Path file) {
        write(NetworkGraph.of(net), net, file);
    }

    /**
     * Writes {@code graph} (e.g. a subgraph from {@link NetworkGraph#edgeInduced}) to
     * {@code file}, taking biases from {@code net}; parent directories are created.
     *
     * @throws UncheckedIOException if the file cannot be written
     */
    public static void write(Graph<Node, WeightEdge> graph, Network net, Path file) {
        try {
            AtomicFiles.write(file, tmp -> {
                try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                    exporter(net).exportGraph(NetworkGraph.weighted(graph), w);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write GraphML to " + file, e);
        }
    }

    /**
     * Writes the whole graph of {@code net} as {@code dir/level-NNN.graphml} (level zero-padded
     * to three digits) and returns that path.
     */
    public static Path writeLevel(Network net, Path dir, int level) {
        Path file = dir.resolve(String.format(Locale.ROOT, "level-%03d.graphml", level));
        write(net, file);
        return file;
    }

    private static GraphMLExporter<Node, WeightEdge> exporter(Network net) {
        GraphMLExporter<Node, WeightEdge> ex = new GraphMLExporter<>(Node::toString);
        ex.setEdgeIdProvider(e -> "w" + e.layer() + "_" + e.out() + "_" + e.in());
        ex.registerAttribute("layer", AttributeCategory.NODE, AttributeType.INT);
        ex.registerAttribute("index", AttributeCategory.NODE, AttributeType.INT);
        ex.registerAttribute("bias", AttributeCategory.NODE, AttributeType.DOUBLE);
        // "weight" is the exporter's reserved edge-weight key: export it as the JGraphT weight.
        ex.setExportEdgeWeights(true);
        ex.setEdgeWeightAttributeName("weight");
        ex.setVertexAttributeProvider(v -> {
            Map<String, Attribute> m = new LinkedHashMap<>();
            m.put("layer", DefaultAttribute.createAttribute(v.layer()));
            m.put("index", DefaultAttribute.createAttribute(v.index()));
            double bias = v.layer() == 0 ? 0.0 : net.biases(v.layer() - 1)[v.index()];
            m.put("bias", DefaultAttribute.createAttribute(bias));
            return m;
        });
        return ex;
    }
}
