package org.lotterylab.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;

import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;

/**
 * The house style. Chart sizes are in points (1/72 in) because XChart's DPI-aware export
 * scales a chart's pixel size by dpi/72: a 245 x 173 chart is a 3.4 x 2.4 in figure, and an
 * 8 pt font stays 8 pt in the PNG, the SVG and the PDF alike.
 */
final class PaperStyle {

    /** Okabe & Ito (2008), distinguishable under the common colour-vision deficiencies. */
    static final Color[] OKABE_ITO = {
        new Color(0x00, 0x72, 0xB2), // blue
        new Color(0xE6, 0x9F, 0x00), // orange
        new Color(0x00, 0x9E, 0x73), // bluish green
        new Color(0xD5, 0x5E, 0x00), // vermillion
        new Color(0xCC, 0x79, 0xA7), // reddish purple
        new Color(0x56, 0xB4, 0xE9), // sky blue
        new Color(0xF0, 0xE4, 0x42), // yellow
        new Color(0x00, 0x00, 0x00), // black
    };

    static final double POINTS_PER_INCH = 72.0;
    static final double SINGLE_COLUMN_WIDTH_IN = 3.4;
    static final double ASPECT = 2.4 / 3.4;
    static final int DPI = 300;
    /** Inline previews are drawn at twice the nominal size so they stay sharp on HiDPI screens. */
    static final double PREVIEW_SCALE = 2.0;

    // Logical fonts resolve to installed fonts (DejaVu on Debian) and embed cleanly in PDF.
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 9);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 8);
    private static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 7);

    private PaperStyle() {
    }

    static int points(double inches) {
        return (int) Math.round(inches * POINTS_PER_INCH);
    }

    static <C extends Chart<?, ?>> C apply(C chart) {
        Styler s = chart.getStyler();
        s.setSeriesColors(OKABE_ITO);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setChartFontColor(Color.BLACK);
        s.setPlotBorderVisible(true);
        s.setPlotBorderColor(Color.DARK_GRAY);
        s.setChartPadding(4);
        s.setChartTitleFont(TITLE);
        s.setLegendFont(LABEL);
        s.setLegendBorderColor(Color.WHITE);
        s.setLegendPadding(3);
        s.setLegendPosition(Styler.LegendPosition.InsideNE);
        s.setMarkerSize(4);
        s.setAntiAlias(true);
        if (s instanceof AxesChartStyler a) {
            a.setAxisTitleFont(LABEL);
            a.setAxisTickLabelsFont(TICK);
            a.setAxisTickLabelsColor(Color.BLACK);
            a.setAxisTickMarkLength(3);
            a.setAxisTitlePadding(3);
            a.setPlotGridLinesColor(new Color(0xE0, 0xE0, 0xE0));
            a.setPlotGridLinesStroke(new BasicStroke(0.5f));
        }
        return chart;
    }
}
