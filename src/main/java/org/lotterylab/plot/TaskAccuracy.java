package org.lotterylab.plot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import tech.tablesaw.api.Table;

/** Test accuracy of each task against the weights remaining, with each task's chance level. */
public final class TaskAccuracy {
    private TaskAccuracy() {
    }

    /**
     * Accuracy per task against weights remaining from one run's level table (the run store's
     * {@code levels()}), log x axis. Reads {@code weights} and {@code test_acc_t<k>} for each task
     * {@code k} (the level rows' per-task naming; a multi-class task's accuracy is its argmax
     * accuracy). Series: one per task named {@code names.get(k)}, in the task's colour
     * ({@link PaperStyle#task(int)}), points in increasing weights, levels whose accuracy is NaN
     * left out; then the chance levels {@code 1 / classes[k]} as dashed lines over the drawn weight
     * range: one grey series "chance" when every task has the same number of classes, else one
     * per task named {@code "chance " + name} in the task's colour. The y axis runs from the lowest
     * value drawn (rounded down to a tenth) to 1.
     *
     * @throws IllegalArgumentException if {@code names} and {@code classes} differ in length, a
     *         task has fewer than 2 classes, or a column is missing (naming it)
     */
    public static Figure<XYChart> vsWeights(Table levels, List<String> names, int[] classes) {
        if (names.size() != classes.length || names.isEmpty()) {
            throw new IllegalArgumentException("need one class count per task name, got " + names.size()
                    + " names and " + classes.length + " class counts");
        }
        List<String> need = new ArrayList<>(List.of("weights"));
        for (int k = 0; k < names.size(); k++) {
            if (classes[k] < 2) {
                throw new IllegalArgumentException("task " + k + " has " + classes[k] + " classes; a task has at least 2");
            }
            need.add("test_acc_t" + k);
        }
        for (String c : need) {
            if (!levels.columnNames().contains(c)) {
                throw new IllegalArgumentException("level table has no column '" + c + "' (have "
                        + levels.columnNames() + "): pass a run's levels() table");
            }
        }
        double[] weights = levels.numberColumn("weights").asDoubleArray();
        XYChart c = PaperStyle.xyChart(PaperStyle.Size.SINGLE_COLUMN, "weights remaining", "test accuracy");
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideSW);
        Figure.Builder<XYChart> f = Figure.builder(c);
        double lo = 1;
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < names.size(); k++) {
            double[] acc = levels.numberColumn("test_acc_t" + k).asDoubleArray();
            List<double[]> pts = new ArrayList<>();
            for (int r = 0; r < acc.length; r++) {
                if (!Double.isNaN(acc[r])) {
                    pts.add(new double[] {weights[r], acc[r]});
                }
            }
            pts.sort(Comparator.comparingDouble(p -> p[0]));
            double[] x = pts.stream().mapToDouble(p -> p[0]).toArray();
            double[] y = pts.stream().mapToDouble(p -> p[1]).toArray();
            for (double v : y) {
                lo = Math.min(lo, v);
            }
            if (x.length > 0) {
                xMin = Math.min(xMin, x[0]);
                xMax = Math.max(xMax, x[x.length - 1]);
            }
            Figure.Series s = new Figure.Series(names.get(k), x, y);
            f.series(s);
            if (x.length == 0) {
                continue; // a task without any accuracy: listed in the figure's data, not drawn
            }
            XYSeries line = c.addSeries(s.name(), x, y);
            line.setLineColor(PaperStyle.task(k));
            line.setLineStyle(PaperStyle.line());
            line.setMarkerColor(PaperStyle.task(k));
            line.setMarker(SeriesMarkers.CIRCLE);
        }
        if (xMin <= xMax) {
            boolean same = java.util.Arrays.stream(classes).distinct().count() == 1;
            for (int k = 0; k < (same ? 1 : names.size()); k++) {
                double chance = 1.0 / classes[k];
                lo = Math.min(lo, chance);
                double[] x = {xMin, xMax};
                double[] y = {chance, chance};
                Figure.Series s = new Figure.Series(same ? "chance" : "chance " + names.get(k), x, y);
                XYSeries line = c.addSeries(s.name(), x, y);
                line.setLineColor(same ? PaperStyle.GREY : PaperStyle.task(k));
                line.setLineStyle(PaperStyle.dashed());
                line.setMarker(SeriesMarkers.NONE);
                f.series(s);
            }
        }
        c.getStyler().setYAxisMin(Math.floor(lo * 10) / 10);
        c.getStyler().setYAxisMax(1.0);
        return f.build();
    }
}
