package org.lotterylab.study;

import static tech.tablesaw.aggregate.AggregateFunctions.count;
import static tech.tablesaw.aggregate.AggregateFunctions.countTrue;
import static tech.tablesaw.aggregate.AggregateFunctions.max;
import static tech.tablesaw.aggregate.AggregateFunctions.mean;
import static tech.tablesaw.aggregate.AggregateFunctions.median;
import static tech.tablesaw.aggregate.AggregateFunctions.min;
import static tech.tablesaw.aggregate.AggregateFunctions.proportionTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.lotterylab.metrics.NeuronAlignment;
import org.lotterylab.metrics.Split;
import org.lotterylab.metrics.State;
import org.lotterylab.metrics.StateHistory;
import org.lotterylab.metrics.States;
import org.lotterylab.metrics.Stats;
import org.lotterylab.metrics.TicketSimilarity;
import org.lotterylab.model.Network;
import org.lotterylab.plot.Charts;
import org.lotterylab.store.Runs;
import org.lotterylab.store.StoredRun;
import tech.tablesaw.aggregate.AggregateFunction;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * The analyses the notebooks share, each a Tablesaw table built from stored runs: the first split
 * of every run and its overview by group, accuracy at a reference level, the milestones of one
 * run, zombies and their lifetimes, negative biases, comatose peaks, neuron detachments, pruning
 * horizon trends, ticket similarity and kept densities. Per-run tables start with the run's
 * {@code hash} and {@code seed_model}; tables over {@link Runs} keep the config columns named in
 * {@link #CONFIG} so that group-bys can use them. Definitions follow science.md; see
 * docs/notebook-api.md for one example per call.
 */
public final class Summaries {
    /** Config columns copied into per-run tables, so they can be grouped by. */
    public static final List<String> CONFIG = List.of("hash", "data", "tasks", "shape", "start_shape", "hidden",
            "depth", "method", "reset", "levels", "rate", "extension", "biases", "seed_model", "seed_order");

    private Summaries() {
    }

    // ------------------------------------------------------------------ splitting

    /**
     * One row per complete run: the {@link #CONFIG} columns, {@code category}, {@code split}
     * (category SPLIT_ONLY or SPLIT_DEGRADE), {@code split_level} and {@code degradation_level} (as in
     * {@link Runs#summary()}; missing when never), and at the split level: {@code weights_at_split}
     * (kept weights), {@code density_at_split} (weights at the split over weights at level 0),
     * {@code bound_share} ({@code density_at_split * tasks}: at most 1 when the split needs at most
     * P/k of the P weights), {@code worse_acc_at_split} (the lower test accuracy of the tasks) and
     * {@code follows_tasks} (the task-connectivity matrix at the split is the identity: each task's
     * inputs reach exactly its own output; recomputed from the stored network). Missing values for
     * runs that never split. Rows in the order of {@link Runs#complete()}, as in {@link #accuracyAt},
     * so the two tables pair run by run.
     */
    public static Table firstSplit(Runs runs) {
        Runs done = runs.complete();
        Table s = configColumns(done.summary());
        Table summary = done.summary();
        s.addColumns(summary.column("category").copy());
        // a column with no value at all (no run split) comes back untyped: make it int either way
        for (String c : List.of("split_level", "degradation_level")) {
            IntColumn levels = IntColumn.create(c);
            for (double v : values(summary, c)) {
                if (Double.isNaN(v)) {
                    levels.appendMissing();
                } else {
                    levels.append((int) v);
                }
            }
            s.addColumns(levels);
        }
        BooleanColumn split = BooleanColumn.create("split");
        DoubleColumn weights = DoubleColumn.create("weights_at_split");
        DoubleColumn density = DoubleColumn.create("density_at_split");
        DoubleColumn bound = DoubleColumn.create("bound_share");
        DoubleColumn worse = DoubleColumn.create("worse_acc_at_split");
        BooleanColumn follows = BooleanColumn.create("follows_tasks");
        for (StoredRun r : done) {
            int level = r.summary().get().split().orElse(-1);
            split.append(r.category().orElse("").startsWith("SPLIT"));
            if (level < 0) {
                weights.appendMissing();
                density.appendMissing();
                bound.appendMissing();
                worse.appendMissing();
                follows.appendMissing();
                continue;
            }
            Table t = r.levels();
            double w = num(t, "weights", level);
            int tasks = r.config().data().taskCount();
            weights.append(w);
            density.append(w / num(t, "weights", 0));
            bound.append(w / num(t, "weights", 0) * tasks);
            worse.append(worseAccuracy(t, level, tasks));
            follows.append(isIdentity(Split.of(r.trained(level), r.config().taskLayout()).connectivity()));
        }
        return s.addColumns(split, weights, density, bound, worse, follows).setName("first split");
    }

    /**
     * {@link #firstSplit} by group (e.g. {@code "hidden"}), one row per group: {@code runs},
     * {@code split} (how many split), {@code share} (split / runs), the {@code earliest},
     * {@code median} and {@code latest} split level of the runs that split (the level where splitting
     * first happens and the level by which every splitting run has split), {@code worse_acc_at_split}
     * (its mean) and {@code follows_tasks} (how many of the splits follow the tasks exactly), in
     * ascending order of the groups. No group columns: one row over all runs.
     */
    public static Table splitOverview(Table firstSplit, String... by) {
        Table shares = summarize(firstSplit, "split", by, count, countTrue, proportionTrue);
        Table levels = summarize(firstSplit, "split_level", by, min, median, max);
        Table acc = summarize(firstSplit, "worse_acc_at_split", by, mean);
        Table follows = summarize(firstSplit, "follows_tasks", by, countTrue);
        List<String> names = new ArrayList<>(List.of(by));
        names.addAll(List.of("runs", "split", "share", "earliest", "median", "latest", "worse_acc_at_split",
                "follows_tasks"));
        Table out = by.length == 0 ? shares.concat(levels).concat(acc).concat(follows)
                : shares.joinOn(by).inner(levels).joinOn(by).inner(acc).joinOn(by).inner(follows);
        for (int i = 0; i < names.size(); i++) {
            out.column(i).setName(names.get(i));
        }
        out.replaceColumn("runs", ((NumericColumn<?>) out.column("runs")).asIntColumn().setName("runs"));
        out.replaceColumn("split", ((NumericColumn<?>) out.column("split")).asIntColumn().setName("split"));
        out.replaceColumn("follows_tasks", ((NumericColumn<?>) out.column("follows_tasks")).asIntColumn()
                .setName("follows_tasks"));
        return (by.length == 0 ? out : out.sortAscendingOn(by)).setName("splitting");
    }

    /**
     * The share of runs in each split category per value of {@code by}: a Tablesaw cross tab of a
     * table with a {@code category} column ({@link Runs#summary()} or {@link #firstSplit}), one row
     * per value of {@code by} (as text) plus a row "all", one column per category present and a
     * {@code total} column, each row summing to 1.
     */
    public static Table categoryShares(Table runs, String by) {
        Table t = runs.xTabRowPercents(by, "category");
        // Tablesaw names the label column "[labels]" and leaves the total row's label empty
        StringColumn labels = (StringColumn) t.column(0);
        labels.set(labels.size() - 1, "all");
        labels.setName(by);
        return t.setName("category shares by " + by);
    }

    /**
     * {@link #splitOverview} with a column {@code reading}: "reliable" where the share of runs that
     * split is at least {@code reliable}, "starts" where some but fewer split, "never" where none.
     */
    public static Table splitReliability(Table firstSplit, double reliable, String... by) {
        Table t = splitOverview(firstSplit, by);
        StringColumn reading = StringColumn.create("reading");
        for (double share : t.doubleColumn("share").asDoubleArray()) {
            reading.append(share >= reliable ? "reliable" : share > 0 ? "starts" : "never");
        }
        return t.addColumns(reading);
    }

    /**
     * The share of runs that split per group of a {@link #firstSplit} table, with its 95% Wilson
     * score interval (Commons Math's {@code WilsonScoreInterval}): columns {@code by...},
     * {@code runs}, {@code split} (how many split), {@code share} (split / runs), {@code share_lo},
     * {@code share_hi}, in ascending order of the groups. The Wilson interval, unlike a bootstrap
     * over the runs, stays wide when every run (or none) of a group split: 16 of 16 runs give
     * [0.806, 1], not [1, 1]. No group columns: one row over all runs. Runs whose {@code split} is
     * missing are not counted.
     */
    public static Table splitShares(Table firstSplit, String... by) {
        // grouped by hand: Tablesaw groups only on categorical columns, and a rate is a double
        Map<List<String>, int[]> groups = new java.util.LinkedHashMap<>();
        Map<List<String>, Integer> firstRow = new java.util.HashMap<>();
        BooleanColumn split = firstSplit.booleanColumn("split");
        for (int r = 0; r < firstSplit.rowCount(); r++) {
            if (split.isMissing(r)) {
                continue;
            }
            List<String> key = new ArrayList<>();
            for (String b : by) {
                key.add(firstSplit.column(b).getString(r));
            }
            int[] n = groups.computeIfAbsent(key, k -> new int[2]);
            firstRow.putIfAbsent(key, r);
            n[0]++;
            n[1] += split.get(r) ? 1 : 0;
        }
        Table t = Table.create("split shares");
        for (String b : by) {
            t.addColumns(firstSplit.column(b).emptyCopy());
        }
        IntColumn runs = IntColumn.create("runs");
        IntColumn splits = IntColumn.create("split");
        DoubleColumn share = DoubleColumn.create("share");
        DoubleColumn lo = DoubleColumn.create("share_lo");
        DoubleColumn hi = DoubleColumn.create("share_hi");
        for (Map.Entry<List<String>, int[]> e : groups.entrySet()) {
            int row = firstRow.get(e.getKey());
            for (String b : by) {
                appendFrom(t.column(b), firstSplit.column(b), row);
            }
            int n = e.getValue()[0];
            int k = e.getValue()[1];
            runs.append(n);
            splits.append(k);
            share.append((double) k / n);
            double[] ci = wilson(k, n);
            lo.append(ci[0]);
            hi.append(ci[1]);
        }
        t.addColumns(runs, splits, share, lo, hi);
        return by.length == 0 || t.rowCount() == 0 ? t : t.sortAscendingOn(by).setName("split shares");
    }

    /**
     * A table with a {@code share} column (e.g. {@link #splitShares}) with a column {@code reading}
     * added: "reliable" where the share is at least {@code reliable}, "starts" where it is above 0,
     * "never" where it is 0 (as in {@link #splitReliability}).
     */
    public static Table withReading(Table shares, double reliable) {
        StringColumn reading = StringColumn.create("reading");
        for (double v : values(shares, "share")) {
            reading.append(v >= reliable ? "reliable" : v > 0 ? "starts" : "never");
        }
        return shares.copy().addColumns(reading).setName(shares.name());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void appendFrom(Column to, Column from, int row) {
        if (from.isMissing(row)) {
            to.appendMissing();
        } else {
            to.append(from, row);
        }
    }

    /**
     * The 95% Wilson score interval of {@code successes} of {@code trials}, within [0, 1]; NaN
     * bounds for no trials.
     */
    static double[] wilson(int successes, int trials) {
        if (trials == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        var ci = new org.apache.commons.math3.stat.interval.WilsonScoreInterval().createInterval(trials, successes,
                0.95);
        // the bounds are exactly 0 with no success and 1 with no failure; Commons Math leaves 1e-17
        return new double[] {successes == 0 ? 0 : Math.max(0, ci.getLowerBound()),
            successes == trials ? 1 : Math.min(1, ci.getUpperBound())};
    }

    /**
     * One row per complete run that split: the {@link #CONFIG} columns, {@code category},
     * {@code split_level}, {@code base_level} (the split level minus the extension levels: the level
     * of the base trajectory, comparable across extension levels; negative while the run is still
     * wider than its base), and at the split level the weights by state: {@code available} (kept,
     * i.e. not pruned), {@code active} (on an input-output path), {@code zombie}, {@code inactive},
     * and {@code active_share} (active / available). Rows in the order of {@link Runs#complete()}.
     */
    public static Table activeAtSplit(Runs runs) {
        Runs done = runs.complete();
        Table s = configColumns(done.summary());
        s.addColumns(done.summary().column("category").copy());
        IntColumn level = IntColumn.create("split_level");
        IntColumn base = IntColumn.create("base_level");
        List<IntColumn> counts = new ArrayList<>();
        for (String c : List.of("available", "active", "zombie", "inactive")) {
            counts.add(IntColumn.create(c));
        }
        DoubleColumn share = DoubleColumn.create("active_share");
        List<Integer> keep = new ArrayList<>();
        int row = 0;
        for (StoredRun r : done) {
            Integer sl = r.summary().get().splitLevel();
            if (sl == null) {
                level.appendMissing();
                base.appendMissing();
                counts.forEach(IntColumn::appendMissing);
                share.appendMissing();
            } else {
                int at = sl;
                Table t = r.levels();
                int[] v = {(int) num(t, "weights", at), (int) num(t, "weights_active", at),
                    (int) num(t, "weights_zombie", at), (int) num(t, "weights_inactive", at)};
                level.append(at);
                base.append(at - r.config().pruning().extension());
                for (int k = 0; k < v.length; k++) {
                    counts.get(k).append(v[k]);
                }
                share.append(v[0] == 0 ? Double.NaN : (double) v[1] / v[0]);
                keep.add(row);
            }
            row++;
        }
        s.addColumns(level, base);
        counts.forEach(s::addColumns);
        s.addColumns(share);
        // a selection, not rows(int...): Tablesaw's rows() fails on an empty list (no run split)
        return s.where(tech.tablesaw.selection.Selection.with(keep.stream().mapToInt(Integer::intValue).toArray()))
                .setName("active at the split");
    }

    /**
     * The reference level of a comparison between runs that split and runs that do not: the median
     * split level of the runs that split, rounded (half up).
     *
     * @throws IllegalArgumentException if no run split: there is no reference level, and the
     *         comparison cannot be made
     */
    public static int referenceLevel(Table firstSplit) {
        double[] levels = values(firstSplit, "split_level");
        double m = Stats.median(levels);
        if (Double.isNaN(m)) {
            throw new IllegalArgumentException("no run split, so there is no reference split level; "
                    + "prune further (more levels or a lower target) or use more seeds");
        }
        return (int) Math.round(m);
    }

    /**
     * One row per complete run: the {@link #CONFIG} columns, {@code split} (as in
     * {@link #firstSplit}), and at {@code level}: {@code weights}, {@code test_acc} (mean over tasks)
     * and {@code worse_acc} (the lowest task accuracy); missing for a run with fewer levels. Rows in
     * the order of {@link Runs#complete()}.
     */
    public static Table accuracyAt(Runs runs, int level) {
        Runs done = runs.complete();
        Table s = configColumns(done.summary());
        BooleanColumn split = BooleanColumn.create("split");
        DoubleColumn weights = DoubleColumn.create("weights");
        DoubleColumn acc = DoubleColumn.create("test_acc");
        DoubleColumn worse = DoubleColumn.create("worse_acc");
        for (StoredRun r : done) {
            split.append(r.category().orElse("").startsWith("SPLIT"));
            Table t = r.levels();
            boolean has = level >= 0 && level < t.rowCount();
            weights.append(has ? num(t, "weights", level) : Double.NaN);
            acc.append(has ? num(t, "test_acc", level) : Double.NaN);
            worse.append(has ? worseAccuracy(t, level, r.config().data().taskCount()) : Double.NaN);
        }
        return s.addColumns(split, weights, acc, worse).setName("accuracy at level " + level);
    }

    /**
     * One run's milestones, one row each: "dense" (level 0), "split" (first split), "degradation"
     * (first degraded level) and "last" (the last level), with {@code level}, {@code weights},
     * {@code share_of_dense} (weights over the dense count) and {@code test_acc_t<t>} per task. A
     * milestone the run never reached has a missing level and values.
     */
    public static Table milestones(StoredRun run) {
        Table t = run.levels();
        var s = run.summary().orElseThrow(() -> new IllegalArgumentException("run " + run.hash()
                + " is not complete (" + run.status() + "): finish it with RunStore.run(config) first"));
        int tasks = run.config().data().taskCount();
        StringColumn name = StringColumn.create("milestone");
        IntColumn level = IntColumn.create("level");
        DoubleColumn weights = DoubleColumn.create("weights");
        DoubleColumn share = DoubleColumn.create("share_of_dense");
        List<DoubleColumn> acc = new ArrayList<>();
        for (int k = 0; k < tasks; k++) {
            acc.add(DoubleColumn.create("test_acc_t" + k));
        }
        int[] at = {0, s.split().orElse(-1), s.degradation().orElse(-1), t.rowCount() - 1};
        String[] names = {"dense", "split", "degradation", "last"};
        for (int i = 0; i < at.length; i++) {
            name.append(names[i]);
            if (at[i] < 0) {
                level.appendMissing();
                weights.appendMissing();
                share.appendMissing();
                acc.forEach(DoubleColumn::appendMissing);
                continue;
            }
            level.append(at[i]);
            weights.append(num(t, "weights", at[i]));
            share.append(num(t, "weights", at[i]) / num(t, "weights", 0));
            for (int k = 0; k < tasks; k++) {
                acc.get(k).append(num(t, "test_acc_t" + k, at[i]));
            }
        }
        Table out = Table.create(run.config().label() + ": " + run.category().orElse("?"), name, level, weights, share);
        acc.forEach(out::addColumns);
        return out;
    }

    // ------------------------------------------------------------------ states

    /** The {@link States} of every stored level of a run, recomputed from its trained networks. */
    public static StateHistory history(StoredRun run) {
        StateHistory h = new StateHistory();
        for (int t = 0; t < run.levelCount(); t++) {
            h.add(t, States.of(run.trained(t)));
        }
        return h;
    }

    /**
     * Every neuron that was ever a zombie, over all complete runs: {@code hash}, {@code seed_model},
     * then the columns of {@link Charts#zombieTable} ({@code layer, index, entered, lifetime, bias,
     * last}) and {@code productive} (bias &gt; 0 when it became a zombie, so it emits relu(bias)).
     */
    public static Table zombies(Runs runs) {
        Table out = null;
        for (StoredRun r : runs.complete()) {
            Table z = Charts.zombieTable(history(r));
            z.insertColumn(0, StringColumn.create("hash", java.util.Collections.nCopies(z.rowCount(), r.hash())));
            z.insertColumn(1, constant("seed_model", z.rowCount(), (int) r.config().seeds().model()));
            out = out == null ? z : out.append(z);
        }
        if (out == null) {
            out = Charts.zombieTable(new StateHistory());
            out.insertColumn(0, StringColumn.create("hash"));
            out.insertColumn(1, IntColumn.create("seed_model"));
        }
        BooleanColumn productive = BooleanColumn.create("productive", out.rowCount());
        double[] bias = out.numberColumn("bias").asDoubleArray();
        for (int i = 0; i < bias.length; i++) {
            productive.set(i, bias[i] > 0);
        }
        return out.addColumns(productive).setName("zombies");
    }

    /**
     * One row per complete run and level: {@code seed_model}, {@code level} and
     * {@code negative_share}, the share of negative biases among the hidden neurons that are not
     * pruned (NaN when none is left).
     */
    public static Table negativeBiases(Runs runs) {
        IntColumn seed = IntColumn.create("seed_model");
        IntColumn level = IntColumn.create("level");
        DoubleColumn share = DoubleColumn.create("negative_share");
        for (StoredRun r : runs.complete()) {
            for (int t = 0; t < r.levelCount(); t++) {
                Network net = r.trained(t);
                States states = States.of(net);
                int kept = 0;
                int negative = 0;
                for (int k = 1; k < net.layers(); k++) {
                    for (int j = 0; j < net.width(k); j++) {
                        if (states.neuron(k, j) != State.PRUNED) {
                            kept++;
                            negative += net.biases(k - 1)[j] < 0 ? 1 : 0;
                        }
                    }
                }
                seed.append((int) r.config().seeds().model());
                level.append(t);
                share.append(kept == 0 ? Double.NaN : (double) negative / kept);
            }
        }
        return Table.create("negative biases", seed, level, share);
    }

    /**
     * One row per run of a levels table ({@link Runs#levels()}): {@code hash}, {@code seed_model},
     * {@code peak_level} (the first level with the most comatose neurons), {@code peak_count} and
     * {@code peak_position} (peak level over the last level: 0 = dense, 1 = end of the schedule;
     * NaN when the run never had a comatose neuron).
     */
    public static Table comatosePeaks(Table levels) {
        StringColumn hash = StringColumn.create("hash");
        IntColumn seed = IntColumn.create("seed_model");
        IntColumn peak = IntColumn.create("peak_level");
        IntColumn count = IntColumn.create("peak_count");
        DoubleColumn position = DoubleColumn.create("peak_position");
        for (Table run : levels.splitOn("hash").asTableList()) {
            double[] c = values(run, "comatose");
            int p = 0;
            for (int i = 1; i < c.length; i++) {
                p = c[i] > c[p] ? i : p;
            }
            hash.append(run.stringColumn("hash").get(0));
            seed.append((int) num(run, "seed_model", 0));
            peak.append((int) num(run, "level", p));
            count.append((int) c[p]);
            position.append(c[p] > 0 && c.length > 1 ? num(run, "level", p) / num(run, "level", c.length - 1) : Double.NaN);
        }
        return Table.create("comatose peaks", hash, seed, peak, count, position);
    }

    /**
     * One row per hidden neuron that became inactive (reaches no output) in a complete run:
     * {@code seed_model}, {@code layer}, {@code index}, {@code inactive_at} (first inactive level),
     * {@code bias_pruned_at} (first level its bias was pruned, missing if never), and
     * {@code order}: "bias first" (pruned at an earlier level), "same level", or "bias later" (later or
     * never), and {@code bias_first} (order is "bias first").
     */
    public static Table detachments(Runs runs) {
        IntColumn seed = IntColumn.create("seed_model");
        IntColumn layer = IntColumn.create("layer");
        IntColumn index = IntColumn.create("index");
        IntColumn inactive = IntColumn.create("inactive_at");
        IntColumn biasGone = IntColumn.create("bias_pruned_at");
        StringColumn order = StringColumn.create("order");
        BooleanColumn first = BooleanColumn.create("bias_first");
        for (StoredRun r : runs.complete()) {
            List<StateHistory.Lifetime> life = history(r).lifetimes();
            Map<List<Integer>, Integer> biasPruned = new java.util.HashMap<>();
            life.stream().filter(l -> l.element() == StateHistory.Element.BIAS)
                    .forEach(l -> biasPruned.put(List.of(l.layer() + 1, l.index()), l.enteredPruned()));
            int hidden = r.config().schedule().startShape().length - 1;
            for (StateHistory.Lifetime l : life) {
                if (l.element() != StateHistory.Element.NEURON || l.layer() < 1 || l.layer() >= hidden
                        || l.enteredInactive() < 0) {
                    continue;
                }
                int b = biasPruned.getOrDefault(List.of(l.layer(), l.index()), -1);
                seed.append((int) r.config().seeds().model());
                layer.append(l.layer());
                index.append(l.index());
                inactive.append(l.enteredInactive());
                if (b < 0) {
                    biasGone.appendMissing();
                } else {
                    biasGone.append(b);
                }
                order.append(b >= 0 && b < l.enteredInactive() ? "bias first"
                        : b == l.enteredInactive() ? "same level" : "bias later");
                first.append(b >= 0 && b < l.enteredInactive());
            }
        }
        return Table.create("detachments", seed, layer, index, inactive, biasGone, order, first);
    }

    // ------------------------------------------------------------------ pruning horizon

    /**
     * One row per run of a levels table: {@code hash}, {@code seed_model}, {@code rho_abs}
     * (Spearman's correlation of {@code horizon_min_kept} with the level), {@code rho_rel} (the same
     * for {@code horizon_min_kept_rel}, relative to the mean surviving magnitude) and
     * {@code rise_share} (the share of consecutive steps with both values present where the
     * smallest kept magnitude rose; NaN without such a step).
     */
    public static Table horizonTrends(Table levels) {
        StringColumn hash = StringColumn.create("hash");
        IntColumn seed = IntColumn.create("seed_model");
        DoubleColumn abs = DoubleColumn.create("rho_abs");
        DoubleColumn rel = DoubleColumn.create("rho_rel");
        DoubleColumn rise = DoubleColumn.create("rise_share");
        for (Table run : levels.splitOn("hash").asTableList()) {
            double[] level = values(run, "level");
            double[] cut = values(run, "horizon_min_kept");
            int up = 0;
            int steps = 0;
            for (int i = 1; i < cut.length; i++) {
                if (!Double.isNaN(cut[i]) && !Double.isNaN(cut[i - 1])) {
                    steps++;
                    up += cut[i] > cut[i - 1] ? 1 : 0;
                }
            }
            hash.append(run.stringColumn("hash").get(0));
            seed.append((int) num(run, "seed_model", 0));
            abs.append(Stats.spearman(level, cut));
            rel.append(Stats.spearman(level, values(run, "horizon_min_kept_rel")));
            rise.append(steps == 0 ? Double.NaN : (double) up / steps);
        }
        return Table.create("horizon trends", hash, seed, abs, rel, rise);
    }

    // ------------------------------------------------------------------ similarity

    /**
     * The similarity of two runs' tickets at every level both have (global, over all weight layers):
     * columns {@code level}, {@code density}, {@code density_b}, {@code jaccard}, {@code chance} (the
     * Jaccard index of independent random masks of the same densities), {@code ratio} (jaccard over
     * chance), {@code sign_init} and {@code sign_trained} (the share of weights both keep whose signs
     * agree, at initialisation and after training). With {@code align}, the other run's hidden
     * neurons are first matched to the reference's on the trained dense networks
     * ({@link NeuronAlignment#align}); otherwise they are compared as they are.
     */
    public static Table similarity(StoredRun reference, StoredRun other, boolean align) {
        NeuronAlignment a = align ? NeuronAlignment.align(reference.trained(0), other.trained(0))
                : NeuronAlignment.identity(reference.trained(0).shape());
        IntColumn level = IntColumn.create("level");
        DoubleColumn da = DoubleColumn.create("density");
        DoubleColumn db = DoubleColumn.create("density_b");
        DoubleColumn jaccard = DoubleColumn.create("jaccard");
        DoubleColumn chance = DoubleColumn.create("chance");
        DoubleColumn ratio = DoubleColumn.create("ratio");
        DoubleColumn signInit = DoubleColumn.create("sign_init");
        DoubleColumn signTrained = DoubleColumn.create("sign_trained");
        for (int t = 0; t < Math.min(reference.levelCount(), other.levelCount()); t++) {
            var ma = reference.mask(t);
            var mb = a.apply(other.mask(t));
            var o = last(TicketSimilarity.overlap(ma, mb));
            level.append(t);
            da.append(o.densityA());
            db.append(o.densityB());
            jaccard.append(o.jaccard());
            chance.append(o.chanceJaccard());
            ratio.append(o.jaccard() / o.chanceJaccard());
            signInit.append(last(TicketSimilarity.signAgreement(ma, reference.initial(t), mb, a.apply(other.initial(t)))).rate());
            signTrained.append(last(TicketSimilarity.signAgreement(ma, reference.trained(t), mb, a.apply(other.trained(t)))).rate());
        }
        return Table.create("similarity", level, da, db, jaccard, chance, ratio, signInit, signTrained);
    }

    /**
     * {@link #similarity(StoredRun, StoredRun, boolean)} of the reference against each of
     * {@code others}, stacked, with leading columns {@code pairing} (the given label) and
     * {@code seed_model}, {@code seed_order} of the other run.
     */
    public static Table similarity(String pairing, StoredRun reference, Runs others, boolean align) {
        Table out = null;
        for (StoredRun o : others.complete()) {
            Table s = similarity(reference, o, align);
            s.insertColumn(0, StringColumn.create("pairing", java.util.Collections.nCopies(s.rowCount(), pairing)));
            s.insertColumn(1, constant("seed_model", s.rowCount(), (int) o.config().seeds().model()));
            s.insertColumn(2, constant("seed_order", s.rowCount(), (int) o.config().seeds().order()));
            out = out == null ? s : out.append(s);
        }
        if (out == null) {
            throw new IllegalArgumentException("no complete run to compare with the reference");
        }
        return out.setName("similarity: " + pairing);
    }

    private static IntColumn constant(String name, int rows, int value) {
        int[] v = new int[rows];
        java.util.Arrays.fill(v, value);
        return IntColumn.create(name, v);
    }

    private static <T> T last(List<T> l) {
        return l.get(l.size() - 1);
    }

    // ------------------------------------------------------------------ conditions

    /**
     * The {@link Runs#levels()} of several labelled sets of runs, stacked, with a first column
     * {@code column} holding each set's label (e.g. condition: "winning ticket", "random re-init").
     */
    public static Table levels(Map<String, Runs> byLabel, String column) {
        Table out = null;
        for (Map.Entry<String, Runs> e : byLabel.entrySet()) {
            Table t = e.getValue().levels();
            t.insertColumn(0, StringColumn.create(column, java.util.Collections.nCopies(t.rowCount(), e.getKey())));
            out = out == null ? t : out.append(t);
        }
        if (out == null) {
            throw new IllegalArgumentException("no sets of runs given");
        }
        return out.setName("levels by " + column);
    }

    /**
     * One row per run of a levels table: {@code group} (the value of the grouping column, e.g.
     * condition), {@code seed_model}, {@code kept_level} (the last level before the first whose mean
     * test accuracy falls more than {@code tolerance} below the run's dense accuracy; the run's last
     * level if none does), and at that level {@code kept_density}, {@code kept_weights} and
     * {@code best_epoch} (the early-stopping epoch).
     */
    public static Table keptDensity(Table levels, String group, double tolerance) {
        StringColumn g = StringColumn.create(group);
        IntColumn seed = IntColumn.create("seed_model");
        IntColumn kept = IntColumn.create("kept_level");
        DoubleColumn density = DoubleColumn.create("kept_density");
        DoubleColumn weights = DoubleColumn.create("kept_weights");
        DoubleColumn epoch = DoubleColumn.create("best_epoch");
        for (Table run : levels.splitOn(group, "hash").asTableList()) {
            double[] acc = values(run, "test_acc");
            int k = 0;
            while (k + 1 < acc.length && acc[k + 1] >= acc[0] - tolerance) {
                k++;
            }
            g.append(run.column(group).getString(0));
            seed.append((int) num(run, "seed_model", 0));
            kept.append((int) num(run, "level", k));
            density.append(num(run, "density", k));
            weights.append(num(run, "weights", k));
            epoch.append(num(run, "best_epoch", k));
        }
        return Table.create("kept density", g, seed, kept, density, weights, epoch);
    }

    // ------------------------------------------------------------------ columns

    /** A numeric column as doubles, missing values as NaN (booleans as 1/0). */
    public static double[] values(Table t, String column) {
        Column<?> c = t.column(column);
        double[] out = new double[t.rowCount()];
        for (int i = 0; i < out.length; i++) {
            if (c.isMissing(i) || c.getString(i).isEmpty()) {
                out[i] = Double.NaN;
            } else if (c instanceof BooleanColumn b) {
                out[i] = b.get(i) ? 1 : 0;
            } else {
                out[i] = ((NumericColumn<?>) c).getDouble(i);
            }
        }
        return out;
    }

    /** {@link #values(Table, String)} of the rows whose {@code where} column equals {@code value}. */
    public static double[] values(Table t, String column, String where, Object value) {
        return values(rows(t, where, value), column);
    }

    /** A boolean column as an array, missing values left out. */
    public static boolean[] flags(Table t, String column) {
        BooleanColumn c = t.booleanColumn(column).removeMissing();
        boolean[] out = new boolean[c.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = c.get(i);
        }
        return out;
    }

    /** {@link #flags(Table, String)} of the rows whose {@code where} column equals {@code value}. */
    public static boolean[] flags(Table t, String column, String where, Object value) {
        return flags(rows(t, where, value), column);
    }

    /** The rows whose {@code column} equals {@code value} (compared as text, so 20 matches an int column). */
    public static Table rows(Table t, String column, Object value) {
        Column<?> c = t.column(column);
        String v = String.valueOf(value);
        return t.where(tech.tablesaw.selection.Selection.with(java.util.stream.IntStream.range(0, t.rowCount())
                .filter(i -> !c.isMissing(i) && c.getString(i).equals(v)).toArray()));
    }

    // ------------------------------------------------------------------ helpers

    private static Table configColumns(Table summary) {
        List<String> keep = CONFIG.stream().filter(summary.columnNames()::contains).toList();
        return summary.selectColumns(keep.toArray(String[]::new)).copy();
    }

    private static Table summarize(Table t, String column, String[] by, AggregateFunction<?, ?>... fs) {
        var s = t.summarize(column, fs);
        return by.length == 0 ? s.apply() : s.by(by);
    }

    private static double num(Table t, String column, int row) {
        Column<?> c = t.column(column);
        return c.isMissing(row) ? Double.NaN : ((NumericColumn<?>) c).getDouble(row);
    }

    private static double worseAccuracy(Table t, int level, int tasks) {
        double w = Double.POSITIVE_INFINITY;
        for (int k = 0; k < tasks; k++) {
            w = Math.min(w, num(t, "test_acc_t" + k, level));
        }
        return w;
    }

    private static boolean isIdentity(double[][] m) {
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[i].length; j++) {
                if (m[i][j] != (i == j ? 1 : 0)) {
                    return false;
                }
            }
        }
        return true;
    }
}
