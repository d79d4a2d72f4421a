package org.lotterylab.metrics;

import org.lotterylab.model.Network;

/**
 * The active subgraph of one network as flat arrays, with the tasks each neuron lies on: the
 * common ground of {@link SplitMetrics}' measures. Neurons are numbered layer-major,
 * {@code offset[k] + j} for neuron {@code j} of neuron layer {@code k}; edges are the
 * {@link State#ACTIVE} weights in the order layer, output, input.
 *
 * <p>{@code fwd[v]} has bit {@code t} set when an input of task {@code t} reaches neuron
 * {@code v} over active weights (an owned input reaches itself), {@code bwd[v]} when {@code v}
 * reaches an output of task {@code t}. Neuron {@code v} lies on a path of task {@code t} when
 * both bits are set; an active weight {@code u -> v} when {@code t} is in {@code fwd[u]} and in
 * {@code bwd[v]}. At most 64 tasks.
 */
final class ActiveGraph {
    final int[] shape;
    final int[] offset;
    final int nodes;
    final int tasks;
    final boolean[] active;
    final int[] edgeLayer;
    final int[] edgeSrc;
    final int[] edgeDst;
    /** Index of the edge's weight within its layer's array ({@code o * shape[l] + i}). */
    final int[] edgePos;
    final long[] fwd;
    final long[] bwd;

    private ActiveGraph(int[] shape, int[] offset, int tasks, boolean[] active, int[] edgeLayer, int[] edgeSrc,
            int[] edgeDst, int[] edgePos, long[] fwd, long[] bwd) {
        this.shape = shape;
        this.offset = offset;
        this.nodes = offset[shape.length];
        this.tasks = tasks;
        this.active = active;
        this.edgeLayer = edgeLayer;
        this.edgeSrc = edgeSrc;
        this.edgeDst = edgeDst;
        this.edgePos = edgePos;
        this.fwd = fwd;
        this.bwd = bwd;
    }

    static ActiveGraph of(States states, TaskLayout tasks) {
        int[] shape = states.shape();
        tasks.check(shape);
        if (tasks.tasks() > 64) {
            throw new IllegalArgumentException("split metrics support at most 64 tasks, got " + tasks.tasks());
        }
        int layers = shape.length - 1;
        int[] offset = new int[shape.length + 1];
        for (int k = 0; k < shape.length; k++) {
            offset[k + 1] = offset[k] + shape[k];
        }
        int n = offset[shape.length];
        boolean[] active = new boolean[n];
        for (int k = 0; k < shape.length; k++) {
            for (int j = 0; j < shape[k]; j++) {
                active[offset[k] + j] = states.neuron(k, j) == State.ACTIVE;
            }
        }
        byte activeCode = (byte) State.ACTIVE.ordinal();
        int m = 0;
        for (int l = 0; l < layers; l++) {
            for (byte c : states.weightCodes(l)) {
                if (c == activeCode) {
                    m++;
                }
            }
        }
        int[] el = new int[m];
        int[] es = new int[m];
        int[] ed = new int[m];
        int[] ep = new int[m];
        for (int l = 0, e = 0; l < layers; l++) {
            byte[] codes = states.weightCodes(l);
            int in = shape[l];
            for (int k = 0; k < codes.length; k++) {
                if (codes[k] == activeCode) {
                    el[e] = l;
                    es[e] = offset[l] + k % in;
                    ed[e] = offset[l + 1] + k / in;
                    ep[e] = k;
                    e++;
                }
            }
        }
        long[] fwd = new long[n];
        long[] bwd = new long[n];
        for (int t = 0; t < tasks.tasks(); t++) {
            for (int i : tasks.inputsView()[t]) {
                fwd[offset[0] + i] |= 1L << t;
            }
            for (int o : tasks.outputsView()[t]) {
                bwd[offset[layers] + o] |= 1L << t;
            }
        }
        // Edges are ordered by layer, so one pass forwards and one backwards propagate the sets.
        for (int e = 0; e < m; e++) {
            fwd[ed[e]] |= fwd[es[e]];
        }
        for (int e = m - 1; e >= 0; e--) {
            bwd[es[e]] |= bwd[ed[e]];
        }
        return new ActiveGraph(shape, offset, tasks.tasks(), active, el, es, ed, ep, fwd, bwd);
    }

    int edges() {
        return edgeSrc.length;
    }

    int layers() {
        return shape.length - 1;
    }

    /** The side of each neuron in the bipartition of a layered graph: its neuron layer's parity. */
    int[] side() {
        int[] s = new int[nodes];
        for (int k = 0; k < shape.length; k++) {
            java.util.Arrays.fill(s, offset[k], offset[k + 1], k & 1);
        }
        return s;
    }

    /** {@code |value|} of every active edge, read from per-layer weight arrays of this shape. */
    double[] absWeights(float[][] values) {
        double[] w = new double[edges()];
        for (int e = 0; e < w.length; e++) {
            w[e] = Math.abs(values[edgeLayer[e]][edgePos[e]]);
        }
        return w;
    }

    /** {@code |value|} of every active edge of {@code net} (which must have this shape). */
    double[] absWeights(Network net) {
        float[][] v = new float[layers()][];
        for (int l = 0; l < v.length; l++) {
            v[l] = net.weights(l);
        }
        return absWeights(v);
    }
}
