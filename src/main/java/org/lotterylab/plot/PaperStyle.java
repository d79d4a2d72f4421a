package org.lotterylab.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.List;
import java.util.Locale;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.lotterylab.metrics.SplitCategory;
import org.lotterylab.metrics.State;

/**
 * The one paper style of every LotteryLab figure: print sizes, fonts, strokes, grid, legend and
 * the fixed colours of states, split categories, tasks and weight signs.
 *
 * <p><b>Units.</b> Charts are laid out in points: one XChart pixel is one point (1/72 in), so a
 * single-column figure of 3.4 x 2.4 in is a 245 x 173 chart whose 8 pt fonts are 8 px high.
 * Export scales to the target resolution (PNG at 300 dpi renders 300/72 pixels per point).
 *
 * <p><b>Colours.</b> The Okabe-Ito palette (colour-blind safe). The mapping from meaning to
 * colour is fixed, so the same state, category or task has the same colour in every figure:
 * <ul>
 *   <li>states: active = blue, zombie = vermillion, inactive = grey, pruned = light grey;</li>
 *   <li>categories: split only = bluish green, split + degrade = orange, degrade only =
 *       vermillion, still connected = grey;</li>
 *   <li>tasks 0, 1, 2, ...: blue, orange, bluish green, reddish purple, sky blue, vermillion,
 *       yellow, black (then repeating);</li>
 *   <li>weight sign: positive = blue, negative = vermillion;</li>
 *   <li>ordered quantities (levels): a viridis-like sequential gradient; heatmap cells, which print
 *       their values, a light yellow-green-blue ramp on which black labels read.</li>
 * </ul>
 */
public final class PaperStyle {
    private PaperStyle() {
    }

    /** Points per inch: the chart pixel unit. */
    public static final double POINTS_PER_INCH = 72.0;

    /** Base font size (axis titles), in points. */
    public static final float FONT_SIZE = 8f;
    /** Tick label and legend font size, in points. */
    public static final float SMALL_FONT_SIZE = 7f;
    /** Chart title font size, in points. */
    public static final float TITLE_FONT_SIZE = 9f;
    /** The font family (a logical font, available in every JVM). */
    public static final String FONT_FAMILY = Font.SANS_SERIF;

    /** Standard print sizes. */
    public enum Size {
        /** One column of a two-column paper: 3.4 x 2.4 in. */
        SINGLE_COLUMN(3.4, 2.4),
        /** The full text width: 7 x 2.6 in. */
        DOUBLE_COLUMN(7.0, 2.6),
        /** A square single-column panel (heatmaps, diagrams): 3.4 x 3.4 in. */
        SQUARE(3.4, 3.4);

        private final double widthInches;
        private final double heightInches;

        Size(double w, double h) {
            this.widthInches = w;
            this.heightInches = h;
        }

        public double widthInches() {
            return widthInches;
        }

        public double heightInches() {
            return heightInches;
        }

        /** Width in points (chart pixels). */
        public int width() {
            return (int) Math.round(widthInches * POINTS_PER_INCH);
        }

        /** Height in points (chart pixels). */
        public int height() {
            return (int) Math.round(heightInches * POINTS_PER_INCH);
        }
    }

    // Okabe-Ito.
    public static final Color BLACK = new Color(0x000000);
    public static final Color ORANGE = new Color(0xE69F00);
    public static final Color SKY_BLUE = new Color(0x56B4E9);
    public static final Color BLUISH_GREEN = new Color(0x009E73);
    public static final Color YELLOW = new Color(0xF0E442);
    public static final Color BLUE = new Color(0x0072B2);
    public static final Color VERMILLION = new Color(0xD55E00);
    public static final Color REDDISH_PURPLE = new Color(0xCC79A7);
    /** Neutral grey (inactive, still connected). */
    public static final Color GREY = new Color(0x999999);
    /** Light grey (pruned, things drawn for context). */
    public static final Color LIGHT_GREY = new Color(0xDDDDDD);
    /** Grid lines. */
    public static final Color GRID = new Color(0xE8E8E8);
    /** Text and axes. */
    public static final Color INK = new Color(0x222222);

