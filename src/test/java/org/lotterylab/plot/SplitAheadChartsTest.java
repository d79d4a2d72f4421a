package org.lotterylab.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class SplitAheadChartsTest {
    private static final double EPS = 1e-12;

    /** Run a (circles+moons) at relative levels -1, 0; run b (circles+xor) at -2, -1, 0. */
    private static Table aligned() {
        return Table.create("aligned", StringColumn.create("hash", "a", "a", "b", "b", "b"),
                StringColumn.create("data", "circles+moons", "circles+moons", "circles+xor", "circles+xor", "circles+xor"),
                IntColumn.create("relative_level", -1, 0, -2, -1, 0),
                DoubleColumn.create("modularity", 0.2, 0.5, 0.0, 0.1, 0.4),
                DoubleColumn.create("sharing", 0.5, 0.0, 0.9, 0.6, Double.NaN));
    }

    @Test
    void oneBandOverRunsWithTheSplitMarkedAtZero() {
        Figure<XYChart> f = SplitAheadCharts.aroundSplit(aligned(), "modularity", null);
        Figure.Series s = f.series("modularity");
        assertArrayEquals(new double[] {-2, -1, 0}, s.x(), EPS);
        assertArrayEquals(new double[] {0.0, 0.15, 0.45}, s.y(), EPS);
        // -2: one run, sd 0; -1: 0.2 and 0.1, sd 0.05 sqrt 2; 0: 0.5 and 0.4, the same.
        double sd = 0.05 * Math.sqrt(2);
        assertArrayEquals(new double[] {0.0, 0.15 - sd, 0.45 - sd}, s.lower(), EPS);
        assertArrayEquals(new double[] {0.0, 0.15 + sd, 0.45 + sd}, s.upper(), EPS);
        assertEquals(List.of(new Figure.Marker("split", 0)), f.markers());
        var line = f.chart().getSeriesMap().get("split");
        assertArrayEquals(new double[] {0, 0}, line.getXData(), EPS);
        assertArrayEquals(new double[] {0.0, 0.45 + sd}, line.getYData(), EPS, "from the lowest to the highest band edge");
    }

    @Test
    void oneBandPerGroup() {
        Figure<XYChart> f = SplitAheadCharts.aroundSplit(aligned(), "modularity", "data");
        assertEquals(List.of("circles+moons", "circles+xor"), List.copyOf(f.series().keySet()));
        assertArrayEquals(new double[] {-1, 0}, f.series("circles+moons").x(), EPS);
        assertArrayEquals(new double[] {0.2, 0.5}, f.series("circles+moons").y(), EPS);
        assertArrayEquals(new double[] {0.0, 0.1, 0.4}, f.series("circles+xor").y(), EPS);
    }

    @Test
    void severalMetricsOnOneAxisSkipNaN() {
        Figure<XYChart> f = SplitAheadCharts.metricsAroundSplit(aligned(), "modularity", "sharing");
        assertEquals(List.of("modularity", "sharing"), List.copyOf(f.series().keySet()));
        // sharing: -2 only b 0.9; -1 a 0.5, b 0.6; 0 only a 0 (b's NaN skipped).
        assertArrayEquals(new double[] {-2, -1, 0}, f.series("sharing").x(), EPS);
        assertArrayEquals(new double[] {0.9, 0.55, 0.0}, f.series("sharing").y(), EPS);
        assertArrayEquals(new double[] {0.0, 0.9}, f.chart().getSeriesMap().get("split").getYData(), EPS);
    }

    @Test
    void byLevelDrawsTheGroupsOverAbsoluteLevels() {
        Table t = Table.create("levels", StringColumn.create("data", "x", "x", "x", "x", "y", "y"),
                IntColumn.create("seed_model", 0, 0, 1, 1, 0, 0), IntColumn.create("level", 0, 1, 0, 1, 0, 1),
                DoubleColumn.create("modularity", 0.0, 0.4, 0.2, 0.2, 0.1, 0.1));
        Figure<XYChart> f = SplitAheadCharts.byLevel(t, "modularity", "data");
        assertEquals(List.of("x", "y"), List.copyOf(f.series().keySet()));
        assertArrayEquals(new double[] {0.1, 0.3}, f.series("x").y(), EPS);
        assertArrayEquals(new double[] {0.1 - 0.1 * Math.sqrt(2), 0.3 - 0.1 * Math.sqrt(2)}, f.series("x").lower(), EPS);
        assertTrue(f.markers().isEmpty(), "no split to mark");
    }

    @Test
    void aMissingColumnIsNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> SplitAheadCharts.aroundSplit(aligned(), "ncut", null));
        assertTrue(e.getMessage().contains("no column 'ncut'"), e.getMessage());
        Table raw = aligned().removeColumns("relative_level");
        var r = assertThrows(IllegalArgumentException.class, () -> SplitAheadCharts.metricsAroundSplit(raw, "modularity"));
        assertTrue(r.getMessage().contains("SplitAhead.aligned"), r.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SplitAheadCharts.metricsAroundSplit(aligned()));
    }
}
