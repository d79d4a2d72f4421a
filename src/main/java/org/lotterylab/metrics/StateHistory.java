package org.lotterylab.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The {@link States} of one run's levels, in level order, and what follows from them: how many
 * levels each weight, bias and neuron spent in each state (lifetimes), the level of every
 * transition, and each neuron's state, bias and degrees per level.
 *
 * <p>Levels are the caller's level numbers and must strictly increase; lifetimes count
 * <em>recorded</em> levels, so a run analysed every other level reports half the counts. The
 * first recorded level counts as the level an element entered its initial state.
 *
 * <p>Under IMP states only move towards {@link State#PRUNED} (in declaration order of
 * {@link State}). A later level that moves an element back (e.g. a mask that revives a weight,
 * or a caller mixing runs) is not rejected: the transition is recorded with
 * {@link Transition#regression()} set, counted in {@link Lifetime#regressions()}, and lifetimes
 * and first-entry levels are computed as for any other sequence.
 *
 * <p>Not thread-safe; the row lists are computed on each call (O(elements x levels)).
 */
public final class StateHistory {
    /** What kind of element a row describes. */
    public enum Element {
        WEIGHT, BIAS, NEURON
    }

    /**
     * The life of one element over the recorded levels. {@code layer} is the weight layer for
     * weights and biases and the neuron layer for neurons; {@code index} is the output-side index
     * {@code o} for weights and biases and the neuron index for neurons; {@code in} is the
     * input-side index of a weight, -1 otherwise. {@code levelsX} (table column
     * {@code levels_x}) counts the recorded levels spent in state X; {@code enteredX} (column
     * {@code entered_x}) is the first level at which the element was in state X (-1 if never):
     * the level of the transition into X.
     */
    public record Lifetime(Element element, int layer, int index, int in,
            int levelsActive, int levelsZombie, int levelsInactive, int levelsPruned,
            int enteredActive, int enteredZombie, int enteredInactive, int enteredPruned,
            State first, State last, int regressions) {

        /** Recorded levels spent in {@code s}. */
        public int levels(State s) {
            return switch (s) {
                case ACTIVE -> levelsActive;
                case ZOMBIE -> levelsZombie;
                case INACTIVE -> levelsInactive;
                case PRUNED -> levelsPruned;
            };
        }

        /** First level in state {@code s}, or -1. */
        public int entered(State s) {
            return switch (s) {
                case ACTIVE -> enteredActive;
                case ZOMBIE -> enteredZombie;
                case INACTIVE -> enteredInactive;
                case PRUNED -> enteredPruned;
            };
        }
    }

    /**
     * One change of state between consecutive recorded levels, observed at {@code level};
     * {@code regression} when it moves away from pruned. Fields as in {@link Lifetime}.
     */
    public record Transition(Element element, int layer, int index, int in, int level, State from, State to,
            boolean regression) {
    }

    /** One neuron at one level: its state, bias value (0 for inputs) and unpruned degrees. */
    public record NeuronLevel(int level, int layer, int index, State state, float bias, int inDegree, int outDegree) {
    }

    private final List<Integer> levels = new ArrayList<>();
    private final List<States> states = new ArrayList<>();

    /**
     * Records the states of {@code level}.
     *
     * @throws IllegalArgumentException if {@code level} does not exceed the last recorded level
     *         or the shape differs from the first recorded one
     */
    public void add(int level, States s) {
        if (!levels.isEmpty()) {
            if (level <= levels.get(levels.size() - 1)) {
                throw new IllegalArgumentException("level " + level + " after level " + levels.get(levels.size() - 1));
            }
            if (!states.get(0).sameShape(s)) {
                throw new IllegalArgumentException("shape " + Arrays.toString(s.shape()) + " differs from "
                        + Arrays.toString(states.get(0).shape()));
            }
        }
        levels.add(level);
        states.add(s);
    }

    /** The recorded levels, in order. */
    public List<Integer> levels() {
        return List.copyOf(levels);
    }

    /** The states recorded at the {@code i}-th recorded level. */
    public States states(int i) {
        return states.get(i);
    }

    /** Recorded levels. */
    public int size() {
        return levels.size();
    }

    /** One row per weight, bias and neuron (weights, then biases, then neurons, layer by layer). */
    public List<Lifetime> lifetimes() {
        List<Lifetime> out = new ArrayList<>();
        walk((el, layer, index, in, codes) -> out.add(lifetime(el, layer, index, in, codes)), false);
        return out;
    }

    /** Every change of state, element by element in the order of {@link #lifetimes()}, then by level. */
    public List<Transition> transitions() {
        List<Transition> out = new ArrayList<>();
        walk((el, layer, index, in, codes) -> {
            for (int t = 1; t < codes.length; t++) {
                if (codes[t] != codes[t - 1]) {
                    out.add(new Transition(el, layer, index, in, levels.get(t), State.VALUES[codes[t - 1]],
                            State.VALUES[codes[t]], codes[t] < codes[t - 1]));
                }
            }
        }, true);
        return out;
    }

    /** Transitions that move away from pruned; empty for a well-formed IMP run. */
    public List<Transition> regressions() {
        return transitions().stream().filter(Transition::regression).toList();
    }

    /** One row per neuron and recorded level, level-major. */
    public List<NeuronLevel> neuronTrace() {
        List<NeuronLevel> out = new ArrayList<>();
        for (int t = 0; t < states.size(); t++) {
            States s = states.get(t);
            int[] shape = s.shape();
            for (int k = 0; k < shape.length; k++) {
                for (int j = 0; j < shape[k]; j++) {
                    out.add(new NeuronLevel(levels.get(t), k, j, s.neuron(k, j), s.biasValue(k, j), s.inDegree(k, j),
                            s.outDegree(k, j)));
                }
            }
        }
        return out;
    }

    /** {@link #lifetimes()} as a Tablesaw table (states as strings). */
    public Table lifetimeTable() {
        List<Lifetime> rows = lifetimes();
        return Table.create("lifetimes",
                StringColumn.create("element", col(rows.size(), i -> rows.get(i).element().name())),
                IntColumn.create("layer", rows.stream().mapToInt(Lifetime::layer).toArray()),
                IntColumn.create("index", rows.stream().mapToInt(Lifetime::index).toArray()),
                IntColumn.create("in", rows.stream().mapToInt(Lifetime::in).toArray()),
                IntColumn.create("levels_active", rows.stream().mapToInt(Lifetime::levelsActive).toArray()),
                IntColumn.create("levels_zombie", rows.stream().mapToInt(Lifetime::levelsZombie).toArray()),
                IntColumn.create("levels_inactive", rows.stream().mapToInt(Lifetime::levelsInactive).toArray()),
                IntColumn.create("levels_pruned", rows.stream().mapToInt(Lifetime::levelsPruned).toArray()),
                IntColumn.create("entered_active", rows.stream().mapToInt(Lifetime::enteredActive).toArray()),
                IntColumn.create("entered_zombie", rows.stream().mapToInt(Lifetime::enteredZombie).toArray()),
                IntColumn.create("entered_inactive", rows.stream().mapToInt(Lifetime::enteredInactive).toArray()),
                IntColumn.create("entered_pruned", rows.stream().mapToInt(Lifetime::enteredPruned).toArray()),
                StringColumn.create("first", col(rows.size(), i -> rows.get(i).first().name())),
                StringColumn.create("last", col(rows.size(), i -> rows.get(i).last().name())),
                IntColumn.create("regressions", rows.stream().mapToInt(Lifetime::regressions).toArray()));
    }

    /** {@link #transitions()} as a Tablesaw table. */
    public Table transitionTable() {
        List<Transition> rows = transitions();
        boolean[] reg = new boolean[rows.size()];
        for (int i = 0; i < reg.length; i++) {
            reg[i] = rows.get(i).regression();
        }
        return Table.create("transitions",
                StringColumn.create("element", col(rows.size(), i -> rows.get(i).element().name())),
                IntColumn.create("layer", rows.stream().mapToInt(Transition::layer).toArray()),
                IntColumn.create("index", rows.stream().mapToInt(Transition::index).toArray()),
                IntColumn.create("in", rows.stream().mapToInt(Transition::in).toArray()),
                IntColumn.create("level", rows.stream().mapToInt(Transition::level).toArray()),
                StringColumn.create("from", col(rows.size(), i -> rows.get(i).from().name())),
                StringColumn.create("to", col(rows.size(), i -> rows.get(i).to().name())),
                BooleanColumn.create("regression", reg));
    }

    /** {@link #neuronTrace()} as a Tablesaw table. */
    public Table neuronTraceTable() {
        List<NeuronLevel> rows = neuronTrace();
        float[] bias = new float[rows.size()];
        for (int i = 0; i < bias.length; i++) {
            bias[i] = rows.get(i).bias();
        }
        return Table.create("neurons",
                IntColumn.create("level", rows.stream().mapToInt(NeuronLevel::level).toArray()),
                IntColumn.create("layer", rows.stream().mapToInt(NeuronLevel::layer).toArray()),
                IntColumn.create("index", rows.stream().mapToInt(NeuronLevel::index).toArray()),
                StringColumn.create("state", col(rows.size(), i -> rows.get(i).state().name())),
                FloatColumn.create("bias", bias),
                IntColumn.create("in_degree", rows.stream().mapToInt(NeuronLevel::inDegree).toArray()),
                IntColumn.create("out_degree", rows.stream().mapToInt(NeuronLevel::outDegree).toArray()));
    }

    private static String[] col(int n, IntFunction<String> f) {
        String[] a = new String[n];
        for (int i = 0; i < n; i++) {
            a[i] = f.apply(i);
        }
        return a;
    }

    private interface Visitor {
        void visit(Element el, int layer, int index, int in, byte[] codes);
    }

    /** Calls {@code v} once per element with its state codes over the recorded levels. */
    private void walk(Visitor v, boolean skipUnchanged) {
        if (states.isEmpty()) {
            return;
        }
        int[] shape = states.get(0).shape();
        int n = states.size();
        byte[] codes = new byte[n];
        for (int l = 0; l < shape.length - 1; l++) {
            int in = shape[l];
            int size = in * shape[l + 1];
            byte[][] per = new byte[n][];
            for (int t = 0; t < n; t++) {
                per[t] = states.get(t).weightCodes(l);
            }
            for (int k = 0; k < size; k++) {
                if (gather(per, k, codes) || !skipUnchanged) {
                    v.visit(Element.WEIGHT, l, k / in, k % in, codes);
                }
            }
        }
        for (int l = 0; l < shape.length - 1; l++) {
            byte[][] per = new byte[n][];
            for (int t = 0; t < n; t++) {
                per[t] = states.get(t).biasCodes(l);
            }
            for (int o = 0; o < shape[l + 1]; o++) {
                if (gather(per, o, codes) || !skipUnchanged) {
                    v.visit(Element.BIAS, l, o, -1, codes);
                }
            }
        }
        for (int k = 0; k < shape.length; k++) {
            byte[][] per = new byte[n][];
            for (int t = 0; t < n; t++) {
                per[t] = states.get(t).neuronCodes(k);
            }
            for (int j = 0; j < shape[k]; j++) {
                if (gather(per, j, codes) || !skipUnchanged) {
                    v.visit(Element.NEURON, k, j, -1, codes);
                }
            }
        }
    }

    /** Fills {@code codes} with element {@code idx} over the levels; true if it ever changes. */
    private static boolean gather(byte[][] per, int idx, byte[] codes) {
        boolean changed = false;
        for (int t = 0; t < per.length; t++) {
            codes[t] = per[t][idx];
            changed |= t > 0 && codes[t] != codes[t - 1];
        }
        return changed;
    }

    private Lifetime lifetime(Element el, int layer, int index, int in, byte[] codes) {
        int[] count = new int[4];
        int[] entered = {-1, -1, -1, -1};
        int regressions = 0;
        for (int t = 0; t < codes.length; t++) {
            int c = codes[t];
            count[c]++;
            if (entered[c] < 0) {
                entered[c] = levels.get(t);
            }
            if (t > 0 && c < codes[t - 1]) {
                regressions++;
            }
        }
        return new Lifetime(el, layer, index, in, count[0], count[1], count[2], count[3], entered[0], entered[1],
                entered[2], entered[3], State.VALUES[codes[0]], State.VALUES[codes[codes.length - 1]], regressions);
    }
}
