package org.lotterylab.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jgrapht.alg.connectivity.ConnectivityInspector;
import org.lotterylab.graph.NetworkGraph;
import org.lotterylab.graph.Node;
import org.lotterylab.model.Network;

/**
 * Split detection on the active subgraph (science.md section 5).
 *
 * <p>The active subgraph has the {@link State#ACTIVE} weights as edges and the neurons they
 * touch as nodes; {@code components} are its weakly connected components (the partition
 * JGraphT's {@link ConnectivityInspector} finds, computed by union-find), ordered by their first
 * neuron in layer-major order. For component {@code j} and task
 * {@code t}, {@code coverage[j][t] = (#inputs of t in j * #outputs of t in j) / (#inputs of t *
 * #outputs of t)}; {@code potential = sum(coverage) / T}, in [0, 1]. With the layout's
 * {@linkplain TaskLayout#withOutputOnlyDegradation output-only rule}, {@code coverage[j][t] =
 * #outputs of t in j / #outputs of t} for a component {@code j} holding at least one input of
 * {@code t}, else 0: a task is whole when all its outputs lie in one component that also holds
 * one of its inputs, however many of its inputs have left the active subgraph, and the task adds
 * its <em>largest</em> coverage to the potential. <em>Reading of the spec</em>: summing the output
 * shares would give 1 for a task whose outputs are spread over several components that each hold
 * one of its inputs, which science.md counts as degraded; the largest share is 1 exactly when the
 * task is whole and equals the sum whenever its outputs lie in one component.
 *
 * <ul>
 *   <li>If potential = 1, i.e. every task has all its inputs and outputs in one component
 *       (decided exactly, in integers, not by comparing doubles): {@code value = T -
 *       taskComponents}, where {@code taskComponents} counts the components holding at least one
 *       task's input-output pair. 0 is a perfect split, a positive value the number of splits
 *       still missing. <em>Reading of the spec</em>: science.md says "T - (number of components)";
 *       when every input and output belongs to some task (the toy layout) each component of the
 *       active subgraph holds a task's inputs and outputs, so both counts agree. They differ
 *       only for layouts with unowned neurons, where a component linking only unowned neurons
 *       (or a task's input with another task's output only) would otherwise push the value below
 *       0 and be misread as degradation; such components are excluded and reported in
 *       {@code components} only.</li>
 *   <li>Otherwise {@code value = potential - 1}, in [-1, 0): degraded (a task lost an input or
 *       an output, or is spread over components); -1 when no task keeps an input-output pair in a
 *       common component, e.g. for an empty network.</li>
 * </ul>
 * {@code connectivity[s][t]} is the share of (input of s, output of t) pairs joined by a
 * directed path of active weights; the T x T identity for a perfect split. Arrays are exposed
 * as is: treat them as read-only.
 *
 * @param components the weakly connected components of the active subgraph
 * @param coverage {@code components.size() x T}
 * @param potential sum of coverage over T (of each task's largest coverage under the output-only rule)
 * @param taskComponents components with a positive coverage of some task
 * @param value the split value
 * @param connectivity T x T task-connectivity matrix M
 */