    private static final List<Color> SERIES = List.of(BLUE, ORANGE, BLUISH_GREEN, REDDISH_PURPLE, SKY_BLUE,
            VERMILLION, YELLOW, BLACK);

    /** The categorical series palette, in the order series get it. */
    public static List<Color> palette() {
        return SERIES;
    }

    /** Colour {@code i} of the categorical palette (cycling). */
    public static Color categorical(int i) {
        return SERIES.get(Math.floorMod(i, SERIES.size()));
    }

    /** The fixed colour of task {@code t} (0-based). */
    public static Color task(int t) {
        return categorical(t);
    }

    /** The fixed colour of a state. */
    public static Color state(State s) {
        return switch (s) {
            case ACTIVE -> BLUE;
            case ZOMBIE -> VERMILLION;
            case INACTIVE -> GREY;
            case PRUNED -> LIGHT_GREY;
        };
    }

    /** The fixed colour of a split category. */
    public static Color category(SplitCategory c) {
        return switch (c) {
            case SPLIT_ONLY -> BLUISH_GREEN;
            case SPLIT_AND_DEGRADE -> ORANGE;
            case DEGRADE_ONLY -> VERMILLION;
            case STILL_CONNECTED -> GREY;
        };
    }

    /** The display label of a state: "active", "zombie", "inactive", "pruned". */
    public static String label(State s) {
        return s.name().toLowerCase(Locale.ROOT);
    }

    /** The display label of a category: "split only", "split + degrade", "degrade only", "still connected". */
    public static String label(SplitCategory c) {
        return switch (c) {
            case SPLIT_ONLY -> "split only";
            case SPLIT_AND_DEGRADE -> "split + degrade";
            case DEGRADE_ONLY -> "degrade only";
            case STILL_CONNECTED -> "still connected";
        };
    }

    /** Colour of a positive weight. */
    public static Color positive() {
        return BLUE;
    }

    /** Colour of a negative weight. */
    public static Color negative() {
        return VERMILLION;
    }

    /** Marker of the split level in figures (bluish green, as "split only"). */
    public static Color splitMarker() {
        return BLUISH_GREEN;
    }

    /** Marker of the degradation level in figures (vermillion, as "degrade only"). */
    public static Color degradationMarker() {
        return VERMILLION;
    }

    /** Heatmap cells, light to mid (YlGnBu's light half): black value labels read on every cell. */
    private static final Color[] HEAT = {new Color(0xFFFFD9), new Color(0xEDF8B1), new Color(0xC7E9B4),
        new Color(0x7FCDBB), new Color(0x41B6C4)};

    // Viridis control points (0, 0.25, 0.5, 0.75, 1).
    private static final Color[] VIRIDIS = {new Color(0x440154), new Color(0x3B528B), new Color(0x21918C),
        new Color(0x5EC962), new Color(0xFDE725)};

    /** The sequential gradient at {@code f} in [0, 1] (clamped; NaN gives grey). */
    public static Color gradient(double f) {
        if (Double.isNaN(f)) {
            return GREY;
        }
        double g = Math.max(0, Math.min(1, f)) * (VIRIDIS.length - 1);
        int k = Math.min((int) Math.floor(g), VIRIDIS.length - 2);
        double u = g - k;
        Color a = VIRIDIS[k];
        Color b = VIRIDIS[k + 1];
        return new Color((int) Math.round(a.getRed() + u * (b.getRed() - a.getRed())),
                (int) Math.round(a.getGreen() + u * (b.getGreen() - a.getGreen())),
                (int) Math.round(a.getBlue() + u * (b.getBlue() - a.getBlue())));
    }

    /** The gradient colours used for heatmaps ({@code n >= 2} evenly spaced stops). */
    public static Color[] gradientStops(int n) {
        Color[] c = new Color[n];
        for (int i = 0; i < n; i++) {
            c[i] = gradient(n == 1 ? 0 : (double) i / (n - 1));
        }
        return c;
    }

