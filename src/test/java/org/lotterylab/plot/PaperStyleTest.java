package org.lotterylab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

class PaperStyleTest {

    private static XYChart chart(double first, double step, int n) {
        double[] x = new double[n];
        double[] y = new double[n];
        for (int k = 0; k < n; k++) {
            x[k] = first + k * step;
            y[k] = k;
        }
        XYChart c = PaperStyle.xyChart(PaperStyle.Size.SINGLE_COLUMN, "x", "y");
        c.addSeries("s", x, y);
        return c;
    }

    /** The x bounds in force while rendering, then after it. */
    private static Double[] boundsDuringAndAfter(XYChart c) {
        Double[] during = PaperStyle.withRoundXTicks(c,
                () -> new Double[] {c.getStyler().getXAxisMin(), c.getStyler().getXAxisMax()});
        assertNull(c.getStyler().getXAxisMin(), "x min left set after rendering");
        assertNull(c.getStyler().getXAxisMax(), "x max left set after rendering");
        return during;
    }

    @Test
    void manyEquallySpacedXValuesArePaddedByHalfAStepWhileRendering() {
        Double[] epochs = boundsDuringAndAfter(chart(1, 1, 300));
        assertEquals(0.5, epochs[0]);
        assertEquals(300.5, epochs[1]);
        Double[] levels = boundsDuringAndAfter(chart(0, 2, 13));
        assertEquals(-1.0, levels[0]);
        assertEquals(25.0, levels[1]);
    }

    @Test
    void otherChartsAreDrawnAsTheyAre() {
        // 12 values keep XChart's label at every value; uneven spacing and log axes get round ticks already.
        assertNull(boundsDuringAndAfter(chart(0, 1, 12))[0]);
        XYChart uneven = chart(0, 1, 20);
        uneven.addSeries("t", new double[] {0.5}, new double[] {0});
        assertNull(boundsDuringAndAfter(uneven)[0]);
        XYChart log = chart(1, 1, 20);
        log.getStyler().setXAxisLogarithmic(true);
        assertNull(boundsDuringAndAfter(log)[0]);
        // Bounds the caller set are the caller's.
        XYChart fixed = chart(0, 1, 20);
        fixed.getStyler().setXAxisMin(-3.0);
        Double[] during = PaperStyle.withRoundXTicks(fixed, () -> new Double[] {fixed.getStyler().getXAxisMin()});
        assertEquals(-3.0, during[0]);
        assertEquals(-3.0, fixed.getStyler().getXAxisMin());
    }
}
