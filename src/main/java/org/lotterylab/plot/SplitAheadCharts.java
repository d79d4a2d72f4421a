package org.lotterylab.plot;

import java.util.ArrayList;
import java.util.List;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.selection.Selection;

/**
 * Charts of metrics aligned on each run's split level (a table of
 * {@code org.lotterylab.study.SplitAhead.aligned}): x is {@code relative_level} (0 the run's split
 * level, -2 two levels before it), the band is the mean +- sample sd over runs (rows averaged per
 * {@code hash} first, as {@link Charts#seedStats} does), and a dashed vertical line marks the split
 * at 0 ({@link Figure#markers()}: one marker "split" at x = 0), from the lowest to the highest band
 * edge, in grey so that it is not read as a series. NaN values are skipped. Legends go right of the
 * plot: the metrics fill the corners where a legend would sit.
 */
public final class SplitAheadCharts {
    static final String RELATIVE = "relative_level";
    static final String RUN = "hash";

    private SplitAheadCharts() {
    }

    /**
     * {@code column} around the split, one band per value of {@code group} (a category column such
     * as {@code data} or {@code l1}; null for one band named {@code column}). Series are named by
     * the group value, after the group's name when the column is numeric ("l1 0.001").
     *
     * @throws IllegalArgumentException if a column is missing
     */
    public static Figure<XYChart> aroundSplit(Table aligned, String column, String group) {
        require(aligned, RELATIVE, RUN, column);
        XYChart c = PaperStyle.xyChart(PaperStyle.Size.SINGLE_COLUMN, "levels relative to the split", Charts.label(column));
        Figure.Builder<XYChart> f = Figure.builder(c);
        List<Figure.Series> drawn = new ArrayList<>();
        if (group == null) {
            drawn.add(Charts.seedStats(aligned, RELATIVE, column, RUN, Charts.Band.SD, column));
            c.getStyler().setLegendVisible(false);
        } else {
            require(aligned, group);
            Column<?> g = aligned.column(group);
            for (String v : Charts.categories(aligned, group)) {
                Table sub = aligned.where(Selection.with(java.util.stream.IntStream.range(0, aligned.rowCount())
                        .filter(r -> g.getString(r).equals(v)).toArray()));
                String name = g instanceof NumericColumn<?> ? Charts.label(group) + " " + v : v;
                drawn.add(Charts.seedStats(sub, RELATIVE, column, RUN, Charts.Band.SD, name));
            }
        }
        return finish(c, f, drawn);
    }

    /**
     * Several metrics on one axis around the split, one band each named by its column, e.g.
     * {@code modularity}, {@code sharing} and {@code decided_in}, all between 0 and 1.
     *
     * @throws IllegalArgumentException if no column is given or one is missing
     */
    public static Figure<XYChart> metricsAroundSplit(Table aligned, String... columns) {
        if (columns.length == 0) {
            throw new IllegalArgumentException("metricsAroundSplit: name at least one column, e.g. \"modularity\"");
        }
        require(aligned, RELATIVE, RUN);
        require(aligned, columns);
        XYChart c = PaperStyle.xyChart(PaperStyle.Size.SINGLE_COLUMN, "levels relative to the split", "value");
        List<Figure.Series> drawn = new ArrayList<>();
        for (String col : columns) {
            drawn.add(Charts.seedStats(aligned, RELATIVE, col, RUN, Charts.Band.SD, col));
        }
        return finish(c, Figure.builder(c), drawn);
    }

    /**
     * {@code column} by (absolute) level, one band per value of {@code group}, for runs that have
     * no split level to align on (e.g. a control next to the base experiment): {@link
     * Charts#errorBands} over {@code seed_model}, with the legend right of the plot.
     *
     * @throws IllegalArgumentException if a column is missing
     */
    public static Figure<XYChart> byLevel(Table levels, String column, String group) {
        require(levels, "level", "seed_model", column, group);
        Figure<XYChart> f = Charts.errorBands(levels, "level", column, "seed_model", group, Charts.Band.SD);
        legendRight(f.chart());
        return f;
    }

    private static void legendRight(XYChart c) {
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
    }

    private static void require(Table t, String... columns) {
        for (String col : columns) {
            if (col == null || !t.columnNames().contains(col)) {
                throw new IllegalArgumentException("table '" + t.name() + "' has no column '" + col + "'; it has "
                        + t.columnNames() + " (align the levels first: SplitAhead.aligned(runs))");
            }
        }
    }

    private static Figure<XYChart> finish(XYChart c, Figure.Builder<XYChart> f, List<Figure.Series> drawn) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < drawn.size(); k++) {
            Figure.Series s = drawn.get(k);
            Charts.addBand(c, s, PaperStyle.categorical(k));
            f.series(s);
            for (int i = 0; i < s.size(); i++) {
                lo = Math.min(lo, Math.min(s.y()[i], s.lower()[i]));
                hi = Math.max(hi, Math.max(s.y()[i], s.upper()[i]));
            }
        }
        if (lo <= hi) {
            XYSeries m = c.addSeries("split", new double[] {0, 0}, new double[] {lo, hi});
            m.setLineColor(PaperStyle.GREY);
            m.setLineStyle(PaperStyle.dashed());
            m.setMarker(SeriesMarkers.NONE);
            m.setShowInLegend(false);
            f.marker(new Figure.Marker("split", 0));
        }
        legendRight(c);
        return f.build();
    }
}
