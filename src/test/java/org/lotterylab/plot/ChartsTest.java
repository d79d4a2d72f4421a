package org.lotterylab.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import org.lotterylab.metrics.SplitCategory;
import org.lotterylab.metrics.State;

import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class ChartsTest {
    private static final double EPS = 1e-12;

    @Test
    void lossCurvesOneLinePerLevelInEpochOrderWithGradientColours() {
        Table t = Table.create("loss", IntColumn.create("level", 1, 0, 0, 1, 0),
                IntColumn.create("epoch", 2, 2, 1, 1, 3),
                DoubleColumn.create("val_loss", 0.5, 0.6, 0.7, 0.8, Double.NaN));
        Figure<XYChart> f = Charts.validationLoss(t);
        assertEquals(List.of("level 0", "level 1"), List.copyOf(f.series().keySet()));
        assertArrayEquals(new double[] {1, 2}, f.series("level 0").x(), EPS);
        assertArrayEquals(new double[] {0.7, 0.6}, f.series("level 0").y(), EPS);
        assertArrayEquals(new double[] {0.8, 0.5}, f.series("level 1").y(), EPS);
        assertEquals(PaperStyle.level(0, 0, 1), f.chart().getSeriesMap().get("level 0").getLineColor());
        assertEquals(PaperStyle.level(1, 0, 1), f.chart().getSeriesMap().get("level 1").getLineColor());
        assertFalse(PaperStyle.level(0, 0, 1).equals(PaperStyle.level(1, 0, 1)));
    }

    @Test
    void manyLevelsNameOnlyTheFirstMiddleAndLastInTheLegend() {
        int levels = 21;
        int[] level = new int[levels];
        int[] epoch = new int[levels];
        double[] loss = new double[levels];
        for (int l = 0; l < levels; l++) {
            level[l] = l;
            epoch[l] = 1;
            loss[l] = l;
        }
        Figure<XYChart> f = Charts.validationLoss(Table.create("loss", IntColumn.create("level", level),
                IntColumn.create("epoch", epoch), DoubleColumn.create("val_loss", loss)));
        List<String> named = f.chart().getSeriesMap().values().stream().filter(x -> x.isShowInLegend())
                .map(x -> x.getName()).toList();
        assertEquals(List.of("level 0", "level 10", "level 20"), named);
        assertEquals("validation loss", f.chart().getYAxisTitle());
    }

    @Test
    void axisTitlesFromColumnNames() {
        assertEquals("validation loss", Charts.label("val_loss"));
        assertEquals("hidden width", Charts.label("hiddenWidth"));
        assertEquals("horizon min kept relative", Charts.label("horizon_min_kept_rel"));
        assertEquals("interval", Charts.label("interval"));
    }

    @Test
    void missingColumnIsNamed() {
        Table t = Table.create("x", IntColumn.create("level", 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Charts.validationLoss(t));
        assertTrue(e.getMessage().contains("epoch"), e.getMessage());
    }

    @Test
    void accuracyPerTaskWithSplitAndDegradationMarkers() {
        Table t = Table.create("acc", IntColumn.create("level", 0, 0, 1, 1, 2, 2),
                IntColumn.create("weights", 100, 100, 50, 50, 25, 25),
                StringColumn.create("task", "circles", "moons", "circles", "moons", "circles", "moons"),
                DoubleColumn.create("accuracy", 1.0, 0.99, 0.98, 0.97, 0.7, 0.96));
        Figure<XYChart> f = Charts.accuracyVsWeights(t, OptionalInt.of(1), OptionalInt.of(2));
        assertArrayEquals(new double[] {25, 50, 100}, f.series("circles").x(), EPS);
        assertArrayEquals(new double[] {0.7, 0.98, 1.0}, f.series("circles").y(), EPS);
        assertArrayEquals(new double[] {0.96, 0.97, 0.99}, f.series("moons").y(), EPS);
        assertEquals(List.of(new Figure.Marker("split (level 1)", 50), new Figure.Marker("degradation (level 2)", 25)),
                f.markers());
        assertEquals(PaperStyle.task(0), f.chart().getSeriesMap().get("circles").getLineColor());
        assertEquals(PaperStyle.task(1), f.chart().getSeriesMap().get("moons").getLineColor());
        assertTrue(f.chart().getStyler().isXAxisLogarithmic());
        assertEquals(PaperStyle.splitMarker(), f.chart().getSeriesMap().get("split (level 1)").getLineColor());
        // no split: no marker
        assertTrue(Charts.accuracyVsWeights(t, OptionalInt.empty(), OptionalInt.empty()).markers().isEmpty());
    }

    @Test
    void categorySharesStackToOne() {
        Table t = Table.create("runs", IntColumn.create("hidden", 64, 8, 8, 64, 8, 64, 64),
                StringColumn.create("category", "SPLIT_ONLY", "DEGRADE_ONLY", "split only", "SPLIT_ONLY",
                        "STILL_CONNECTED", "SPLIT_AND_DEGRADE", "SPLIT_ONLY"));
        Figure<CategoryChart> f = Charts.categoryShares(t, "hidden");
        assertEquals(List.of("8", "64"), f.categories());
        assertEquals(List.of("split only", "split + degrade", "degrade only", "still connected"),
                List.copyOf(f.series().keySet()));
        assertArrayEquals(new double[] {1 / 3.0, 3 / 4.0}, f.series("split only").y(), EPS);
        assertArrayEquals(new double[] {0, 1 / 4.0}, f.series("split + degrade").y(), EPS);
        assertArrayEquals(new double[] {1 / 3.0, 0}, f.series("degrade only").y(), EPS);
        for (int p = 0; p < 2; p++) {
            double sum = 0;
            for (Figure.Series s : f.series().values()) {
                sum += s.y()[p];
            }
            assertEquals(1.0, sum, EPS);
        }
        assertTrue(f.chart().getStyler().isStacked());
        assertEquals(PaperStyle.category(SplitCategory.SPLIT_ONLY),
                f.chart().getSeriesMap().get("split only").getFillColor());
    }

    @Test
    void stateCountsReadTheStoreColumnsInTotalOrOfOneLayer() {
        // Rows out of level order: the series are in level order.
        Table t = Table.create("levels", IntColumn.create("level", 1, 0),
                IntColumn.create("neurons_active", 5, 8), IntColumn.create("neurons_zombie", 2, 0),
                IntColumn.create("neurons_inactive", 1, 0),
                IntColumn.create("neurons_active_n1", 3, 4), IntColumn.create("neurons_zombie_n1", 1, 0),
                IntColumn.create("neurons_inactive_n1", 0, 0),
                IntColumn.create("weights_active_l0", 9, 16), IntColumn.create("weights_zombie_l0", 3, 0),
                IntColumn.create("weights_inactive_l0", 4, 0));
        Figure<XYChart> f = Charts.stateCounts(t, "neurons");
        assertArrayEquals(new double[] {0, 1}, f.series("active").x(), EPS);
        assertArrayEquals(new double[] {8, 5}, f.series("active").y(), EPS);
        assertArrayEquals(new double[] {0, 2}, f.series("zombie").y(), EPS);
        assertArrayEquals(new double[] {0, 1}, f.series("inactive").y(), EPS);
        assertEquals(PaperStyle.state(State.ZOMBIE), f.chart().getSeriesMap().get("zombie").getLineColor());
        Figure<XYChart> layer = Charts.stateCounts(t, "neurons", 1);
        assertArrayEquals(new double[] {4, 3}, layer.series("active").y(), EPS);
        assertArrayEquals(new double[] {0, 1}, layer.series("zombie").y(), EPS);
        Figure<XYChart> weights = Charts.stateCounts(t, "weights", 0);
        assertArrayEquals(new double[] {0, 3}, weights.series("zombie").y(), EPS);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Charts.stateCounts(t, "weights", 1));
        assertTrue(e.getMessage().contains("weights_active_l1"), e.getMessage());
    }

    @Test
    void zombieLifetimesSplitBySignOfBias() {
        Table t = Table.create("z", DoubleColumn.create("bias", 0.3, -0.1, 0.0, Double.NaN, 1.2),
                IntColumn.create("lifetime", 4, 1, 2, 9, 6));
        Figure<XYChart> f = Charts.zombieLifetimes(t);
        assertArrayEquals(new double[] {0.3, 1.2}, f.series("bias > 0").x(), EPS);
        assertArrayEquals(new double[] {4, 6}, f.series("bias > 0").y(), EPS);
        assertArrayEquals(new double[] {-0.1, 0.0}, f.series("bias <= 0").x(), EPS);
    }

    @Test
    void pruningHorizonAbsoluteAndRelativeSkipNaN() {
        Table t = Table.create("levels", IntColumn.create("level", 0, 1, 2),
                DoubleColumn.create("horizon_max_pruned", 0.1, 0.2, Double.NaN),
                DoubleColumn.create("horizon_min_kept", 0.11, 0.25, Double.NaN),
                DoubleColumn.create("horizon_mean_kept", 0.5, 1.0, Double.NaN));
        Figure<XYChart> abs = Charts.pruningHorizon(t, false);
        assertArrayEquals(new double[] {0, 1}, abs.series("largest pruned").x(), EPS);
        assertArrayEquals(new double[] {0.1, 0.2}, abs.series("largest pruned").y(), EPS);
        Figure<XYChart> rel = Charts.pruningHorizon(t, true);
        assertArrayEquals(new double[] {0.2, 0.2}, rel.series("largest pruned").y(), EPS);
        assertArrayEquals(new double[] {0.22, 0.25}, rel.series("smallest kept").y(), EPS);
    }

    @Test
    void similarityWithChanceCurve() {
        Table t = Table.create("sim", DoubleColumn.create("density", 0.5, 0.1, 0.2),
                DoubleColumn.create("jaccard", 0.6, 0.2, 0.3));
        Figure<XYChart> f = Charts.similarity(t, "jaccard");
        assertArrayEquals(new double[] {0.1, 0.2, 0.5}, f.series("jaccard").x(), EPS);
        Figure.Series chance = f.series("chance");
        assertEquals(50, chance.size());
        assertEquals(0.1, chance.x()[0], 1e-12);
        assertEquals(0.5, chance.x()[49], 1e-12);
        for (int i = 0; i < chance.size(); i++) {
            double d = chance.x()[i];
            assertEquals(d * d / (2 * d - d * d), chance.y()[i], 1e-12);
        }
        // different densities: chance per point
        t.addColumns(DoubleColumn.create("density_b", 0.5, 0.2, 0.1));
        Figure.Series c2 = Charts.similarity(t, "jaccard").series("chance");
        assertArrayEquals(new double[] {0.1, 0.2, 0.5}, c2.x(), EPS);
        assertEquals(0.1 * 0.2 / (0.1 + 0.2 - 0.02), c2.y()[0], EPS);
        assertEquals(0.25 / 0.75, c2.y()[2], EPS);
    }

    @Test
    void heatmapAveragesCells() {
        Table t = Table.create("sweep", IntColumn.create("hidden", 16, 16, 8, 8, 16),
                IntColumn.create("levels", 10, 10, 10, 20, 20),
                BooleanColumn.create("split", new boolean[] {true, false, true, false, true}));
        Figure<HeatMapChart> f = Charts.heatmap(t, "hidden", "levels", "split", 0, 1);
        Figure.Heat h = f.heat().orElseThrow();
        assertEquals(List.of("8", "16"), h.x());
        assertEquals(List.of("10", "20"), h.y());
        assertEquals(1.0, h.values()[0][0], EPS);
        assertEquals(0.0, h.values()[0][1], EPS);
        assertEquals(0.5, h.values()[1][0], EPS);
        assertEquals(1.0, h.values()[1][1], EPS);
        assertEquals(2, h.counts()[1][0]);
        // the themed constructor: without range colours XChart paints nothing (or fails)
        assertEquals(5, f.chart().getStyler().getRangeColors().length);
        assertEquals(PaperStyle.Size.SQUARE.width(), f.image().getWidth());
    }

    @Test
    void errorBandIsMeanPlusMinusSampleSdOverSeeds() {
        // x = 1: seeds a, b, c -> 1, 2, 6 ; x = 2: seed a twice (averaged to 3), seed b -> 5
        Table t = Table.create("r", IntColumn.create("x", 1, 1, 1, 2, 2, 2),
                DoubleColumn.create("y", 1, 2, 6, 2, 4, 5), StringColumn.create("seed", "a", "b", "c", "a", "a", "b"));
        Figure<XYChart> f = Charts.errorBand(t, "x", "y", "seed", Charts.Band.SD);
        Figure.Series s = f.series("y");
        assertArrayEquals(new double[] {1, 2}, s.x(), EPS);
        assertArrayEquals(new double[] {3, 4}, s.y(), EPS);
        double sd1 = Math.sqrt(((1 - 3) * (1 - 3) + (2 - 3) * (2 - 3) + (6 - 3) * (6 - 3)) / 2.0);
        double sd2 = Math.sqrt(((3 - 4) * (3 - 4) + (5 - 4) * (5 - 4)) / 1.0);
        assertArrayEquals(new double[] {3 - sd1, 4 - sd2}, s.lower(), EPS);
        assertArrayEquals(new double[] {3 + sd1, 4 + sd2}, s.upper(), EPS);
        Figure.Series mm = Charts.errorBand(t, "x", "y", "seed", Charts.Band.MIN_MAX).series("y");
        assertArrayEquals(new double[] {1, 3}, mm.lower(), EPS);
        assertArrayEquals(new double[] {6, 5}, mm.upper(), EPS);
        // IQR: median line; x = 1 has 1, 2, 6 (quartiles at positions 0.5 and 1.5: 1.5 and 4),
        // x = 2 has 3, 5 (positions 0.25 and 0.75: 3.5 and 4.5).
        Figure.Series iqr = Charts.errorBand(t, "x", "y", "seed", Charts.Band.IQR).series("y");
        assertArrayEquals(new double[] {2, 4}, iqr.y(), EPS);
        assertArrayEquals(new double[] {1.5, 3.5}, iqr.lower(), EPS);
        assertArrayEquals(new double[] {4, 4.5}, iqr.upper(), EPS);
        assertTrue(f.chart().getSeriesMap().containsKey("y band"));
        assertFalse(f.chart().getSeriesMap().get("y band").isShowInLegend());
        assertFalse(f.chart().getStyler().isLegendVisible(), "one series: the y-axis title already names it");
    }

    @Test
    void errorBandsPerGroup() {
        Table t = Table.create("r", IntColumn.create("x", 1, 1, 1, 1), DoubleColumn.create("y", 1, 3, 10, 20),
                IntColumn.create("seed", 1, 2, 1, 2), StringColumn.create("task", "moons", "moons", "circles", "circles"));
        Figure<XYChart> f = Charts.errorBands(t, "x", "y", "seed", "task", Charts.Band.MIN_MAX);
        assertEquals(List.of("moons", "circles"), List.copyOf(f.series().keySet()));
        assertArrayEquals(new double[] {2}, f.series("moons").y(), EPS);
        assertArrayEquals(new double[] {10}, f.series("circles").lower(), EPS);
        assertArrayEquals(new double[] {20}, f.series("circles").upper(), EPS);
        assertTrue(f.chart().getStyler().isLegendVisible());
        // A numeric group names its values: "hidden 20" rather than a bare "20".
        Table widths = Table.create("r", IntColumn.create("x", 1, 1), DoubleColumn.create("y", 1, 3),
                IntColumn.create("seed", 1, 1), IntColumn.create("hidden", 20, 10));
        assertEquals(List.of("hidden 10", "hidden 20"),
                List.copyOf(Charts.errorBands(widths, "x", "y", "seed", "hidden", Charts.Band.SD).series().keySet()));
    }

    @Test
    void everyChartRendersWithoutError() {
        Table t = Table.create("r", IntColumn.create("x", 1, 2), DoubleColumn.create("y", 1, 3),
                IntColumn.create("seed", 1, 1));
        // painting exercises the styler (fonts, strokes, polygon band) headlessly
        assertEquals(PaperStyle.Size.SINGLE_COLUMN.width(), Charts.errorBand(t, "x", "y", "seed", Charts.Band.SD)
                .image().getWidth());
    }
}
