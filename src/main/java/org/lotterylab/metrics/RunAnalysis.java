package org.lotterylab.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

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
}
