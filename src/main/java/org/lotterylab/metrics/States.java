package org.lotterylab.metrics;

import org.lotterylab.model.Mask;
import org.lotterylab.model.Network;

/**
 * The {@link State} of every weight, bias and neuron of one masked network, by reachability
 * over unpruned weights (science.md section 5), plus each neuron's bias value and degrees.
 * Immutable snapshot.
 *
 * <p>The rules, applied in this order:
 * <ol>
 *   <li><b>pruned</b>: a weight or bias the mask removes. A neuron is pruned when no unpruned
 *       weight enters or leaves it (it has left the graph), whatever its bias.</li>
 *   <li><b>inactive</b>: a neuron that is not an output and has no path to any output over
 *       unpruned weights, with all its weights in and out and its bias (comatose neurons are the
 *       first case; isolated hidden neurons' kept biases are inactive too).</li>
 *   <li><b>zombie</b>: of the rest, a neuron with no path from any input, its outgoing weights
 *       and its bias. Neurons fed only by zombies have no path from an input, so they are zombies
 *       too. <em>Exception</em>: a non-input neuron whose incoming weights are all pruned or
 *       inactive and whose bias is pruned emits a constant 0 (ReLU and SiLU map 0 to 0); its
 *       outgoing weights are inactive instead, and so is the neuron itself unless it is an output.
 *       This propagates: a neuron fed only by such neurons, with a pruned bias, emits 0 too. An
 *       output is never inactive (rule 2 exempts outputs); a silent or input-independent output
 *       is a zombie.</li>
 *   <li><b>active</b>: everything else; every active weight lies on an input-to-output path.</li>
 * </ol>
 * A kept bias takes its neuron's state, except that the bias of a pruned (isolated) hidden
 * neuron is inactive and that of an isolated output is a zombie (the constant logit). Inputs
 * have no bias. Weight values never matter, only the mask: a kept weight whose value is 0 is
 * still an edge.
 */
public final class States {
    private final int[] shape;
    private final byte[][] weights;
    private final byte[][] biases;
    private final byte[][] neurons;
    private final int[][] inDegree;
    private final int[][] outDegree;
    private final float[][] biasValues;

    private States(int[] shape, byte[][] weights, byte[][] biases, byte[][] neurons, int[][] inDegree,
            int[][] outDegree, float[][] biasValues) {
        this.shape = shape;
        this.weights = weights;
        this.biases = biases;
        this.neurons = neurons;
        this.inDegree = inDegree;
        this.outDegree = outDegree;
        this.biasValues = biasValues;
    }

    /** The states of {@code net} under its own mask; bias values are read from {@code net}. */
    public static States of(Network net) {
        return compute(net.shape(), net.mask(), net);
    }

    /** The states under {@code mask} alone; every bias value is recorded as 0. */
    public static States of(Mask mask) {
        return compute(mask.shape(), mask, null);
    }

