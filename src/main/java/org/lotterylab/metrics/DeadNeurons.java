package org.lotterylab.metrics;

import java.util.ArrayList;
import java.util.List;
import org.lotterylab.model.Activation;
import org.lotterylab.model.Network;

/**
 * Local dead neurons of a masked network (science.md section 5, the notes' first definitions):
 * they look only at a neuron's own unpruned weights, unlike the reachability {@link States}.
 *
 * <ul>
 *   <li>A <b>zombie</b> is a non-input neuron with no incoming unpruned weight but at least one
 *       outgoing one: it emits the constant {@code act(bias)}. With ReLU it is <b>productive</b>
 *       when its bias is {@code > 0} and <b>frozen</b> when {@code <= 0} (it emits 0); a pruned
 *       bias counts as 0. With other activations a zombie is neither.</li>
 *   <li>A <b>comatose</b> neuron is a non-output neuron with incoming weights but no outgoing
 *       one: it computes but cannot influence an output, so it receives no gradient.</li>
 *   <li>Isolated neurons (no weight in or out) are neither; outputs are never zombies because
 *       they have no outgoing weights, inputs never comatose because they have no incoming ones.</li>
 * </ul>
 * Bias values are those of the network passed in (normally the trained one).
 */
public record DeadNeurons(List<Neuron> neurons, int[] zombies, int[] productive, int[] frozen, int[] comatose) {

    /** The local kind of a neuron. */
    public enum Kind {
        /** Has incoming and outgoing weights, or is an input with outgoing / an output with incoming ones. */
        NORMAL,
        /** No weight in or out. */
        ISOLATED,
        /** Zombie under ReLU with bias {@code > 0}. */
        ZOMBIE_PRODUCTIVE,
        /** Zombie under ReLU with bias {@code <= 0}. */
        ZOMBIE_FROZEN,
        /** Zombie under an activation other than ReLU. */
        ZOMBIE,
        /** Incoming weights but no outgoing one. */
        COMATOSE;

        public boolean isZombie() {
            return this == ZOMBIE || this == ZOMBIE_PRODUCTIVE || this == ZOMBIE_FROZEN;
        }
    }

    /** One neuron: neuron layer, index, bias (0 for inputs), unpruned in- and out-degree, kind. */
    public record Neuron(int layer, int index, float bias, int inDegree, int outDegree, Kind kind) {
    }

    /**
     * The dead neurons of {@code net} under its mask. Per-layer arrays are indexed by neuron
     * layer (length {@code shape.length}); {@code neurons} lists every neuron, layer by layer.
     */
    public static DeadNeurons of(Network net) {
        return of(net, States.of(net));
    }

    static DeadNeurons of(Network net, States s) {
        int[] shape = net.shape();
        int last = shape.length - 1;
        boolean relu = net.activation() == Activation.RELU;
        List<Neuron> list = new ArrayList<>();
        int[] z = new int[shape.length];
        int[] p = new int[shape.length];
        int[] f = new int[shape.length];
        int[] c = new int[shape.length];
        for (int k = 0; k < shape.length; k++) {
            for (int j = 0; j < shape[k]; j++) {
                int in = s.inDegree(k, j);
                int out = s.outDegree(k, j);
                float bias = k == 0 ? 0f : net.biases(k - 1)[j];
                Kind kind;
                if (in + out == 0) {
                    kind = Kind.ISOLATED;
                } else if (k > 0 && in == 0) {
                    kind = !relu ? Kind.ZOMBIE : bias > 0 ? Kind.ZOMBIE_PRODUCTIVE : Kind.ZOMBIE_FROZEN;
                    z[k]++;
                    if (kind == Kind.ZOMBIE_PRODUCTIVE) {
                        p[k]++;
                    } else if (kind == Kind.ZOMBIE_FROZEN) {
                        f[k]++;
                    }
                } else if (k < last && out == 0) {
                    kind = Kind.COMATOSE;
                    c[k]++;
                } else {
                    kind = Kind.NORMAL;
                }
                list.add(new Neuron(k, j, bias, in, out, kind));
            }
        }
        return new DeadNeurons(List.copyOf(list), z, p, f, c);
    }

    /** Zombies over all layers. */
    public int totalZombies() {
        return sum(zombies);
    }

    /** Productive zombies over all layers. */
    public int totalProductive() {
        return sum(productive);
    }

    /** Frozen zombies over all layers. */
    public int totalFrozen() {
        return sum(frozen);
    }

    /** Comatose neurons over all layers. */
    public int totalComatose() {
        return sum(comatose);
    }

    private static int sum(int[] a) {
        int n = 0;
        for (int v : a) {
            n += v;
        }
        return n;
    }
}
