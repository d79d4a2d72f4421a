package org.lotterylab.plot;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.lotterylab.metrics.SplitCategory;

import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Charts of how runs split across a numeric condition such as the extension level: the split
 * categories as stacked areas, and the active against the available weights at the split. Like
 * {@link Charts}, each builder names the columns it reads, fails with an
 * {@link IllegalArgumentException} naming a missing one, and returns a {@link Figure} holding
 * the numbers drawn.
 */
public final class SplitCharts {
    private SplitCharts() {
    }

    /**
     * The share of runs in each split category against a numeric condition {@code x} (e.g.
     * {@code extension}), as stacked areas that fill [0, 1] at every x. Reads {@code x} (numeric;
     * rows where it is missing are skipped) and {@code category} (a {@link SplitCategory} constant
     * name such as {@code SPLIT_ONLY}, or its label such as "split only"). The areas stack in enum
     * order from the bottom: split only, split + degrade, degrade only, still connected, each in
     * its fixed colour ({@link PaperStyle#category}). One series per category, named by its label,
     * with x the distinct x values in ascending order, y the share, and as band the stacked area's
     * bottom ({@code lower}: the sum of the shares below) and top ({@code upper}).
     *
     * @throws IllegalArgumentException if a column is missing, a category is unknown, or no row has
     *         an x value
     */
    public static Figure<XYChart> categoryAreas(Table t, String x) {
        require(t, x, "category");
        Column<?> xc = t.column(x);
        if (!(xc instanceof NumericColumn<?> xn)) {
            throw new IllegalArgumentException("column '" + x + "' must be numeric for a stacked area chart, it is "
                    + xc.type());
        }
        Column<?> cc = t.column("category");
        TreeMap<Double, int[]> counts = new TreeMap<>();
        for (int r = 0; r < t.rowCount(); r++) {
            if (xn.isMissing(r)) {
                continue;
            }
            int[] n = counts.computeIfAbsent(xn.getDouble(r), k -> new int[SplitCategory.values().length]);
            n[parse(cc.getString(r)).ordinal()]++;
        }
        if (counts.isEmpty()) {
            throw new IllegalArgumentException("table '" + t.name() + "' has no row with a value of '" + x + "'");
        }
        int m = counts.size();
        double[] xs = counts.keySet().stream().mapToDouble(Double::doubleValue).toArray();
        double[] below = new double[m];
        XYChart c = PaperStyle.xyChart(PaperStyle.Size.SINGLE_COLUMN, label(x), "share of runs");
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setYAxisMax(1.0);
        c.getStyler().setXAxisMin(xs[0]);
        c.getStyler().setXAxisMax(xs[m - 1] > xs[0] ? xs[m - 1] : xs[0] + 1);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setYAxisDecimalPattern("0.##");
        c.getStyler().setXAxisDecimalPattern("0.##");
        Figure.Builder<XYChart> f = Figure.builder(c);
        for (SplitCategory cat : SplitCategory.values()) {
            double[] share = new double[m];
            double[] lower = below.clone();
            double[] upper = new double[m];
            int i = 0;
            for (int[] n : counts.values()) {
                int total = 0;
                for (int k : n) {
                    total += k;
                }
                share[i] = (double) n[cat.ordinal()] / total;
                upper[i] = lower[i] + share[i];
                i++;
            }
            below = upper.clone();
            String name = PaperStyle.label(cat);
            area(c, name, xs, lower, upper, PaperStyle.category(cat));
            f.series(new Figure.Series(name, xs.clone(), share, lower, upper));
        }
        return f.build();
    }