    private static States compute(int[] shape, Mask mask, Network values) {
        int layers = shape.length - 1;
        int last = layers;
        int[][] inDeg = new int[shape.length][];
        int[][] outDeg = new int[shape.length][];
        for (int k = 0; k < shape.length; k++) {
            inDeg[k] = new int[shape[k]];
            outDeg[k] = new int[shape[k]];
        }
        boolean[][] kept = new boolean[layers][];
        for (int l = 0; l < layers; l++) {
            kept[l] = mask.weights(l);
            int in = shape[l];
            int[] od = outDeg[l];
            int[] id = inDeg[l + 1];
            boolean[] m = kept[l];
            // Branch-free loops here and below: IMP masks are irregular, and a mispredicted branch
            // per weight cost more than the work at 14% density of a 1.5M-weight net.
            for (int o = 0, k = 0; o < shape[l + 1]; o++) {
                int row = 0;
                for (int i = 0; i < in; i++, k++) {
                    int v = m[k] ? 1 : 0;
                    od[i] += v;
                    row += v;
                }
                id[o] = row;
            }
        }
        // Backward pass: which neurons reach an output over unpruned weights.
        boolean[][] toOut = new boolean[shape.length][];
        toOut[last] = new boolean[shape[last]];
        java.util.Arrays.fill(toOut[last], true);
        for (int l = layers - 1; l >= 0; l--) {
            int in = shape[l];
            boolean[] t = new boolean[in];
            boolean[] next = toOut[l + 1];
            boolean[] m = kept[l];
            for (int o = 0; o < shape[l + 1]; o++) {
                if (!next[o]) {
                    continue;
                }
                int base = o * in;
                for (int i = 0; i < in; i++) {
                    t[i] |= m[base + i];
                }
            }
            toOut[l] = t;
        }
        // Forward pass over the weights rule 2 leaves (those whose target reaches an output):
        // which neurons an input reaches, and which emit a constant 0 (the exception of rule 3).
        boolean[][] fromIn = new boolean[shape.length][];
        boolean[][] silent = new boolean[shape.length][];
        fromIn[0] = new boolean[shape[0]];
        java.util.Arrays.fill(fromIn[0], true);
        silent[0] = new boolean[shape[0]];
        for (int l = 0; l < layers; l++) {
            int in = shape[l];
            int out = shape[l + 1];
            boolean[] f = new boolean[out];
            boolean[] s = new boolean[out];
            boolean[] prevF = fromIn[l];
            boolean[] prevS = silent[l];
            boolean[] m = kept[l];
            for (int o = 0; o < out; o++) {
                if (!toOut[l + 1][o]) {
                    continue;
                }
                boolean reached = false;
                boolean onlyZero = true;
                int base = o * in;
                for (int i = 0; i < in; i++) {
                    boolean k = m[base + i];
                    reached |= k & prevF[i];
                    onlyZero &= !k | prevS[i];
                }
                f[o] = reached;
                s[o] = onlyZero && !mask.bias(l, o);
            }
            fromIn[l + 1] = f;
            silent[l + 1] = s;
        }
        byte[][] neuron = new byte[shape.length][];
        for (int k = 0; k < shape.length; k++) {
            neuron[k] = new byte[shape[k]];
            for (int j = 0; j < shape[k]; j++) {
                State st;
                if (inDeg[k][j] + outDeg[k][j] == 0) {
                    st = State.PRUNED;
                } else if (k < last && !toOut[k][j]) {
                    st = State.INACTIVE;
                } else if (silent[k][j]) {
                    st = k < last ? State.INACTIVE : State.ZOMBIE;
                } else if (!fromIn[k][j]) {
                    st = State.ZOMBIE;
                } else {
                    st = State.ACTIVE;
                }
                neuron[k][j] = (byte) st.ordinal();
            }
        }
        byte[][] w = new byte[layers][];
        byte[][] b = new byte[layers][];
        float[][] bv = new float[shape.length][];
        bv[0] = new float[shape[0]];
        for (int l = 0; l < layers; l++) {
            int in = shape[l];
            int out = shape[l + 1];
            byte[] ws = new byte[in * out];
            boolean[] m = kept[l];
            // The state of a kept weight into a neuron that reaches an output depends on its source only.
            byte[] keptLive = new byte[in];
            for (int i = 0; i < in; i++) {
                State st = silent[l][i] ? State.INACTIVE : fromIn[l][i] ? State.ACTIVE : State.ZOMBIE;
                keptLive[i] = (byte) st.ordinal();
            }
            byte[] keptDead = new byte[in];
            java.util.Arrays.fill(keptDead, (byte) State.INACTIVE.ordinal());
            byte pruned = (byte) State.PRUNED.ordinal();
            for (int o = 0, k = 0; o < out; o++) {
                byte[] kc = toOut[l + 1][o] ? keptLive : keptDead;
                for (int i = 0; i < in; i++, k++) {
                    // pruned + kept * (code - pruned): arithmetic, not a branch per weight.
                    ws[k] = (byte) (pruned + (m[k] ? 1 : 0) * (kc[i] - pruned));
                }
            }
            w[l] = ws;
            byte[] bs = new byte[out];
            for (int o = 0; o < out; o++) {
                State st;
                if (!mask.bias(l, o)) {
                    st = State.PRUNED;
                } else {
                    st = State.VALUES[neuron[l + 1][o]];
                    if (st == State.PRUNED) {
                        st = l + 1 < last ? State.INACTIVE : State.ZOMBIE;
                    }
                }
                bs[o] = (byte) st.ordinal();
            }
            b[l] = bs;
            bv[l + 1] = values == null ? new float[out] : values.biases(l).clone();
        }
        return new States(shape.clone(), w, b, neuron, inDeg, outDeg, bv);
    }

    /** The network shape these states describe (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    /** The number of weight layers. */
    public int layers() {
        return weights.length;
    }

    /** The state of weight {@code (l, o, i)}. */
    public State weight(int l, int o, int i) {
        return State.VALUES[weights[l][o * shape[l] + i]];
    }

    /** The state of element {@code k} of weight layer {@code l} (index {@code o * shape[l] + i}). */
    public State weightAt(int l, int k) {
        return State.VALUES[weights[l][k]];
    }

    /** The state of the bias of neuron {@code o} of neuron layer {@code l + 1}. */
    public State bias(int l, int o) {
        return State.VALUES[biases[l][o]];
    }

    /** The state of neuron {@code j} of neuron layer {@code k}. */
    public State neuron(int k, int j) {
        return State.VALUES[neurons[k][j]];
    }

    /** Unpruned weights entering neuron {@code (k, j)}. */
    public int inDegree(int k, int j) {
        return inDegree[k][j];
    }

    /** Unpruned weights leaving neuron {@code (k, j)}. */
    public int outDegree(int k, int j) {
        return outDegree[k][j];
    }

    /** The bias value of neuron {@code (k, j)} when the states were taken; 0 for inputs and pruned biases. */
    public float biasValue(int k, int j) {
        return biasValues[k][j];
    }

    /** Counts of every state per layer and in total. */
    public StateCounts counts() {
        return StateCounts.of(this);
    }

    byte[] weightCodes(int l) {
        return weights[l];
    }

    byte[] biasCodes(int l) {
        return biases[l];
    }

    byte[] neuronCodes(int k) {
        return neurons[k];
    }

    boolean sameShape(States other) {
        return java.util.Arrays.equals(shape, other.shape);
    }
}
