package org.lotterylab.study;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.lotterylab.metrics.Split;
import org.lotterylab.metrics.TaskLayout;
import org.lotterylab.plot.NetworkDiagram;
import org.lotterylab.store.StoredRun;

/** Network diagrams of stored runs, named for export. */
public final class Diagrams {
    private Diagrams() {
    }

    /**
     * Every stored level of a run drawn with its kept weights, coloured by the component of the
     * active subgraph, titled "level t: n weights", by export name {@code network-level-NN}, in
     * level order. Tasks are laid out as the run's config says ({@code config().taskLayout()}).
     */
    public static Map<String, NetworkDiagram> levels(StoredRun run) {
        TaskLayout tasks = run.config().taskLayout();
        Map<String, NetworkDiagram> out = new LinkedHashMap<>();
        for (int t = 0; t < run.levelCount(); t++) {
            var net = run.trained(t);
            out.put(String.format(Locale.ROOT, "network-level-%02d", t),
                    NetworkDiagram.of(net).coloring(NetworkDiagram.Coloring.COMPONENT).tasks(tasks)
                            .split(Split.of(net, tasks))
                            .title("level " + t + ": " + net.mask().keptWeights() + " weights").build());
        }
        return out;
    }
}
