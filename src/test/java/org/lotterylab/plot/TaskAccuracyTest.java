package org.lotterylab.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

class TaskAccuracyTest {
    /** Levels in store order (weights falling), one NaN accuracy. */
    private static Table levels() {
        return Table.create("levels", IntColumn.create("level", 0, 1, 2),
                DoubleColumn.create("weights", 1000, 100, 10),
                DoubleColumn.create("test_acc_t0", 0.9, 0.8, Double.NaN),
                DoubleColumn.create("test_acc_t1", 0.5, 0.6, 0.3));
    }

    @Test
    void seriesPerTaskSortedByWeightsWithChanceLevels() {
        var f = TaskAccuracy.vsWeights(levels(), List.of("mnist", "fashion"), new int[] {10, 2});
        assertEquals(List.of("mnist", "fashion", "chance mnist", "chance fashion"), List.copyOf(f.series().keySet()));
        assertArrayEquals(new double[] {100, 1000}, f.series("mnist").x());
        assertArrayEquals(new double[] {0.8, 0.9}, f.series("mnist").y());
        assertArrayEquals(new double[] {10, 100, 1000}, f.series("fashion").x());
        assertArrayEquals(new double[] {0.3, 0.6, 0.5}, f.series("fashion").y());
        assertArrayEquals(new double[] {0.1, 0.1}, f.series("chance mnist").y());
        assertArrayEquals(new double[] {10, 1000}, f.series("chance mnist").x());
        assertArrayEquals(new double[] {0.5, 0.5}, f.series("chance fashion").y());
        // lowest drawn value 0.1 (mnist's chance)
        assertEquals(0.1, f.chart().getStyler().getYAxisMin(), 1e-12);
        assertTrue(f.chart().getStyler().isXAxisLogarithmic());
    }

    @Test
    void equalClassCountsShareOneChanceLine() {
        var f = TaskAccuracy.vsWeights(levels(), List.of("a", "b"), new int[] {2, 2});
        assertEquals(List.of("a", "b", "chance"), List.copyOf(f.series().keySet()));
        assertArrayEquals(new double[] {0.5, 0.5}, f.series("chance").y());
        assertEquals(0.3, f.chart().getStyler().getYAxisMin(), 1e-12);
    }

    @Test
    void missingColumnsAndCountsAreNamed() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> TaskAccuracy.vsWeights(levels(), List.of("a", "b", "c"), new int[] {2, 2, 2}));
        assertTrue(e.getMessage().contains("test_acc_t2"), e.getMessage());
        var n = assertThrows(IllegalArgumentException.class,
                () -> TaskAccuracy.vsWeights(levels(), List.of("a", "b"), new int[] {2}));
        assertTrue(n.getMessage().contains("one class count per task"), n.getMessage());
        var c = assertThrows(IllegalArgumentException.class,
                () -> TaskAccuracy.vsWeights(levels(), List.of("a", "b"), new int[] {2, 1}));
        assertTrue(c.getMessage().contains("at least 2"), c.getMessage());
    }
}