public record Split(List<Set<Node>> components, double[][] coverage, double potential, int taskComponents,
        double value, double[][] connectivity) {

    /** Whether {@code value == 0}: every task whole in its own component. */
    public boolean isSplit() {
        return value == 0;
    }

    /** Whether {@code value < 0}. */
    public boolean isDegraded() {
        return value < 0;
    }

    /** The split analysis of {@code net} (values for the graph, mask for the states). */
    public static Split of(Network net, TaskLayout tasks) {
        return of(net, States.of(net), tasks);
    }

    /** The split analysis of {@code net} with its states already computed. */
    public static Split of(Network net, States states, TaskLayout tasks) {
        int[] shape = net.shape();
        tasks.check(shape);
        if (!java.util.Arrays.equals(shape, states.shape())) {
            throw new IllegalArgumentException("states do not match the network's shape");
        }
        int last = shape.length - 1;
        int tCount = tasks.tasks();
        int[][] ins = tasks.inputsView();
        int[][] outs = tasks.outputsView();
        List<Set<Node>> comps = activeComponents(shape, states);
        // Label each input and output neuron with its component so that coverage is a lookup.
        int[] inComp = new int[shape[0]];
        int[] outComp = new int[shape[last]];
        java.util.Arrays.fill(inComp, -1);
        java.util.Arrays.fill(outComp, -1);
        for (int j = 0; j < comps.size(); j++) {
            for (Node n : comps.get(j)) {
                if (n.layer() == 0) {
                    inComp[n.index()] = j;
                } else if (n.layer() == last) {
                    outComp[n.index()] = j;
                }
            }
        }
        double[][] cov = new double[comps.size()][tCount];
        double sum = 0;
        boolean allWhole = true;
        boolean[] holdsTask = new boolean[comps.size()];
        for (int t = 0; t < tCount; t++) {
            int[] ni = new int[comps.size()];
            int[] no = new int[comps.size()];
            for (int v : ins[t]) {
                if (inComp[v] >= 0) {
                    ni[inComp[v]]++;
                }
            }
            for (int v : outs[t]) {
                if (outComp[v] >= 0) {
                    no[outComp[v]]++;
                }
            }
            boolean whole = false;
            boolean outputOnly = tasks.outputOnlyDegradation();
            long denom = outputOnly ? outs[t].length : (long) ins[t].length * outs[t].length;
            double best = 0;
            for (int j = 0; j < comps.size(); j++) {
                long num = outputOnly ? (ni[j] > 0 ? no[j] : 0) : (long) ni[j] * no[j];
                if (num > 0) {
                    holdsTask[j] = true;
                }
                whole |= num == denom;
                cov[j][t] = (double) num / denom;
                if (outputOnly) {
                    best = Math.max(best, cov[j][t]);
                } else {
                    sum += cov[j][t];
                }
            }
            sum += best;
            allWhole &= whole;
        }
        int taskComps = 0;
        for (boolean h : holdsTask) {
            if (h) {
                taskComps++;
            }
        }
        double potential = allWhole ? 1.0 : sum / tCount;
        double value = allWhole ? tCount - taskComps : potential - 1;
        return new Split(List.copyOf(comps), cov, potential, taskComps, value,
                connectivity(shape, states, ins, outs));
    }

    /**
     * The weakly connected components of the active subgraph (active weights and the neurons
     * they touch), ordered by their first neuron in layer-major order. Union-find on neuron
     * indices gives the same partition as JGraphT's {@link ConnectivityInspector} on
     * {@link NetworkGraph#edgeInduced} (a test checks this) without building one object per
     * weight, which made a dense 410-wide level cost 150 ms instead of a few.
     */
    static List<Set<Node>> activeComponents(int[] shape, States states) {
        int[] offset = new int[shape.length + 1];
        for (int k = 0; k < shape.length; k++) {
            offset[k + 1] = offset[k] + shape[k];
        }
        int n = offset[shape.length];
        int[] parent = new int[n];
        for (int v = 0; v < n; v++) {
            parent[v] = v;
        }
        boolean[] touched = new boolean[n];
        byte active = (byte) State.ACTIVE.ordinal();
        for (int l = 0; l + 1 < shape.length; l++) {
            int in = shape[l];
            byte[] codes = states.weightCodes(l);
            byte[] targets = states.neuronCodes(l + 1);
            for (int o = 0; o < shape[l + 1]; o++) {
                // An active weight joins two active neurons: other rows hold none.
                if (targets[o] != active) {
                    continue;
                }
                int a = offset[l + 1] + o;
                int ra = root(parent, a);
                for (int i = 0, k = o * in; i < in; i++, k++) {
                    if (codes[k] == active) {
                        int b = offset[l] + i;
                        touched[a] = true;
                        touched[b] = true;
                        int rb = root(parent, b);
                        if (ra != rb) {
                            parent[Math.max(ra, rb)] = Math.min(ra, rb);
                            ra = Math.min(ra, rb);
                        }
                    }
                }
            }
        }
        List<Set<Node>> comps = new java.util.ArrayList<>();
        int[] index = new int[n];
        java.util.Arrays.fill(index, -1);
        for (int k = 0; k < shape.length; k++) {
            for (int j = 0; j < shape[k]; j++) {
                int v = offset[k] + j;
                if (!touched[v]) {
                    continue;
                }
                int r = root(parent, v);
                if (index[r] < 0) {
                    index[r] = comps.size();
                    comps.add(new java.util.LinkedHashSet<>());
                }
                comps.get(index[r]).add(new Node(k, j));
            }
        }
        List<Set<Node>> frozen = new java.util.ArrayList<>();
        for (Set<Node> c : comps) {
            frozen.add(java.util.Collections.unmodifiableSet(c));
        }
        return frozen;
    }

    private static int root(int[] parent, int v) {
        while (parent[v] != v) {
            parent[v] = parent[parent[v]];
            v = parent[v];
        }
        return v;
    }

    /**
     * M[s][t] by propagating backwards, per neuron, the set of outputs it reaches over active
     * weights (one bit per output: a word per neuron for up to 64 outputs, where the inputs of an
     * image pair would need 25).
     */
    private static double[][] connectivity(int[] shape, States states, int[][] ins, int[][] outs) {
        int last = shape.length - 1;
        int nOut = shape[last];
        int words = (nOut + 63) >>> 6;
        long[] cur = new long[nOut * words];
        for (int y = 0; y < nOut; y++) {
            cur[y * words + (y >>> 6)] |= 1L << (y & 63);
        }
        byte activeCode = (byte) State.ACTIVE.ordinal();
        for (int l = states.layers() - 1; l >= 0; l--) {
            int in = shape[l];
            int out = shape[l + 1];
            long[] prev = new long[in * words];
            byte[] codes = states.weightCodes(l);
            byte[] targets = states.neuronCodes(l + 1);
            for (int o = 0; o < out; o++) {
                if (targets[o] != activeCode) {
                    continue;
                }
                int k = o * in;
                if (words == 1) {
                    long reach = cur[o];
                    for (int i = 0; i < in; i++) {
                        prev[i] |= codes[k + i] == activeCode ? reach : 0L;
                    }
                } else {
                    for (int i = 0; i < in; i++) {
                        if (codes[k + i] == activeCode) {
                            for (int w = 0; w < words; w++) {
                                prev[i * words + w] |= cur[o * words + w];
                            }
                        }
                    }
                }
            }
            cur = prev;
        }
        int tCount = ins.length;
        double[][] m = new double[tCount][tCount];
        for (int s = 0; s < tCount; s++) {
            for (int t = 0; t < tCount; t++) {
                int joined = 0;
                for (int x : ins[s]) {
                    for (int y : outs[t]) {
                        if ((cur[x * words + (y >>> 6)] & (1L << (y & 63))) != 0) {
                            joined++;
                        }
                    }
                }
                m[s][t] = (double) joined / ((long) ins[s].length * outs[t].length);
            }
        }
        return m;
    }

    /** The components as lists, for display. */
    public List<List<Node>> componentLists() {
        List<List<Node>> out = new ArrayList<>();
        for (Set<Node> c : components) {
            out.add(List.copyOf(c));
        }
        return out;
    }
}
