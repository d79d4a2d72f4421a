package org.lotterylab.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lotterylab.experiment.Fixtures;
import org.lotterylab.metrics.State;
import org.lotterylab.metrics.StateHistory;
import tech.tablesaw.api.Table;

class StoredRunTest {
    @TempDir
    Path tmp;

    @Test
    void historyGivesEachElementsLifetimeAndTheLevelItWasPruned() {
        StoredRun r = RunStore.at(tmp).run(Fixtures.tiny());
        StateHistory h = r.history();
        assertEquals(List.of(0, 1, 2, 3), h.levels());
        Table levels = r.levels();
        int[] prunedAt = new int[r.levelCount()];
        int neverPruned = 0;
        int weights = 0;
        for (StateHistory.Lifetime life : h.lifetimes()) {
            int spent = 0;
            for (State s : State.values()) {
                spent += life.levels(s);
            }
            assertEquals(4, spent, "every element is in one state at every level");
            if (life.element() == StateHistory.Element.WEIGHT) {
                weights++;
                if (life.enteredPruned() < 0) {
                    neverPruned++;
                } else {
                    prunedAt[life.enteredPruned()]++;
                }
            }
        }
        assertEquals(4 * 6 + 6 * 6 + 6 * 2, weights);
        // the weights that entered "pruned" at level t are those the schedule removed at t
        assertEquals(0, prunedAt[0]);
        for (int t = 1; t < r.levelCount(); t++) {
            assertEquals(levels.intColumn("prunable").getInt(t - 1) - levels.intColumn("prunable").getInt(t), prunedAt[t],
                    "level " + t);
        }
        assertEquals(levels.intColumn("prunable").getInt(r.levelCount() - 1), neverPruned);
        StateHistory again = r.history();
        assertNotSame(h, again);
        assertEquals(h.lifetimes(), again.lifetimes());
        assertEquals(h.transitions(), again.transitions());
    }
}
