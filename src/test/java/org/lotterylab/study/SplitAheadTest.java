package org.lotterylab.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class SplitAheadTest {
    private static final double NaN = Double.NaN;

    /**
     * Run a splits at level 3, run b at level 2, run c never (its level 1 has no modularity):
     * <pre>
     * run level modularity sharing
     * a   0     0.00       0.90
     * a   1     0.05       0.85
     * a   2     0.20       0.70
     * a   3     0.50       0.00
     * a   4     0.50       0.00
     * b   0     0.02       0.80
     * b   1     0.15       0.75
     * b   2     0.48       0.00
     * b   3     0.50       0.00
     * c   0     0.00       0.90
     * c   1     NaN        0.90
     * c   2     0.03       0.85
     * </pre>
     */
    private static Table levels() {
        return Table.create("levels",
                StringColumn.create("hash", "a", "a", "a", "a", "a", "b", "b", "b", "b", "c", "c", "c"),
                IntColumn.create("seed_model", 1, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3),
                DoubleColumn.create("l1", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.001, 0.001, 0.001),
                IntColumn.create("level", 0, 1, 2, 3, 4, 0, 1, 2, 3, 0, 1, 2),
                DoubleColumn.create("modularity", 0, 0.05, 0.2, 0.5, 0.5, 0.02, 0.15, 0.48, 0.5, 0, NaN, 0.03),
                DoubleColumn.create("sharing", 0.9, 0.85, 0.7, 0, 0, 0.8, 0.75, 0, 0, 0.9, 0.9, 0.85));
    }

    private static Table summary() {
        IntColumn split = IntColumn.create("split_level", 3, 2);
        split.appendMissing();
        return Table.create("runs", StringColumn.create("hash", "a", "b", "c"), split);
    }

    @Test
    void alignedKeepsTheSplittingRunsWithTheirLevelRelativeToTheSplit() {
        Table t = SplitAhead.aligned(levels(), summary());
        assertEquals(9, t.rowCount(), "run c never split: its 3 rows are left out");
        assertArrayEquals(new int[] {3, 3, 3, 3, 3, 2, 2, 2, 2}, t.intColumn("split_level").asIntArray());
        assertArrayEquals(new int[] {-3, -2, -1, 0, 1, -2, -1, 0, 1}, t.intColumn("relative_level").asIntArray());
        assertArrayEquals(new double[] {0, 0.05, 0.2, 0.5, 0.5, 0.02, 0.15, 0.48, 0.5},
                t.doubleColumn("modularity").asDoubleArray(), 1e-15);
    }

    @Test
    void byRelativeLevelSummarisesTheRunsAtEachAlignedLevel() {
        Table s = SplitAhead.byRelativeLevel(SplitAhead.aligned(levels(), summary()), "modularity");
        assertArrayEquals(new int[] {-3, -2, -1, 0, 1}, s.intColumn("relative_level").asIntArray());
        assertArrayEquals(new int[] {1, 2, 2, 2, 2}, s.intColumn("runs").asIntArray());
        // -2: a 0.05, b 0.02: mean 0.035, sd sqrt(2 * 0.015^2 / 1) = 0.015 sqrt 2; -1: 0.2, 0.15; 0: 0.5, 0.48.
        assertArrayEquals(new double[] {0, 0.035, 0.175, 0.49, 0.5}, s.doubleColumn("mean").asDoubleArray(), 1e-12);
        double[] sd = s.doubleColumn("sd").asDoubleArray();
        assertTrue(Double.isNaN(sd[0]), "one run: no sample sd");
        assertArrayEquals(new double[] {0.015 * Math.sqrt(2), 0.025 * Math.sqrt(2), 0.01 * Math.sqrt(2), 0},
                new double[] {sd[1], sd[2], sd[3], sd[4]}, 1e-12);
        assertArrayEquals(new double[] {0, 0.035, 0.175, 0.49, 0.5}, s.doubleColumn("median").asDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {0, 0.02, 0.15, 0.48, 0.5}, s.doubleColumn("min").asDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {0, 0.05, 0.2, 0.5, 0.5}, s.doubleColumn("max").asDoubleArray(), 1e-12);
    }

    @Test
    void leadsCountTheLevelsBetweenTheFirstMoveAndTheSplit() {
        Table aligned = SplitAhead.aligned(levels(), summary());
        // A rise of 0.1 above level 0: a (0 -> 0.2) at level 2, b (0.02 -> 0.15) at level 1: both one level ahead.
        Table q = SplitAhead.leads(aligned, "modularity", 0.1);
        assertEquals(2, q.rowCount());
        assertArrayEquals(new String[] {"a", "b"}, q.stringColumn("hash").asObjectArray());
        assertArrayEquals(new int[] {1, 2}, q.intColumn("seed_model").asIntArray(), "config columns are kept");
        assertArrayEquals(new double[] {0, 0.02}, q.doubleColumn("dense").asDoubleArray(), 1e-15);
        assertArrayEquals(new int[] {2, 1}, q.intColumn("moved_level").asIntArray());
        assertArrayEquals(new int[] {1, 1}, q.intColumn("lead").asIntArray());
        // A rise of 0.3: a reaches 0.3 at its split level 3, b (0.32 needed) at its split level 2: lead 0.
        assertArrayEquals(new int[] {0, 0}, SplitAhead.leads(aligned, "modularity", 0.3).intColumn("lead").asIntArray());
        // A fall of 0.1: a (0.9 -> 0.7) at level 2, one level ahead; b (0.8 -> 0.75 is not enough) at its split.
        Table sh = SplitAhead.leads(aligned, "sharing", -0.1);
        assertArrayEquals(new int[] {2, 2}, sh.intColumn("moved_level").asIntArray());
        assertArrayEquals(new int[] {1, 0}, sh.intColumn("lead").asIntArray());
        // Modularity never rises by 1: no move, no lead.
        Table never = SplitAhead.leads(aligned, "modularity", 1.0);
        assertTrue(never.intColumn("lead").isMissing(0) && never.intColumn("lead").isMissing(1));
        assertTrue(Double.isNaN(Summaries.values(never, "moved_level")[0]));
    }

    @Test
    void peaksTakeTheFirstLargestFiniteValueOfEveryRun() {
        Table p = SplitAhead.peaks(levels(), "modularity");
        assertArrayEquals(new String[] {"a", "b", "c"}, p.stringColumn("hash").asObjectArray());
        assertArrayEquals(new double[] {0.5, 0.5, 0.03}, p.doubleColumn("peak").asDoubleArray(), 1e-15);
        assertArrayEquals(new int[] {3, 3, 2}, p.intColumn("peak_level").asIntArray(), "a reaches 0.5 first at 3");
        assertArrayEquals(new double[] {0, 0, 0.001}, p.doubleColumn("l1").asDoubleArray(), 1e-15);
    }

    @Test
    void badInputIsRefusedNamingTheProblem() {
        Table aligned = SplitAhead.aligned(levels(), summary());
        var zero = assertThrows(IllegalArgumentException.class, () -> SplitAhead.leads(aligned, "modularity", 0));
        assertTrue(zero.getMessage().contains("change = 0.0"), zero.getMessage());
        var missing = assertThrows(IllegalArgumentException.class, () -> SplitAhead.byRelativeLevel(aligned, "ncut"));
        assertTrue(missing.getMessage().contains("no column 'ncut'"), missing.getMessage());
        var noSplit = assertThrows(IllegalArgumentException.class,
                () -> SplitAhead.aligned(levels(), summary().removeColumns("split_level")));
        assertTrue(noSplit.getMessage().contains("'split_level'"), noSplit.getMessage());
    }
}
