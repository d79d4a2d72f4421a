package org.lotterylab.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Accumulates the {@link LevelAnalysis} of each level of one run, in level order, and derives
 * the run-level results of section 5: split level, degradation level, {@link SplitCategory},
 * and the {@link StateHistory} (lifetimes and transitions). Not thread-safe.
 */
public final class RunAnalysis {
    private final List<LevelAnalysis> levels = new ArrayList<>();
    private final StateHistory history = new StateHistory();

    /**
     * Adds the next level.
     *
     * @throws IllegalArgumentException if its level number does not exceed the previous one or
     *         its shape differs
     */
    public void add(LevelAnalysis a) {
        history.add(a.level(), a.states());
        levels.add(a);
    }

    /** The analyses added so far, in order. */
    public List<LevelAnalysis> levels() {
        return List.copyOf(levels);
    }

    /** The split value of each added level, in order. */
    public double[] splitValues() {
        return levels.stream().mapToDouble(a -> a.split().value()).toArray();
    }

    /** The first level whose split value is 0, if any. */
    public OptionalInt splitLevel() {
        for (LevelAnalysis a : levels) {
            if (a.split().isSplit()) {
                return OptionalInt.of(a.level());
            }
        }
        return OptionalInt.empty();
    }

    /** The first level whose split value is below 0, if any. */
    public OptionalInt degradationLevel() {
        for (LevelAnalysis a : levels) {
            if (a.split().isDegraded()) {
                return OptionalInt.of(a.level());
            }
        }
        return OptionalInt.empty();
    }

    /** The run's category from {@link #splitLevel()} and {@link #degradationLevel()}. */
    public SplitCategory category() {
        return SplitCategory.of(splitLevel(), degradationLevel());
    }

    /** The states of every added level. */
    public StateHistory history() {
        return history;
    }

    /**
     * One row per level: split value, potential, number of components and task components,
     * zombies, comatose neurons, and the pruning horizon of the step after the level (NaN when
     * none followed).
     */
    public Table levelTable() {
        int n = levels.size();
        int[] level = new int[n];
        double[] value = new double[n];
        double[] potential = new double[n];
        int[] comps = new int[n];
        int[] taskComps = new int[n];
        int[] zombies = new int[n];
        int[] comatose = new int[n];
        double[] maxPruned = new double[n];
        double[] minKept = new double[n];
        double[] meanKept = new double[n];
        for (int r = 0; r < n; r++) {
            LevelAnalysis a = levels.get(r);
            level[r] = a.level();
            value[r] = a.split().value();
            potential[r] = a.split().potential();
            comps[r] = a.split().components().size();
            taskComps[r] = a.split().taskComponents();
            zombies[r] = a.deadNeurons().totalZombies();
            comatose[r] = a.deadNeurons().totalComatose();
            PruningHorizon h = a.horizon();
            maxPruned[r] = h == null ? Double.NaN : h.maxPruned();
            minKept[r] = h == null ? Double.NaN : h.minKept();
            meanKept[r] = h == null ? Double.NaN : h.meanKeptWeight();
        }
        return Table.create("levels", IntColumn.create("level", level), DoubleColumn.create("splitValue", value),
                DoubleColumn.create("potential", potential), IntColumn.create("components", comps),
                IntColumn.create("taskComponents", taskComps), IntColumn.create("zombies", zombies),
                IntColumn.create("comatose", comatose), DoubleColumn.create("maxPruned", maxPruned),
                DoubleColumn.create("minKept", minKept), DoubleColumn.create("meanKeptWeight", meanKept));
    }

    /**
     * State counts per level: one row per level, element (WEIGHT, BIAS, NEURON) and layer (weight
     * layer for weights and biases, neuron layer for neurons; -1 for the total), with absolute
     * counts and shares of the layer's elements.
     */
    public Table countsTable() {
        List<Object[]> rows = new ArrayList<>();
        for (LevelAnalysis a : levels) {
            StateCounts c = a.counts();
            addRows(rows, a.level(), "WEIGHT", c.weights(), c.totalWeights());
            addRows(rows, a.level(), "BIAS", c.biases(), c.totalBiases());
            addRows(rows, a.level(), "NEURON", c.neurons(), c.totalNeurons());
        }
        int n = rows.size();
        int[] level = new int[n];
        String[] element = new String[n];
        int[] layer = new int[n];
        int[][] counts = new int[4][n];
        double[][] shares = new double[4][n];
        for (int r = 0; r < n; r++) {
            Object[] row = rows.get(r);
            level[r] = (Integer) row[0];
            element[r] = (String) row[1];
            layer[r] = (Integer) row[2];
            StateCounts.Tally t = (StateCounts.Tally) row[3];
            for (State s : State.values()) {
                counts[s.ordinal()][r] = t.count(s);
                shares[s.ordinal()][r] = t.share(s);
            }
        }
        Table t = Table.create("counts", IntColumn.create("level", level), StringColumn.create("element", element),
                IntColumn.create("layer", layer));
        for (State s : State.values()) {
            String name = s.name().toLowerCase(java.util.Locale.ROOT);
            t.addColumns(IntColumn.create(name, counts[s.ordinal()]));
        }
        for (State s : State.values()) {
            String name = s.name().toLowerCase(java.util.Locale.ROOT) + "Share";
            t.addColumns(DoubleColumn.create(name, shares[s.ordinal()]));
        }
        return t;
    }

    private static void addRows(List<Object[]> rows, int level, String element, List<StateCounts.Tally> layers,
            StateCounts.Tally total) {
        for (int l = 0; l < layers.size(); l++) {
            rows.add(new Object[] {level, element, l, layers.get(l)});
        }
        rows.add(new Object[] {level, element, -1, total});
    }
}
