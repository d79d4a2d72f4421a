package org.lotterylab.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jgrapht.alg.connectivity.ConnectivityInspector;
import org.junit.jupiter.api.Test;
import org.lotterylab.graph.NetworkGraph;
import org.lotterylab.graph.Node;
import org.lotterylab.model.Mask;
import org.lotterylab.model.ModelConfig;
import org.lotterylab.model.Network;
import org.lotterylab.rng.Rng;

/** Split's components against JGraphT's ConnectivityInspector on the active subgraph, a second method. */
class SplitComponentsTest {

    @Test
    void unionFindFindsTheSamePartitionAsJGraphT() {
        int[] shape = {4, 9, 7, 2};
        for (long seed = 0; seed < 40; seed++) {
            Rng r = new Rng(seed);
            double keep = 0.08 + 0.3 * r.nextDouble();
            Network net = ModelConfig.of(shape).initialise(seed);
            Mask.Builder b = Mask.full(shape).toBuilder();
            for (int l = 0; l < 3; l++) {
                for (int k = 0; k < net.weights(l).length; k++) {
                    b.weightAt(l, k, r.nextDouble() < keep);
                }
            }
            net.setMask(b.build());
            States states = States.of(net);
            var active = NetworkGraph.edgeInduced(net, (l, o, i) -> states.weight(l, o, i) == State.ACTIVE);
            Set<Set<Node>> expected = new HashSet<>(new ConnectivityInspector<>(active).connectedSets());
            List<Set<Node>> actual = Split.activeComponents(shape, states);
            assertEquals(expected, new HashSet<>(actual), "seed " + seed);
            assertEquals(expected.size(), actual.size());
        }
    }
}
