package org.lotterylab.plot;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.lotterylab.metrics.RunAnalysis;
import org.lotterylab.metrics.SplitCategory;
import org.lotterylab.metrics.State;
import org.lotterylab.metrics.Stats;
import org.lotterylab.metrics.StateHistory;
import org.lotterylab.prune.ImpRun;
import org.lotterylab.prune.LevelResult;
import org.lotterylab.train.Evaluation;
import org.lotterylab.train.TrainResult;

import tech.tablesaw.aggregate.AggregateFunctions;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * The figure builders of LotteryLab: static methods that read plain data or run tables and return
 * a {@link Figure}, i.e. an XChart chart in the {@link PaperStyle} together with the numbers drawn.
 *
 * <p>Every builder documents the table columns it reads; extra columns are ignored, a missing
 * one is an {@link IllegalArgumentException} naming it. Numeric columns may be of any Tablesaw
 * numeric type; "category" columns (sweep parameters, tasks, heat map axes) may be of any type and
 * are compared by their string form, ordered numerically when every value parses as a number and
 * by first appearance otherwise. Table helpers ({@link #lossTable(ImpRun)},
 * {@link #accuracyTable(ImpRun, List, boolean)}, {@link #zombieTable(StateHistory)}) turn run
 * results into the tables the builders read.
 *
 * <p>All charts use {@link PaperStyle.Size#SINGLE_COLUMN} unless a size is passed; the returned
 * chart may be restyled before export.
 */
public final class Charts {
    private Charts() {
    }

    /** What an error band spans. */
    public enum Band {
        /** mean +- sample standard deviation over seeds (n - 1 in the denominator; 0 for one seed). */
        SD,
        /** from the smallest to the largest seed value. */
        MIN_MAX,
        /**
         * the interquartile range, 25th to 75th percentile of the seed values
         * ({@link org.lotterylab.metrics.Stats#quantile}), around their median instead of their
         * mean: for skewed or bounded values (epochs, counts), where mean +- sd leaves the range.
         */
        IQR
    }

    // ---------------------------------------------------------------- tables from run results

    /**
     * The loss curves of every level of an IMP run, in the run store's vocabulary (as
     * {@code StoredRun.curves()}): columns {@code level} (int), {@code epoch} (int, 1-based),
     * {@code train_loss}, {@code val_loss} (double; NaN without validation set).
     */
    public static Table lossTable(ImpRun run) {
        List<Integer> level = new ArrayList<>();
        List<Integer> epoch = new ArrayList<>();
        List<Double> train = new ArrayList<>();
        List<Double> val = new ArrayList<>();
        for (LevelResult r : run.levels()) {
            TrainResult t = r.training();
            double[] tl = t.trainLoss();
            double[] vl = t.validationLoss();
            for (int e = 0; e < Math.max(tl.length, vl.length); e++) {
                level.add(r.level());
                epoch.add(e + 1);
                train.add(e < tl.length ? tl[e] : Double.NaN);
                val.add(e < vl.length ? vl[e] : Double.NaN);
            }
        }
        return Table.create("loss", IntColumn.create("level", level.stream().mapToInt(Integer::intValue).toArray()),
                IntColumn.create("epoch", epoch.stream().mapToInt(Integer::intValue).toArray()),
                DoubleColumn.create("train_loss", train.stream().mapToDouble(Double::doubleValue).toArray()),
                DoubleColumn.create("val_loss", val.stream().mapToDouble(Double::doubleValue).toArray()));
    }

    /**
     * Accuracy per task and level in long format: columns {@code level} (int), {@code weights}
     * (int, unpruned weights of the level's mask), {@code task} (string, from {@code taskNames}, or
     * "task t" when the list is shorter), {@code accuracy} (double, of the final evaluation on the
     * test set when {@code test}, else on the validation set).
     */
    public static Table accuracyTable(ImpRun run, List<String> taskNames, boolean test) {
        IntColumn level = IntColumn.create("level");
        IntColumn weights = IntColumn.create("weights");
        StringColumn task = StringColumn.create("task");
        DoubleColumn acc = DoubleColumn.create("accuracy");
        for (LevelResult r : run.levels()) {
            Evaluation e = test ? r.training().test() : r.training().validation();
            double[] a = e.taskAccuracy();
            for (int t = 0; t < a.length; t++) {
                level.append(r.level());
                weights.append(r.mask().keptWeights());
                task.append(t < taskNames.size() ? taskNames.get(t) : "task " + t);
                acc.append(a[t]);
            }
        }
        return Table.create("accuracy", level, weights, task, acc);
    }

    /**
     * One row per neuron that was ever a zombie: columns {@code layer} (neuron layer),
     * {@code index}, {@code entered} (first level as a zombie), {@code lifetime} (levels spent as a
     * zombie), {@code bias} (its bias at the level it became a zombie) and {@code last} (its last
     * recorded state).
     */
    public static Table zombieTable(StateHistory history) {
        Map<List<Integer>, Float> bias = new HashMap<>();
        for (StateHistory.NeuronLevel n : history.neuronTrace()) {
            bias.put(List.of(n.level(), n.layer(), n.index()), n.bias());
        }
        IntColumn layer = IntColumn.create("layer");
        IntColumn index = IntColumn.create("index");
        IntColumn entered = IntColumn.create("entered");
        IntColumn lifetime = IntColumn.create("lifetime");
        DoubleColumn b = DoubleColumn.create("bias");
        StringColumn last = StringColumn.create("last");
        for (StateHistory.Lifetime l : history.lifetimes()) {
            if (l.element() != StateHistory.Element.NEURON || l.levelsZombie() == 0) {
                continue;
            }
            layer.append(l.layer());
            index.append(l.index());
            entered.append(l.enteredZombie());
            lifetime.append(l.levelsZombie());
            Float v = bias.get(List.of(l.enteredZombie(), l.layer(), l.index()));
            b.append(v == null ? Double.NaN : v);
            last.append(l.last().name());
        }
        return Table.create("zombies", layer, index, entered, lifetime, b, last);
    }

    // ---------------------------------------------------------------- builders

    /** {@link #lossCurves(Table, String)} of the {@code val_loss} column (a run's {@code curves()} table). */
    public static Figure<XYChart> validationLoss(Table t) {
        return lossCurves(t, "val_loss");
    }

    /**
     * A loss against epoch, one line per level, coloured along the level gradient (dark = first
     * level, light = last). Reads {@code level} (integer), {@code epoch} and the numeric column
     * {@code lossColumn} (e.g. {@code val_loss}, {@code train_loss} of
     * {@link #lossTable(ImpRun)}); NaN losses are skipped. Series "level L", points in epoch order.
     * Up to 8 levels each have a legend entry; beyond that only the first, middle and last do,
     * enough to read the gradient.
     */
    public static Figure<XYChart> lossCurves(Table t, String lossColumn) {
        require(t, "level", "epoch", lossColumn);
        double[] level = doubles(t, "level");
        double[] epoch = doubles(t, "epoch");
        double[] loss = doubles(t, lossColumn);
        IntColumn lc = IntColumn.create("level");
        DoubleColumn ec = DoubleColumn.create("epoch");
        DoubleColumn vc = DoubleColumn.create("loss");
        for (int r = 0; r < t.rowCount(); r++) {
            if (!Double.isNaN(loss[r])) {
                lc.append((int) level[r]);
                ec.append(epoch[r]);
                vc.append(loss[r]);
            }
        }
        // One table per level (Tablesaw's splitOn), in level order, each in epoch order.
        List<Table> byLevel = new ArrayList<>(Table.create(t.name(), lc, ec, vc).sortAscendingOn("level", "epoch")
                .splitOn("level").asTableList());
        byLevel.sort((a, b) -> Integer.compare(a.intColumn("level").getInt(0), b.intColumn("level").getInt(0)));
        XYChart c = PaperStyle.xyChart(PaperStyle.Size.SINGLE_COLUMN, "epoch", label(lossColumn));
        Figure.Builder<XYChart> f = Figure.builder(c);
        if (!byLevel.isEmpty()) {
            List<Integer> levels = byLevel.stream().map(g -> g.intColumn("level").getInt(0)).toList();
            int first = levels.get(0);
            int last = levels.get(levels.size() - 1);
            Set<Integer> named = levels.size() <= 8 ? Set.copyOf(levels)
                    : Set.of(first, levels.get(levels.size() / 2), last);
            for (int k = 0; k < byLevel.size(); k++) {
                Table g = byLevel.get(k);
                int lv = levels.get(k);
                Figure.Series s = new Figure.Series("level " + lv, g.doubleColumn("epoch").asDoubleArray(),
                        g.doubleColumn("loss").asDoubleArray());
                line(c, s, PaperStyle.level(lv, first, last)).setShowInLegend(named.contains(lv));
                f.series(s);
            }
        }
        return f.build();
    }

    /**
     * Accuracy per task against weights remaining (log x axis), with the split and degradation
     * levels marked by dashed vertical lines (bluish green and vermillion). Reads {@code level}
     * (integer), {@code weights} (positive), {@code task} (category) and {@code accuracy}, as made
     * by {@link #accuracyTable(ImpRun, List, boolean)}. Series: one per task, named by the task,
     * in order of first appearance and coloured by that position ({@link PaperStyle#task(int)}),
     * points in increasing weights. A marker is drawn at the {@code weights} of the first row of
     * the given level; an empty level or one absent from the table draws none.
     */
    public static Figure<XYChart> accuracyVsWeights(Table t, OptionalInt splitLevel, OptionalInt degradationLevel) {
        require(t, "level", "weights", "task", "accuracy");
        double[] level = doubles(t, "level");
        double[] weights = doubles(t, "weights");
        double[] acc = doubles(t, "accuracy");
        List<String> tasks = categories(t, "task");
        Column<?> taskCol = t.column("task");
        XYChart c = PaperStyle.xyChart(PaperStyle.Size.SINGLE_COLUMN, "weights remaining", "accuracy");
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideSW);
        Figure.Builder<XYChart> f = Figure.builder(c);
        double lo = 1;
        for (int k = 0; k < tasks.size(); k++) {
            List<double[]> pts = new ArrayList<>();
            for (int r = 0; r < t.rowCount(); r++) {
                if (taskCol.getString(r).equals(tasks.get(k)) && !Double.isNaN(acc[r])) {
                    pts.add(new double[] {weights[r], acc[r]});
                    lo = Math.min(lo, acc[r]);
                }
            }
            pts.sort((a, b) -> Double.compare(a[0], b[0]));
            Figure.Series s = new Figure.Series(tasks.get(k), column(pts, 0), column(pts, 1));
            line(c, s, PaperStyle.task(k)).setMarker(SeriesMarkers.CIRCLE);
            f.series(s);
        }
        double yMin = Math.floor(lo * 10) / 10;
        c.getStyler().setYAxisMin(yMin);
        c.getStyler().setYAxisMax(1.0);
        marker(c, f, level, weights, splitLevel, "split", PaperStyle.splitMarker(), yMin, 1.0);
        marker(c, f, level, weights, degradationLevel, "degradation", PaperStyle.degradationMarker(), yMin, 1.0);
        return f.build();
    }

    /**
     * Accuracy per task against weights remaining from one run's level table (the run store's
     * {@code levels()}): reads {@code level}, {@code weights}, {@code test_acc_t0},
     * {@code test_acc_t1}, ... and {@code split_value}; task names come from the {@code data}
     * column ("circles+moons") when present. The split level is the first level with split value
     * 0, the degradation level the first with a negative one.
     */
    public static Figure<XYChart> accuracyVsWeights(Table levels) {
        require(levels, "level", "weights", "test_acc_t0", "split_value");
        List<String> names = levels.columnNames().contains("data") && levels.rowCount() > 0
                ? List.of(levels.column("data").getString(0).split("\\+")) : List.of();
        IntColumn level = IntColumn.create("level");
        DoubleColumn weights = DoubleColumn.create("weights");
        StringColumn task = StringColumn.create("task");
        DoubleColumn accuracy = DoubleColumn.create("accuracy");
        double[] lv = doubles(levels, "level");
        double[] w = doubles(levels, "weights");
        for (int k = 0; levels.columnNames().contains("test_acc_t" + k); k++) {
            double[] acc = doubles(levels, "test_acc_t" + k);
            String base = k < names.size() ? names.get(k) : "task " + k;
            // moons+moons: the same name twice would merge two tasks into one series.
            String name = java.util.Collections.frequency(names, base) > 1 ? base + " (task " + k + ")" : base;
            for (int r = 0; r < levels.rowCount(); r++) {
                level.append((int) lv[r]);
                weights.append(w[r]);
                task.append(name);
                accuracy.append(acc[r]);
            }
        }
        double[] split = doubles(levels, "split_value");
        OptionalInt splitLevel = OptionalInt.empty();
        OptionalInt degradationLevel = OptionalInt.empty();
        for (int r = 0; r < levels.rowCount(); r++) {
            if (splitLevel.isEmpty() && split[r] == 0) {
                splitLevel = OptionalInt.of((int) lv[r]);
            }
            if (degradationLevel.isEmpty() && split[r] < 0) {
                degradationLevel = OptionalInt.of((int) lv[r]);
            }
        }
        return accuracyVsWeights(Table.create("accuracy", level, weights, task, accuracy), splitLevel, degradationLevel);
    }

    /** {@link #accuracyVsWeights(Table, OptionalInt, OptionalInt)} with the run's split and degradation levels. */
    public static Figure<XYChart> accuracyVsWeights(Table t, RunAnalysis analysis) {
        return accuracyVsWeights(t, analysis.splitLevel(), analysis.degradationLevel());
    }

    /**
     * The share of runs in each {@link SplitCategory} against a sweep parameter, as stacked bars
     * (each bar sums to 1). Reads {@code parameter} (category, e.g. {@code hiddenWidth}) and
     * {@code category} (a {@link SplitCategory} constant name such as {@code SPLIT_ONLY}, or its
     * label such as "split only"). Series: the four category labels in enum order, each in its
     * fixed colour, with x = index of the parameter value in {@link Figure#categories()}.
     */
    public static Figure<CategoryChart> categoryShares(Table t, String parameter) {
        require(t, parameter, "category");
        List<String> params = categories(t, parameter);
        // Names and labels of a category count alike: cross-tabulate the enum names.
        StringColumn cat = StringColumn.create("category");
        Column<?> cc = t.column("category");
        for (int r = 0; r < t.rowCount(); r++) {
            cat.append(parseCategory(cc.getString(r)).name());
        }
        Table shares = Table.create(t.name(), strings(t, parameter), cat).xTabRowPercents(parameter, "category");
        Map<String, Integer> row = new HashMap<>();
        for (int r = 0; r < shares.rowCount(); r++) {
            row.put(shares.getString(r, 0), r);
        }
        CategoryChart c = PaperStyle.categoryChart(PaperStyle.Size.SINGLE_COLUMN, label(parameter), "share of runs");
        c.getStyler().setStacked(true);
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setYAxisMax(1.0);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setLegendPadding(2);
        // XChart 3.8.8 sizes the legend by the series line length (12) but draws bar swatches
        // 20 wide, which clipped the longest label at 300 dpi; make the two agree.
        c.getStyler().setLegendSeriesLineLength(20);
        // Shares are fractions of a few runs (1/3, 2/3): without a pattern XChart prints 17 digits.
        c.getStyler().setYAxisDecimalPattern("0.##");
        c.getStyler().setChartPadding(8);
        c.getStyler().setAvailableSpaceFill(0.7);
        Figure.Builder<CategoryChart> f = Figure.builder(c).categories(params);
        double[] x = new double[params.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        for (SplitCategory k : SplitCategory.values()) {
            double[] share = new double[params.size()];
            for (int p = 0; p < share.length; p++) {
                share[p] = shares.columnNames().contains(k.name()) ? shares.doubleColumn(k.name()).getDouble(row.get(params.get(p))) : 0;
            }
            String name = PaperStyle.label(k);
            List<Double> ys = new ArrayList<>();
            for (double v : share) {
                ys.add(v);
            }
            CategorySeries s = c.addSeries(name, params, ys);
            s.setFillColor(PaperStyle.category(k));
            s.setLineColor(PaperStyle.category(k));
            f.series(new Figure.Series(name, x.clone(), share));
        }
        return f.build();
    }

    /**
     * Active, zombie and inactive counts against level from one run's level table (the run
     * store's {@code levels()}), in total or of one layer: reads {@code level} and
     * {@code <element>_active}, {@code <element>_zombie}, {@code <element>_inactive} for
     * {@code element} = {@code neurons}, {@code weights} or {@code biases}, with the suffix
     * {@code _l<layer>} (weights, biases: weight layer) or {@code _n<layer>} (neurons: neuron
     * layer, 0 = inputs) when {@code layer >= 0}. Series "active", "zombie", "inactive" in their
     * fixed state colours, points in level order.
     */
    public static Figure<XYChart> stateCounts(Table levels, String element, int layer) {
        String suffix = layer < 0 ? "" : (element.equals("neurons") ? "_n" : "_l") + layer;
        List<String> states = List.of(State.ACTIVE, State.ZOMBIE, State.INACTIVE).stream()
                .map(st -> element + "_" + PaperStyle.label(st) + suffix).toList();
        require(levels, "level");
        require(levels, states.toArray(String[]::new));
        Table sorted = levels.sortAscendingOn("level");
        String what = element + (layer < 0 ? "" : " (layer " + layer + ")");
        XYChart c = PaperStyle.xyChart(PaperStyle.Size.SINGLE_COLUMN, "level", what);
        Figure.Builder<XYChart> f = Figure.builder(c);
        double[] x = doubles(sorted, "level");
        List<State> order = List.of(State.ACTIVE, State.ZOMBIE, State.INACTIVE);
        for (int k = 0; k < order.size(); k++) {
            Figure.Series series = new Figure.Series(PaperStyle.label(order.get(k)), x.clone(), doubles(sorted, states.get(k)));
            line(c, series, PaperStyle.state(order.get(k))).setMarker(SeriesMarkers.CIRCLE);
            f.series(series);
        }
        return f.build();
    }

    /** {@link #stateCounts(Table, String, int)} of the totals. */
    public static Figure<XYChart> stateCounts(Table levels, String element) {
        return stateCounts(levels, element, -1);
    }

    /**
     * Zombie lifetime against bias (scatter), for hypothesis 2. Reads {@code bias} and
     * {@code lifetime} (as made by {@link #zombieTable(StateHistory)}); rows with a NaN are
     * skipped. Series "bias > 0" (positive colour) and "bias <= 0" (negative colour).
     */
    public static Figure<XYChart> zombieLifetimes(Table t) {
        require(t, "bias", "lifetime");
        double[] bias = doubles(t, "bias");
        double[] life = doubles(t, "lifetime");
        List<double[]> pos = new ArrayList<>();
        List<double[]> neg = new ArrayList<>();
        for (int r = 0; r < t.rowCount(); r++) {
            if (Double.isNaN(bias[r]) || Double.isNaN(life[r])) {
                continue;
            }
            (bias[r] > 0 ? pos : neg).add(new double[] {bias[r], life[r]});
        }
        XYChart c = PaperStyle.xyChart(PaperStyle.Size.SINGLE_COLUMN, "bias when it became a zombie",
                "levels as a zombie");
        Figure.Builder<XYChart> f = Figure.builder(c);
        scatterSeries(c, f, "bias > 0", pos, PaperStyle.positive());
        scatterSeries(c, f, "bias <= 0", neg, PaperStyle.negative());
        return f.build();
    }

    /**
     * The pruning horizon against level: the largest |value| pruned and the smallest |value| kept
     * by the step that produced each level, absolute or relative to the mean |value| of the
     * surviving weights. Reads the run store's level columns {@code level},
     * {@code horizon_max_pruned}, {@code horizon_min_kept} and, when {@code relative},
     * {@code horizon_mean_kept}; NaN points (level 0, nothing pruned) are skipped. Series "largest pruned" (vermillion) and "smallest
     * kept" (blue).
     */
    public static Figure<XYChart> pruningHorizon(Table t, boolean relative) {
        String maxCol = "horizon_max_pruned";
        String minCol = "horizon_min_kept";
        String meanCol = "horizon_mean_kept";
        require(t, "level", maxCol, minCol);
        if (relative) {
            require(t, meanCol);
        }
        double[] level = doubles(t, "level");
        double[] max = doubles(t, maxCol);
        double[] min = doubles(t, minCol);
        double[] mean = relative ? doubles(t, meanCol) : null;
        XYChart c = PaperStyle.xyChart(PaperStyle.Size.SINGLE_COLUMN, "level",
                relative ? "|value| / mean kept |weight|" : "|value|");
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        Figure.Builder<XYChart> f = Figure.builder(c);
        for (int k = 0; k < 2; k++) {
            double[] v = k == 0 ? max : min;
            List<double[]> pts = new ArrayList<>();
            for (int r = 0; r < t.rowCount(); r++) {
                double y = relative ? v[r] / mean[r] : v[r];
                if (Double.isFinite(y)) {
                    pts.add(new double[] {level[r], y});
                }
            }
            pts.sort((a, b) -> Double.compare(a[0], b[0]));
            Figure.Series s = new Figure.Series(k == 0 ? "largest pruned" : "smallest kept", column(pts, 0),
                    column(pts, 1));
            if (s.size() > 0) {
                line(c, s, k == 0 ? PaperStyle.VERMILLION : PaperStyle.BLUE).setMarker(SeriesMarkers.CIRCLE);
            }
            f.series(s);
        }
        return f.build();
    }

    /**
     * A ticket similarity against density (log x axis) with its chance level. Reads
     * {@code density} and {@code similarityColumn} (e.g. {@code jaccard}); when the table has a
     * {@code density_b} column the two masks' densities differ and the chance level of each point
     * is {@code d_a d_b / (d_a + d_b - d_a d_b)} (series "chance", one point per row in density
     * order); otherwise both masks have density {@code d} and the chance curve {@code d / (2 - d)}
     * is drawn at 50 log-spaced densities over the data's range. Series {@code similarityColumn}
     * (scatter, blue) and "chance" (dashed grey line).
     */
    public static Figure<XYChart> similarity(Table t, String similarityColumn) {
        require(t, "density", similarityColumn);
        double[] d = doubles(t, "density");
        double[] s = doubles(t, similarityColumn);
        boolean two = t.columnNames().contains("density_b");
        double[] db = two ? doubles(t, "density_b") : null;
        XYChart c = PaperStyle.xyChart(PaperStyle.Size.SINGLE_COLUMN, "density", label(similarityColumn));
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        Figure.Builder<XYChart> f = Figure.builder(c);
        List<double[]> pts = new ArrayList<>();
        List<double[]> chance = new ArrayList<>();
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (int r = 0; r < t.rowCount(); r++) {
            if (!(d[r] > 0) || Double.isNaN(s[r])) {
                continue;
            }
            pts.add(new double[] {d[r], s[r]});
            lo = Math.min(lo, d[r]);
            hi = Math.max(hi, d[r]);
            if (two) {
                double den = d[r] + db[r] - d[r] * db[r];
                chance.add(new double[] {d[r], den == 0 ? 1 : d[r] * db[r] / den});
            }
        }
        pts.sort((a, b) -> Double.compare(a[0], b[0]));
        scatterSeries(c, f, similarityColumn, pts, PaperStyle.BLUE);
        if (!two && !pts.isEmpty()) {
            int n = lo == hi ? 1 : 50;
            for (int i = 0; i < n; i++) {
                double x = n == 1 ? lo : Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * i / (n - 1));
                chance.add(new double[] {x, x / (2 - x)});
            }
        }
        chance.sort((a, b) -> Double.compare(a[0], b[0]));
        Figure.Series cs = new Figure.Series("chance", column(chance, 0), column(chance, 1));
        if (cs.size() > 0) {
            XYSeries xs = line(c, cs, PaperStyle.GREY);
            xs.setLineStyle(PaperStyle.dashed());
        }
        f.series(cs);
        return f.build();
    }

    /** {@link #similarity(Table, String)} with a chart title, e.g. the pairing a panel shows. */
    public static Figure<XYChart> similarity(Table t, String similarityColumn, String title) {
        Figure<XYChart> f = similarity(t, similarityColumn);
        f.chart().setTitle(title);
        return f;
    }

    /** {@link #heatmap(Table, String, String, String, double, double)} with the colour range of the data. */
    public static Figure<HeatMapChart> heatmap(Table t, String xColumn, String yColumn, String valueColumn) {
        return heatmap(t, xColumn, yColumn, valueColumn, Double.NaN, Double.NaN);
    }

    /**
     * A heat map of the mean of {@code valueColumn} per ({@code xColumn}, {@code yColumn}) cell,
     * e.g. the split share by hidden width and number of levels (value column: 1/0 or boolean
     * "split"). Reads the two category columns and the value column (numeric, or boolean read as
     * 1/0); NaN values are skipped and cells without rows are left empty (NaN in
     * {@link Figure#heat()}). The colour scale spans {@code [min, max]} (the data's range when
     * NaN), and each cell shows its value.
     */
    public static Figure<HeatMapChart> heatmap(Table t, String xColumn, String yColumn, String valueColumn,
            double min, double max) {
        require(t, xColumn, yColumn, valueColumn);
        List<String> xs = categories(t, xColumn);
        List<String> ys = categories(t, yColumn);
        // Booleans count as 1/0; a NaN is missing, so the mean and count skip it.
        Table cellsTable = Table.create(t.name(), strings(t, xColumn).setName("x"), strings(t, yColumn).setName("y"),
                DoubleColumn.create("v", doubles(t, valueColumn))).summarize("v", AggregateFunctions.mean, AggregateFunctions.count).by("x", "y");
        double[][] mean = new double[xs.size()][ys.size()];
        int[][] n = new int[xs.size()][ys.size()];
        for (double[] m : mean) {
            Arrays.fill(m, Double.NaN);
        }
        for (int r = 0; r < cellsTable.rowCount(); r++) {
            int i = xs.indexOf(cellsTable.getString(r, "x"));
            int j = ys.indexOf(cellsTable.getString(r, "y"));
            n[i][j] = (int) cellsTable.doubleColumn(3).getDouble(r);
            mean[i][j] = n[i][j] == 0 ? Double.NaN : cellsTable.doubleColumn(2).getDouble(r);
        }
        List<Number[]> cells = new ArrayList<>();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < xs.size(); i++) {
            for (int j = 0; j < ys.size(); j++) {
                if (n[i][j] > 0) {
                    cells.add(new Number[] {i, j, mean[i][j]});
                    lo = Math.min(lo, mean[i][j]);
                    hi = Math.max(hi, mean[i][j]);
                }
            }
        }
        HeatMapChart c = PaperStyle.heatMapChart(PaperStyle.Size.SQUARE, label(xColumn), label(yColumn));
        c.getStyler().setShowValue(true);
        c.getStyler().setHeatMapValueDecimalPattern("0.00");
        c.getStyler().setPlotGridLinesVisible(false);
        if (!cells.isEmpty()) {
            c.getStyler().setMin(Double.isNaN(min) ? lo : min);
            c.getStyler().setMax(Double.isNaN(max) ? (hi > lo ? hi : lo + 1) : max);
            c.addSeries(valueColumn, xs, ys, cells);
        }
        return Figure.builder(c).heat(new Figure.Heat(xs, ys, mean, n)).build();
    }

    /**
     * Mean and band over seeds of {@code y} against {@code x}: for each distinct x (ascending),
     * the rows are first averaged per seed (the {@code seed} column's values, any type), then the
     * per-seed values give the centre and the band ({@link Band#SD}: mean +- sample sd, 0 for one
     * seed; {@link Band#MIN_MAX}: mean, smallest to largest; {@link Band#IQR}: median, 25th to
     * 75th percentile). NaN y values are skipped; an x with no finite value is left out.
     *
     * @return a series named {@code name} with x, the centre (mean, or median for IQR) as y, and
     *         the band as lower / upper
     */
    public static Figure.Series seedStats(Table t, String x, String y, String seed, Band band, String name) {
        require(t, x, y, seed);
        double[] xv = doubles(t, x);
        double[] yv = doubles(t, y);
        Column<?> sc = t.column(seed);
        // Tablesaw groups by categorical columns: each row's x as the index of its value among the distinct x.
        double[] distinct = java.util.stream.IntStream.range(0, t.rowCount()).filter(r -> !Double.isNaN(yv[r])
                && !Double.isNaN(xv[r])).mapToDouble(r -> xv[r]).sorted().distinct().toArray();
        IntColumn xc = IntColumn.create("x");
        StringColumn seeds = StringColumn.create("seed");
        DoubleColumn yc = DoubleColumn.create("y");
        for (int r = 0; r < t.rowCount(); r++) {
            if (!Double.isNaN(yv[r]) && !Double.isNaN(xv[r])) {
                xc.append(Arrays.binarySearch(distinct, xv[r]));
                seeds.append(sc.getString(r));
                yc.append(yv[r]);
            }
        }
        // One mean per x and seed, then the seeds' means per x.
        Table perSeed = Table.create(t.name(), xc, seeds, yc).summarize("y", AggregateFunctions.mean).by("x", "seed");
        TreeMap<Double, List<Double>> cells = new TreeMap<>();
        for (int r = 0; r < perSeed.rowCount(); r++) {
            cells.computeIfAbsent(distinct[perSeed.intColumn("x").getInt(r)], k -> new ArrayList<>())
                    .add(perSeed.doubleColumn(2).getDouble(r));
        }
        int n = cells.size();
        double[] xs = new double[n];
        double[] mean = new double[n];
        double[] lower = new double[n];
        double[] upper = new double[n];
        int i = 0;
        for (Map.Entry<Double, List<Double>> e : cells.entrySet()) {
            double[] v = e.getValue().stream().mapToDouble(Double::doubleValue).toArray();
            double m = Arrays.stream(v).sum() / v.length;
            xs[i] = e.getKey();
            mean[i] = band == Band.IQR ? Stats.median(v) : m;
            if (band == Band.IQR) {
                lower[i] = Stats.quantile(0.25, v);
                upper[i] = Stats.quantile(0.75, v);
            } else if (band == Band.SD) {
                double ss = 0;
                for (double a : v) {
                    ss += (a - m) * (a - m);
                }
                double sd = v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : 0;
                lower[i] = m - sd;
                upper[i] = m + sd;
            } else {
                lower[i] = Arrays.stream(v).min().orElse(m);
                upper[i] = Arrays.stream(v).max().orElse(m);
            }
            i++;
        }
        return new Figure.Series(name, xs, mean, lower, upper);
    }

    /**
     * A mean line with an error band over seeds ({@link #seedStats}) of {@code y} against
     * {@code x}. Reads {@code x}, {@code y} (numeric) and {@code seed}. One series named {@code y}.
     */
    public static Figure<XYChart> errorBand(Table t, String x, String y, String seed, Band band) {
        return errorBands(t, x, y, seed, null, band);
    }

    /**
     * Mean lines with error bands over seeds, one per value of {@code group} (a category column,
     * e.g. {@code task} or {@code hiddenWidth}; null for a single series named {@code y}). Reads
     * {@code x}, {@code y}, {@code seed} and {@code group}. Series are named by the group value
     * (after the group's name when the column is numeric: "hidden width 20", not "20") and
     * coloured by its position ({@link PaperStyle#categorical(int)}); the band is a translucent
     * polygon of the same colour, not in the legend. A single series has no legend: it would
     * only repeat the y-axis title, over the data in the chart's corner.
     */
    public static Figure<XYChart> errorBands(Table t, String x, String y, String seed, String group, Band band) {
        XYChart c = PaperStyle.xyChart(PaperStyle.Size.SINGLE_COLUMN, label(x), label(y));
        Figure.Builder<XYChart> f = Figure.builder(c);
        if (group == null) {
            Figure.Series s = seedStats(t, x, y, seed, band, y);
            addBand(c, s, PaperStyle.categorical(0));
            f.series(s);
            c.getStyler().setLegendVisible(false);
        } else {
            require(t, group);
            List<String> groups = categories(t, group);
            Column<?> gc = t.column(group);
            boolean numbers = gc instanceof NumericColumn<?>;
            for (int k = 0; k < groups.size(); k++) {
                String g = groups.get(k);
                Table sub = t.where(tech.tablesaw.selection.Selection.with(rowsEqual(gc, g)));
                Figure.Series s = seedStats(sub, x, y, seed, band, numbers ? label(group) + " " + g : g);
                addBand(c, s, PaperStyle.categorical(k));
                f.series(s);
            }
        }
        return f.build();
    }

    /**
     * Adds a mean line and its band (a series with {@link Figure.Series#hasBand()}) to any XY
     * chart: the band as a translucent {@code PolygonArea} series "name band" hidden from the
     * legend, then the line "name" on top. Returns the line series.
     */
    public static XYSeries addBand(XYChart chart, Figure.Series s, Color color) {
        if (s.size() == 0) {
            return null;
        }
        if (s.hasBand()) {
            int n = s.size();
            double[] px = new double[2 * n + 1];
            double[] py = new double[2 * n + 1];
            for (int i = 0; i < n; i++) {
                px[i] = s.x()[i];
                py[i] = s.upper()[i];
                px[2 * n - 1 - i] = s.x()[i];
                py[2 * n - 1 - i] = s.lower()[i];
            }
            px[2 * n] = px[0];
            py[2 * n] = py[0];
            XYSeries b = chart.addSeries(s.name() + " band", px, py);
            b.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
            b.setFillColor(PaperStyle.withAlpha(color, 60));
            b.setLineColor(PaperStyle.withAlpha(color, 0));
            b.setLineWidth(0f);
            b.setMarker(SeriesMarkers.NONE);
            b.setShowInLegend(false);
        }
        return line(chart, s, color);
    }

    // ---------------------------------------------------------------- helpers

    private static XYSeries line(XYChart c, Figure.Series s, Color color) {
        XYSeries x = c.addSeries(s.name(), s.x(), s.y());
        x.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        x.setLineColor(color);
        x.setLineStyle(PaperStyle.line());
        x.setMarkerColor(color);
        x.setMarker(SeriesMarkers.NONE);
        return x;
    }

    private static void scatterSeries(XYChart c, Figure.Builder<XYChart> f, String name, List<double[]> pts,
            Color color) {
        Figure.Series s = new Figure.Series(name, column(pts, 0), column(pts, 1));
        if (s.size() > 0) {
            XYSeries x = c.addSeries(name, s.x(), s.y());
            x.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            x.setMarker(SeriesMarkers.CIRCLE);
            x.setMarkerColor(PaperStyle.withAlpha(color, 180));
        }
        f.series(s);
    }

    private static void marker(XYChart c, Figure.Builder<XYChart> f, double[] level, double[] weights,
            OptionalInt at, String what, Color color, double y0, double y1) {
        if (at.isEmpty()) {
            return;
        }
        for (int r = 0; r < level.length; r++) {
            if ((int) level[r] == at.getAsInt()) {
                String name = what + " (level " + at.getAsInt() + ")";
                XYSeries s = c.addSeries(name, new double[] {weights[r], weights[r]}, new double[] {y0, y1});
                s.setLineColor(color);
                s.setLineStyle(PaperStyle.dashed());
                s.setMarker(SeriesMarkers.NONE);
                f.marker(new Figure.Marker(name, weights[r]));
                return;
            }
        }
    }

    private static int[] rowsEqual(Column<?> c, String v) {
        List<Integer> rows = new ArrayList<>();
        for (int r = 0; r < c.size(); r++) {
            if (c.getString(r).equals(v)) {
                rows.add(r);
            }
        }
        return rows.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void require(Table t, String... columns) {
        for (String col : columns) {
            if (col == null || !t.columnNames().contains(col)) {
                throw new IllegalArgumentException("table '" + t.name() + "' has no column '" + col + "'; it has "
                        + t.columnNames());
            }
        }
    }

    /** A column as doubles: numeric columns as is, booleans as 1/0, anything else parsed (NaN if not a number). */
    static double[] doubles(Table t, String name) {
        Column<?> c = t.column(name);
        double[] v = new double[c.size()];
        for (int r = 0; r < v.length; r++) {
            if (c.isMissing(r)) {
                v[r] = Double.NaN;
            } else if (c instanceof NumericColumn<?> n) {
                v[r] = n.getDouble(r);
            } else if (c instanceof BooleanColumn b) {
                v[r] = b.get(r) ? 1 : 0;
            } else {
                v[r] = parse(c.getString(r));
            }
        }
        return v;
    }

    /** A column's values by their string form, as a category column. */
    private static StringColumn strings(Table t, String name) {
        Column<?> c = t.column(name);
        StringColumn out = StringColumn.create(name);
        for (int r = 0; r < c.size(); r++) {
            out.append(c.getString(r));
        }
        return out;
    }

    /** The distinct values of a column as strings: numerically sorted when all are numbers, else in first-appearance order. */
    static List<String> categories(Table t, String name) {
        Column<?> c = t.column(name);
        List<String> seen = new ArrayList<>();
        java.util.Set<String> set = new java.util.HashSet<>();
        boolean numeric = true;
        for (int r = 0; r < c.size(); r++) {
            String s = c.getString(r);
            if (set.add(s)) {
                seen.add(s);
                numeric &= !Double.isNaN(parse(s));
            }
        }
        if (numeric) {
            seen.sort((a, b) -> Double.compare(parse(a), parse(b)));
        }
        return seen;
    }

    private static double parse(String s) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static SplitCategory parseCategory(String s) {
        for (SplitCategory c : SplitCategory.values()) {
            if (c.name().equalsIgnoreCase(s.trim()) || PaperStyle.label(c).equalsIgnoreCase(s.trim())) {
                return c;
            }
        }
        throw new IllegalArgumentException("not a split category: '" + s + "'");
    }

    private static double[] column(List<double[]> pts, int k) {
        double[] a = new double[pts.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = pts.get(i)[k];
        }
        return a;
    }

    /**
     * An axis title from a column name: camelCase and snake_case split into lower-case words, and
     * the abbreviations "val", "rel" spelled out ("val_loss" -> "validation loss", "hiddenWidth"
     * -> "hidden width").
     */
    static String label(String column) {
        String words = column.replaceAll("([a-z0-9])([A-Z])", "$1 $2").replace('_', ' ').trim()
                .toLowerCase(Locale.ROOT);
        return words.replaceAll("\\bval\\b", "validation").replaceAll("\\brel\\b", "relative");
    }
}