    /**
     * The weights at each run's split: active (on an input-output path) against available (not
     * pruned), one point per row, coloured by {@code group} (a category column such as
     * {@code depth}; null for one series), with the diagonal active = available as a dashed line:
     * how far below it a point lies is the share of kept weights that no longer take part. Reads
     * {@code available} and {@code active} (numeric, as {@code Summaries.activeAtSplit} gives them;
     * rows with a missing value are skipped) and {@code group}. Series are named by the group value,
     * after the group's name when the column is numeric ("depth 2"); the diagonal is the series
     * "active = available", from 0 to the largest available count.
     *
     * @throws IllegalArgumentException if a column is missing
     */
    public static Figure<XYChart> activeVsAvailable(Table t, String group) {
        require(t, "available", "active");
        if (group != null) {
            require(t, group);
        }
        XYChart c = PaperStyle.xyChart(PaperStyle.Size.SINGLE_COLUMN, "available weights at the split",
                "active weights at the split");
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        Figure.Builder<XYChart> f = Figure.builder(c);
        Column<?> ac = t.column("available");
        Column<?> yc = t.column("active");
        Column<?> gc = group == null ? null : t.column(group);
        boolean numbers = gc instanceof NumericColumn<?>;
        java.util.LinkedHashMap<String, List<double[]>> points = new java.util.LinkedHashMap<>();
        double max = 0;
        for (int r = 0; r < t.rowCount(); r++) {
            if (ac.isMissing(r) || yc.isMissing(r) || (gc != null && gc.isMissing(r))) {
                continue;
            }
            double a = ((NumericColumn<?>) ac).getDouble(r);
            double y = ((NumericColumn<?>) yc).getDouble(r);
            String g = gc == null ? "runs" : numbers ? label(group) + " " + gc.getString(r) : gc.getString(r);
            points.computeIfAbsent(g, k -> new ArrayList<>()).add(new double[] {a, y});
            max = Math.max(max, a);
        }
        List<String> groups = new ArrayList<>(points.keySet());
        if (numbers) {
            groups.sort((p, q) -> Double.compare(number(p), number(q)));
        }
        double top = max > 0 ? max : 1;
        XYSeries d = c.addSeries("active = available", new double[] {0, top}, new double[] {0, top});
        d.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        d.setLineColor(PaperStyle.GREY);
        d.setLineStyle(PaperStyle.dashed());
        d.setMarker(SeriesMarkers.NONE);
        f.series(new Figure.Series("active = available", new double[] {0, top}, new double[] {0, top}));
        for (int k = 0; k < groups.size(); k++) {
            List<double[]> pts = points.get(groups.get(k));
            double[] xs = pts.stream().mapToDouble(p -> p[0]).toArray();
            double[] ys = pts.stream().mapToDouble(p -> p[1]).toArray();
            XYSeries s = c.addSeries(groups.get(k), xs, ys);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(PaperStyle.withAlpha(PaperStyle.categorical(k), 170));
            f.series(new Figure.Series(groups.get(k), xs, ys));
        }
        c.getStyler().setXAxisMin(0.0);
        c.getStyler().setYAxisMin(0.0);
        return f.build();
    }

    // ---------------------------------------------------------------- helpers

    /** A filled polygon between {@code lower} and {@code upper}, shown in the legend as {@code name}. */
    private static void area(XYChart c, String name, double[] x, double[] lower, double[] upper, Color color) {
        int n = x.length;
        double[] px = new double[2 * n + 1];
        double[] py = new double[2 * n + 1];
        for (int i = 0; i < n; i++) {
            px[i] = x[i];
            py[i] = upper[i];
            px[2 * n - 1 - i] = x[i];
            py[2 * n - 1 - i] = lower[i];
        }
        px[2 * n] = px[0];
        py[2 * n] = py[0];
        XYSeries s = c.addSeries(name, px, py);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
        s.setFillColor(color);
        s.setLineColor(color);
        s.setLineWidth(0.5f);
        s.setMarker(SeriesMarkers.NONE);
    }

    private static SplitCategory parse(String s) {
        for (SplitCategory c : SplitCategory.values()) {
            if (c.name().equalsIgnoreCase(s.trim()) || PaperStyle.label(c).equalsIgnoreCase(s.trim())) {
                return c;
            }
        }
        throw new IllegalArgumentException("not a split category: '" + s + "'; use one of SPLIT_ONLY,"
                + " SPLIT_AND_DEGRADE, DEGRADE_ONLY, STILL_CONNECTED");
    }

    private static void require(Table t, String... columns) {
        for (String col : columns) {
            if (col == null || !t.columnNames().contains(col)) {
                throw new IllegalArgumentException("table '" + t.name() + "' has no column '" + col + "'; it has "
                        + t.columnNames());
            }
        }
    }

    private static double number(String groupLabel) {
        try {
            return Double.parseDouble(groupLabel.substring(groupLabel.lastIndexOf(' ') + 1));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** An axis title from a column name: snake_case as words ("start_shape" -> "start shape"). */
    private static String label(String column) {
        return column.replace('_', ' ').trim().toLowerCase(Locale.ROOT);
    }
}