    /**
     * The colour of level {@code level} among levels {@code first..last}: the gradient from dark
     * (first) to light (last), stopping short of the palest yellow so lines stay visible.
     */
    public static Color level(int level, int first, int last) {
        double f = last == first ? 0 : (double) (level - first) / (last - first);
        return gradient(0.9 * f);
    }

    /** {@code c} with alpha {@code alpha} in [0, 255]. */
    public static Color withAlpha(Color c, int alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }

    /** The paper font at {@code size} points. */
    public static Font font(float size) {
        return new Font(FONT_FAMILY, Font.PLAIN, 1).deriveFont(size);
    }

    /** Line stroke of data series: 1 pt. */
    public static BasicStroke line() {
        return new BasicStroke(1.0f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    }

    /** Thin stroke (grid, axes, band outlines): 0.5 pt. */
    public static BasicStroke thin() {
        return new BasicStroke(0.5f);
    }

    /** Dashed 0.8 pt stroke for marker lines (split and degradation levels, chance curves). */
    public static BasicStroke dashed() {
        return new BasicStroke(0.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {3f, 2f}, 0f);
    }

    /** The default marker of scatter series. */
    public static Marker marker() {
        return SeriesMarkers.CIRCLE;
    }

    /** A new XY chart of {@code size} with the paper style applied. */
    public static XYChart xyChart(Size size, String xTitle, String yTitle) {
        XYChart c = new XYChart(size.width(), size.height());
        c.setXAxisTitle(xTitle);
        c.setYAxisTitle(yTitle);
        return apply(c);
    }

    /** A new category chart of {@code size} with the paper style applied. */
    public static CategoryChart categoryChart(Size size, String xTitle, String yTitle) {
        CategoryChart c = new CategoryChart(size.width(), size.height());
        c.setXAxisTitle(xTitle);
        c.setYAxisTitle(yTitle);
        return apply(c);
    }

    /** A new heat map chart of {@code size} with the paper style applied. */
    public static HeatMapChart heatMapChart(Size size, String xTitle, String yTitle) {
        // XChart 3.8.8's HeatMapChart(int, int) applies no theme (its range colours stay null and
        // nothing is painted); the themed constructor does.
        HeatMapChart c = new HeatMapChart(size.width(), size.height(), Styler.ChartTheme.XChart);
        c.setXAxisTitle(xTitle);
        c.setYAxisTitle(yTitle);
        return apply(c);
    }

    /** Something drawn or written from a chart, which may fail with {@code E}. */
    @FunctionalInterface
    interface Render<T, E extends Exception> {
        T run() throws E;
    }

    /**
     * Runs {@code render} (a paint or an export of {@code chart}) with round tick labels on the x
     * axis, then leaves the chart as it was. XChart 3.8.8 puts x ticks only at data values when
     * those are equally spaced, every k-th one from the first: epochs 1 to 300 get labels 1, 23,
     * 45, ... and 21 levels get 21 crowded labels. Padding the axis by half a step at each end
     * breaks that rule, so its round-number ticks apply instead (50, 100, ...; 0, 5, 10, ...), and
     * the end points move off the frame. Applies to an {@link XYChart} with more than 12 equally
     * spaced x values, a linear x axis and no x bounds of its own; any other chart is drawn as is.
     */
    static <T, E extends Exception> T withRoundXTicks(Chart<?, ?> chart, Render<T, E> render) throws E {
        if (!(chart instanceof XYChart xy) || xy.getStyler().isXAxisLogarithmic()
                || xy.getStyler().getXAxisMin() != null || xy.getStyler().getXAxisMax() != null) {
            return render.run();
        }
        double[] step = equalStep(xy);
        if (step == null) {
            return render.run();
        }
        xy.getStyler().setXAxisMin(step[0] - step[2] / 2);
        xy.getStyler().setXAxisMax(step[1] + step[2] / 2);
        try {
            return render.run();
        } finally {
            xy.getStyler().setXAxisMin(null);
            xy.getStyler().setXAxisMax(null);
        }
    }

    /** {@code {min, max, step}} of the chart's distinct x values if more than 12 and equally spaced, else null. */
    static double[] equalStep(XYChart chart) {
        java.util.TreeSet<Double> xs = new java.util.TreeSet<>();
        for (var series : chart.getSeriesMap().values()) {
            for (double x : series.getXData()) {
                if (Double.isFinite(x)) {
                    xs.add(x);
                }
            }
        }
        if (xs.size() <= 12) {
            return null;
        }
        double min = xs.first();
        double max = xs.last();
        double step = (max - min) / (xs.size() - 1);
        double previous = Double.NaN;
        for (double x : xs) {
            if (!Double.isNaN(previous) && Math.abs(x - previous - step) > 1e-9 * Math.max(1, Math.abs(step))) {
                return null;
            }
            previous = x;
        }
        return new double[] {min, max, step};
    }

    /**
     * Applies the paper style to any XChart chart and returns it: fonts (title 9 pt, axis titles
     * 8 pt, ticks and legend 7 pt), white background, light grid of 0.5 pt lines, thin plot
     * border, legend inside the top-right corner without border, the categorical palette, small
     * markers and tight padding. The chart's size is left as constructed (use {@link Size}).
     */
    public static <C extends Chart<?, ?>> C apply(C chart) {
        Styler s = chart.getStyler();
        s.setBaseFont(font(FONT_SIZE));
        s.setChartTitleFont(font(TITLE_FONT_SIZE));
        s.setChartTitleBoxVisible(false);
        s.setChartTitlePadding(3);
        s.setChartBackgroundColor(Color.WHITE);
        s.setChartFontColor(INK);
        s.setChartPadding(4);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(GREY);
        s.setPlotBorderVisible(true);
        s.setLegendFont(font(SMALL_FONT_SIZE));
        s.setLegendBackgroundColor(withAlpha(Color.WHITE, 210));
        s.setLegendBorderColor(withAlpha(Color.WHITE, 0));
        s.setLegendPadding(3);
        s.setLegendSeriesLineLength(12);
        // Heat maps only allow an outside legend (their colour scale); set below.
        if (!(s instanceof org.knowm.xchart.style.HeatMapStyler)) {
            s.setLegendPosition(Styler.LegendPosition.InsideNE);
        }
        s.setSeriesColors(SERIES.toArray(new Color[0]));
        s.setMarkerSize(4);
        s.setAnnotationTextFont(font(SMALL_FONT_SIZE));
        s.setAnnotationTextFontColor(INK);
        s.setAnnotationLineColor(GREY);
        s.setAnnotationLineStroke(dashed());
        s.setToolTipsEnabled(false);
        s.setAntiAlias(true);
        if (s instanceof AxesChartStyler a) {
            a.setAxisTitleFont(font(FONT_SIZE));
            a.setAxisTickLabelsFont(font(SMALL_FONT_SIZE));
            a.setAxisTickLabelsColor(INK);
            a.setAxisTickMarksColor(GREY);
            a.setAxisTickMarksStroke(thin());
            a.setAxisTickMarkLength(3);
            // XChart's default (74 px) leaves 21 levels with ticks 0, 10, 20; labels that would
            // not fit still get a wider step.
            a.setXAxisTickMarkSpacingHint(50);
            a.setAxisTickPadding(2);
            a.setAxisTitlePadding(3);
            a.setPlotMargin(2);
            a.setPlotGridLinesVisible(true);
            a.setPlotGridLinesColor(GRID);
            a.setPlotGridLinesStroke(thin());
            a.setPlotTicksMarksVisible(false);
            a.setLocale(Locale.ROOT);
        }
        if (s instanceof org.knowm.xchart.style.HeatMapStyler h) {
            // Heatmaps print their values in black in each cell: a light ramp keeps every label readable
            // (on viridis' dark end they were not).
            h.setRangeColors(HEAT.clone());
            h.setLegendPosition(Styler.LegendPosition.OutsideE);
            h.setValueFont(font(6f));
            h.setDrawBorder(false);
        }
        return chart;
    }
}
