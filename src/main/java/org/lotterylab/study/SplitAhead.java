package org.lotterylab.study;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.lotterylab.store.Runs;
import org.lotterylab.metrics.Stats;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Does the split announce itself? The per-level metrics of runs aligned on each run's own split
 * level (science.md section 5, "Beyond components", hypothesis 9): relative level
 * {@code level - split_level}, so -2 is two levels before the run split and 0 its split level.
 * Runs split at different levels; aligned, the levels before the split line up across seeds.
 *
 * <p>Tables in the manner of {@link Summaries}: per-run tables keep the config columns of
 * {@link Summaries#CONFIG} and {@code l1} that the input has, taken from the run's first row.
 * Rows of one run are those with one {@code hash}. NaN and missing values are skipped.
 */
public final class SplitAhead {
    private SplitAhead() {
    }

    /** {@link #aligned(Table, Table)} of {@code runs.levels()} and {@code runs.summary()}. */
    public static Table aligned(Runs runs) {
        return aligned(runs.levels(), runs.summary());
    }

    /**
     * The rows of {@code levels} (one per run and level, with {@code hash} and {@code level}) of the
     * runs that split, with two int columns added: {@code split_level} (from {@code summary}'s
     * {@code split_level}, by {@code hash}) and {@code relative_level} = {@code level -
     * split_level}. Runs that never split (split level missing) or that {@code summary} lacks are
     * left out; rows keep their order.
     *
     * @throws IllegalArgumentException if a table lacks {@code hash}, {@code level} or {@code split_level}
     */
    public static Table aligned(Table levels, Table summary) {
        require(levels, "levels", "hash", "level");
        require(summary, "summary", "hash", "split_level");
        Map<String, Integer> split = new LinkedHashMap<>();
        Column<?> sh = summary.column("hash");
        Column<?> sl = summary.column("split_level");
        for (int r = 0; r < summary.rowCount(); r++) {
            if (!sl.isMissing(r) && !sl.getString(r).isEmpty()) {
                split.put(sh.getString(r), (int) ((NumericColumn<?>) sl).getDouble(r));
            }
        }
        Column<?> h = levels.column("hash");
        NumericColumn<?> lv = (NumericColumn<?>) levels.column("level");
        List<Integer> keep = new ArrayList<>();
        IntColumn at = IntColumn.create("split_level");
        IntColumn rel = IntColumn.create("relative_level");
        for (int r = 0; r < levels.rowCount(); r++) {
            Integer s = split.get(h.getString(r));
            if (s != null) {
                keep.add(r);
                at.append(s);
                rel.append((int) lv.getDouble(r) - s);
            }
        }
        Table out = levels.rows(keep.stream().mapToInt(Integer::intValue).toArray());
        out.setName("aligned on the split");
        return out.addColumns(at, rel);
    }

    /**
     * One row per relative level (ascending) of an {@link #aligned} table: {@code relative_level},
     * {@code runs} (runs with a finite value of {@code column} there), {@code mean}, {@code sd}
     * (sample sd, n - 1; NaN for one run), {@code median}, {@code min}, {@code max} of
     * {@code column} over those runs. Relative levels where no run has a finite value are left
     * out. Before the split (negative relative levels) only runs that split late contribute to
     * the lowest levels, hence the {@code runs} column.
     *
     * @throws IllegalArgumentException if {@code aligned} lacks {@code relative_level} or {@code column}
     */
    public static Table byRelativeLevel(Table aligned, String column) {
        require(aligned, "aligned", "relative_level", column);
        double[] rel = Summaries.values(aligned, "relative_level");
        double[] v = Summaries.values(aligned, column);
        TreeMap<Integer, List<Double>> cells = new TreeMap<>();
        for (int r = 0; r < v.length; r++) {
            if (Double.isFinite(v[r])) {
                cells.computeIfAbsent((int) rel[r], k -> new ArrayList<>()).add(v[r]);
            }
        }
        IntColumn level = IntColumn.create("relative_level");
        IntColumn runs = IntColumn.create("runs");
        DoubleColumn mean = DoubleColumn.create("mean");
        DoubleColumn sd = DoubleColumn.create("sd");
        DoubleColumn median = DoubleColumn.create("median");
        DoubleColumn min = DoubleColumn.create("min");
        DoubleColumn max = DoubleColumn.create("max");
        cells.forEach((k, list) -> {
            double[] x = list.stream().mapToDouble(Double::doubleValue).toArray();
            double m = Arrays.stream(x).average().orElseThrow();
            double ss = Arrays.stream(x).map(a -> (a - m) * (a - m)).sum();
            level.append(k);
            runs.append(x.length);
            mean.append(m);
            sd.append(x.length > 1 ? Math.sqrt(ss / (x.length - 1)) : Double.NaN);
            median.append(Stats.median(x));
            min.append(Arrays.stream(x).min().orElseThrow());
            max.append(Arrays.stream(x).max().orElseThrow());
        });
        return Table.create(column + " by level relative to the split", level, runs, mean, sd, median, min, max);
    }

    /**
     * How many levels before its split each run's {@code column} moved: one row per run of an
     * {@link #aligned} table, with the kept config columns, {@code split_level}, {@code dense}
     * (the value at level 0), {@code moved_level} (the first level whose value differs from
     * {@code dense} by at least {@code change} in its direction: {@code value >= dense + change}
     * for a positive change, e.g. modularity rising by 0.1, {@code value <= dense + change} for a
     * negative one, e.g. sharing falling by 0.1) and {@code lead} = {@code split_level -
     * moved_level}: 2 means two levels ahead of the split, 0 at the split, negative after it.
     * {@code moved_level} and {@code lead} are missing when the value never moves so far (or the
     * run has no finite value at level 0).
     *
     * @throws IllegalArgumentException if {@code change} is 0 or not finite, or a column is missing
     */
    public static Table leads(Table aligned, String column, double change) {
        if (change == 0 || !Double.isFinite(change)) {
            throw new IllegalArgumentException("leads: change = " + change + " must be a finite non-zero amount, e.g."
                    + " 0.1 for a rise by 0.1 or -0.1 for a fall by 0.1");
        }
        require(aligned, "aligned", "hash", "level", "split_level", column);
        Map<String, List<Integer>> byRun = byRun(aligned);
        double[] level = Summaries.values(aligned, "level");
        double[] v = Summaries.values(aligned, column);
        double[] split = Summaries.values(aligned, "split_level");
        Table out = configRows(aligned, byRun);
        IntColumn at = IntColumn.create("split_level");
        DoubleColumn dense = DoubleColumn.create("dense");
        IntColumn moved = IntColumn.create("moved_level");
        IntColumn lead = IntColumn.create("lead");
        for (List<Integer> rows : byRun.values()) {
            List<Integer> sorted = rows.stream().sorted((a, b) -> Double.compare(level[a], level[b])).toList();
            int s = (int) split[sorted.get(0)];
            double d = sorted.stream().filter(r -> level[r] == 0).mapToDouble(r -> v[r]).findFirst().orElse(Double.NaN);
            int first = -1;
            if (Double.isFinite(d)) {
                for (int r : sorted) {
                    if (change > 0 ? v[r] >= d + change : v[r] <= d + change) {
                        first = (int) level[r];
                        break;
                    }
                }
            }
            at.append(s);
            dense.append(d);
            if (first < 0) {
                moved.appendMissing();
                lead.appendMissing();
            } else {
                moved.append(first);
                lead.append(s - first);
            }
        }
        out.setName(column + " leads");
        return out.addColumns(at, dense, moved, lead);
    }

    /**
     * The largest finite value of {@code column} over each run's levels, for runs that split or
     * not (e.g. {@code runs.levels()}): one row per run with the kept config columns and
     * {@code peak}, and {@code peak_level} (the first level where it is reached); both missing
     * when the run has no finite value.
     *
     * @throws IllegalArgumentException if {@code levels} lacks {@code hash}, {@code level} or {@code column}
     */
    public static Table peaks(Table levels, String column) {
        require(levels, "levels", "hash", "level", column);
        Map<String, List<Integer>> byRun = byRun(levels);
        double[] level = Summaries.values(levels, "level");
        double[] v = Summaries.values(levels, column);
        Table out = configRows(levels, byRun);
        DoubleColumn peak = DoubleColumn.create("peak");
        IntColumn peakLevel = IntColumn.create("peak_level");
        for (List<Integer> rows : byRun.values()) {
            int best = -1;
            for (int r : rows) {
                if (Double.isFinite(v[r]) && (best < 0 || v[r] > v[best] || v[r] == v[best] && level[r] < level[best])) {
                    best = r;
                }
            }
            if (best < 0) {
                peak.appendMissing();
                peakLevel.appendMissing();
            } else {
                peak.append(v[best]);
                peakLevel.append((int) level[best]);
            }
        }
        out.setName(column + " peaks");
        return out.addColumns(peak, peakLevel);
    }

    private static Map<String, List<Integer>> byRun(Table t) {
        Map<String, List<Integer>> out = new LinkedHashMap<>();
        Column<?> h = t.column("hash");
        for (int r = 0; r < t.rowCount(); r++) {
            out.computeIfAbsent(h.getString(r), k -> new ArrayList<>()).add(r);
        }
        return out;
    }

    /** The config columns of each run's first row. */
    private static Table configRows(Table t, Map<String, List<Integer>> byRun) {
        List<String> keep = new ArrayList<>(Summaries.CONFIG);
        keep.add("l1");
        keep.retainAll(t.columnNames());
        int[] first = byRun.values().stream().mapToInt(rows -> rows.get(0)).toArray();
        return t.selectColumns(keep.toArray(String[]::new)).rows(first);
    }

    private static void require(Table t, String what, String... columns) {
        for (String c : columns) {
            if (!t.columnNames().contains(c)) {
                throw new IllegalArgumentException("SplitAhead: the " + what + " table has no column '" + c
                        + "' (it has " + t.columnNames() + ")");
            }
        }
    }
}
