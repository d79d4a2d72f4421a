package org.lotterylab.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.lotterylab.metrics.SplitCategory;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class SplitChartsTest {
    private static final double EPS = 1e-12;

    @Test
    void categoryAreasStackTheSharesOfEachExtensionLevel() {
        // extension 0: 2 split only, 1 degrade only, 1 still connected; extension 2: 1 split + degrade (by its
        // label), 1 split only. Rows out of order: the x axis is sorted.
        Table t = Table.create("first split", IntColumn.create("extension", 2, 0, 0, 0, 0, 2),
                StringColumn.create("category", "split + degrade", "SPLIT_ONLY", "DEGRADE_ONLY", "SPLIT_ONLY",
                        "STILL_CONNECTED", "SPLIT_ONLY"));
        Figure<XYChart> f = SplitCharts.categoryAreas(t, "extension");
        assertEquals(List.of("split only", "split + degrade", "degrade only", "still connected"),
                List.copyOf(f.series().keySet()));
        Figure.Series split = f.series("split only");
        assertArrayEquals(new double[] {0, 2}, split.x(), EPS);
        assertArrayEquals(new double[] {0.5, 0.5}, split.y(), EPS);
        assertArrayEquals(new double[] {0, 0}, split.lower(), EPS);
        assertArrayEquals(new double[] {0.5, 0.5}, split.upper(), EPS);
        Figure.Series both = f.series("split + degrade");
        assertArrayEquals(new double[] {0, 0.5}, both.y(), EPS);
        assertArrayEquals(new double[] {0.5, 0.5}, both.lower(), EPS);
        assertArrayEquals(new double[] {0.5, 1}, both.upper(), EPS);
        Figure.Series degrade = f.series("degrade only");
        assertArrayEquals(new double[] {0.25, 0}, degrade.y(), EPS);
        assertArrayEquals(new double[] {0.5, 1}, degrade.lower(), EPS);
        Figure.Series still = f.series("still connected");
        assertArrayEquals(new double[] {0.25, 0}, still.y(), EPS);
        assertArrayEquals(new double[] {1, 1}, still.upper(), EPS, "the top area ends at 1 everywhere");
        // drawn as filled polygons in the categories' fixed colours, bottom edge then top edge
        XYSeries s = f.chart().getSeriesMap().get("split + degrade");
        assertEquals(XYSeries.XYSeriesRenderStyle.PolygonArea, s.getXYSeriesRenderStyle());
        assertEquals(PaperStyle.category(SplitCategory.SPLIT_AND_DEGRADE), s.getFillColor());
        assertArrayEquals(new double[] {0, 2, 2, 0, 0}, s.getXData(), EPS);
        assertArrayEquals(new double[] {0.5, 1, 0.5, 0.5, 0.5}, s.getYData(), EPS);
    }

    @Test
    void categoryAreasRejectBadInputNamingTheProblem() {
        Table t = Table.create("runs", StringColumn.create("extension", "a"), StringColumn.create("category", "SPLIT_ONLY"));
        var e = assertThrows(IllegalArgumentException.class, () -> SplitCharts.categoryAreas(t, "extension"));
        assertTrue(e.getMessage().contains("numeric"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SplitCharts.categoryAreas(t, "rate"));
        assertTrue(e.getMessage().contains("no column 'rate'"), e.getMessage());
        Table bad = Table.create("runs", IntColumn.create("extension", new int[] {0}),
                StringColumn.create("category", "split"));
        e = assertThrows(IllegalArgumentException.class, () -> SplitCharts.categoryAreas(bad, "extension"));
        assertTrue(e.getMessage().contains("not a split category: 'split'"), e.getMessage());
    }

    @Test
    void activeVsAvailableOnePointPerSplitByGroupWithTheDiagonal() {
        IntColumn available = IntColumn.create("available", 50, 40, 30);
        available.appendMissing();
        Table t = Table.create("active at the split", IntColumn.create("depth", 2, 1, 2, 1), available,
                DoubleColumn.create("active", 45, 40, 20, 10));
        Figure<XYChart> f = SplitCharts.activeVsAvailable(t, "depth");
        assertEquals(List.of("active = available", "depth 1", "depth 2"), List.copyOf(f.series().keySet()));
        assertArrayEquals(new double[] {0, 50}, f.series("active = available").x(), EPS);
        assertArrayEquals(new double[] {0, 50}, f.series("active = available").y(), EPS);
        // the row with no available count is skipped
        assertArrayEquals(new double[] {40}, f.series("depth 1").x(), EPS);
        assertArrayEquals(new double[] {50, 30}, f.series("depth 2").x(), EPS);
        assertArrayEquals(new double[] {45, 20}, f.series("depth 2").y(), EPS);
        assertEquals(XYSeries.XYSeriesRenderStyle.Scatter,
                f.chart().getSeriesMap().get("depth 2").getXYSeriesRenderStyle());
        Figure<XYChart> one = SplitCharts.activeVsAvailable(t, null);
        assertArrayEquals(new double[] {50, 40, 30}, one.series("runs").x(), EPS);
        var e = assertThrows(IllegalArgumentException.class, () -> SplitCharts.activeVsAvailable(t, "width"));
        assertTrue(e.getMessage().contains("no column 'width'"), e.getMessage());
    }
}
