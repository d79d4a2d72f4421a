package org.lotterylab.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lotterylab.data.DataConfig;
import org.lotterylab.data.Task;
import org.lotterylab.experiment.ExperimentConfig;
import org.lotterylab.prune.PruneConfig;
import org.lotterylab.store.RunStore;
import org.lotterylab.store.Runs;
import org.lotterylab.store.StoredRun;
import org.lotterylab.train.TrainConfig;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class SummariesTest {
    private static final double NaN = Double.NaN;

    /** Two runs' level rows: hash, seed_model, level and the given numeric columns. */
    private static Table levels(String[] hash, int[] seed, int[] level, Object... columns) {
        Table t = Table.create("levels", StringColumn.create("hash", hash), IntColumn.create("seed_model", seed),
                IntColumn.create("level", level));
        for (int i = 0; i < columns.length; i += 2) {
            t.addColumns(DoubleColumn.create((String) columns[i], (double[]) columns[i + 1]));
        }
        return t;
    }

    @Test
    void comatosePeakIsTheFirstMaximumRelativeToTheLastLevel() {
        Table t = levels(new String[] {"a", "a", "a", "a", "b", "b", "b"}, new int[] {0, 0, 0, 0, 1, 1, 1},
                new int[] {0, 1, 2, 3, 0, 1, 2}, "comatose", new double[] {0, 2, 3, 3, 0, 0, 0});
        Table p = Summaries.comatosePeaks(t);
        Table a = Summaries.rows(p, "hash", "a");
        assertEquals(2, a.intColumn("peak_level").get(0));
        assertEquals(3, a.intColumn("peak_count").get(0));
        assertEquals(2.0 / 3, a.doubleColumn("peak_position").get(0), 1e-12);
        assertTrue(Double.isNaN(Summaries.values(p, "peak_position", "hash", "b")[0]), "no comatose neuron, no peak");
    }

    @Test
    void horizonTrendByHand() {
        // cut NaN, 1, 2, 1.5, 3: steps with both values: up, down, up = 2/3 rising. Spearman over levels
        // 1..4: ranks of the cut 1, 3, 2, 4, d = 0, 1, -1, 0, rho = 1 - 6 * 2 / (4 * 15) = 0.8.
        Table t = levels(new String[] {"a", "a", "a", "a", "a"}, new int[] {0, 0, 0, 0, 0}, new int[] {0, 1, 2, 3, 4},
                "horizon_min_kept", new double[] {NaN, 1, 2, 1.5, 3},
                "horizon_min_kept_rel", new double[] {NaN, 4, 3, 2, 1});
        Table h = Summaries.horizonTrends(t);
        assertEquals(0.8, h.doubleColumn("rho_abs").get(0), 1e-12);
        assertEquals(-1.0, h.doubleColumn("rho_rel").get(0), 1e-12);
        assertEquals(2.0 / 3, h.doubleColumn("rise_share").get(0), 1e-12);
    }

    @Test
    void keptDensityStopsAtTheFirstDrop() {
        // dense 0.95, tolerance 0.01: level 1 (0.945) keeps, level 2 (0.93) drops; level 3 recovers
        // but "keeps its accuracy down to" means without a drop before it.
        Table t = levels(new String[] {"a", "a", "a", "a"}, new int[] {3, 3, 3, 3}, new int[] {0, 1, 2, 3},
                "test_acc", new double[] {0.95, 0.945, 0.93, 0.96}, "density", new double[] {1, 0.5, 0.25, 0.125},
                "weights", new double[] {80, 40, 20, 10}, "best_epoch", new double[] {50, 60, 70, 80});
        t.insertColumn(0, StringColumn.create("condition", "x", "x", "x", "x"));
        Table k = Summaries.keptDensity(t, "condition", 0.01);
        assertEquals(1, k.intColumn("kept_level").get(0));
        assertEquals(0.5, k.doubleColumn("kept_density").get(0), 0);
        assertEquals(40, k.doubleColumn("kept_weights").get(0), 0);
        assertEquals(60, k.doubleColumn("best_epoch").get(0), 0);
        assertEquals(3, k.intColumn("seed_model").get(0));
    }

    private static Table firstSplits() {
        IntColumn level = IntColumn.create("split_level");
        level.append(3).appendMissing().append(5).append(7).appendMissing();
        DoubleColumn acc = DoubleColumn.create("worse_acc_at_split", new double[] {0.9, NaN, 0.8, 1.0, NaN});
        BooleanColumn follows = BooleanColumn.create("follows_tasks");
        follows.append(true).appendMissing().append(true).append(false).appendMissing();
        return Table.create("first split", IntColumn.create("hidden", 10, 10, 20, 20, 20),
                BooleanColumn.create("split", new boolean[] {true, false, true, true, false}), level, acc, follows);
    }

    @Test
    void splitOverviewByGroup() {
        Table o = Summaries.splitOverview(firstSplits(), "hidden");
        assertEquals(java.util.List.of("hidden", "runs", "split", "share", "earliest", "median", "latest",
                "worse_acc_at_split", "follows_tasks"), o.columnNames());
        Table h10 = Summaries.rows(o, "hidden", 10);
        assertEquals(2, h10.intColumn("runs").get(0));
        assertEquals(1, h10.intColumn("split").get(0));
        assertEquals(0.5, h10.doubleColumn("share").get(0), 1e-12);
        assertEquals(3, h10.doubleColumn("earliest").get(0), 0);
        Table h20 = Summaries.rows(o, "hidden", 20);
        assertEquals(3, h20.intColumn("runs").get(0));
        assertEquals(2.0 / 3, h20.doubleColumn("share").get(0), 1e-12);
        assertArrayEquals(new double[] {5, 6, 7}, new double[] {h20.doubleColumn("earliest").get(0),
            h20.doubleColumn("median").get(0), h20.doubleColumn("latest").get(0)}, 0);
        assertEquals(0.9, h20.doubleColumn("worse_acc_at_split").get(0), 1e-12);
        assertEquals(1, h20.intColumn("follows_tasks").get(0));
        Table all = Summaries.splitOverview(firstSplits());
        assertEquals(1, all.rowCount());
        assertEquals(5, all.intColumn("runs").get(0));
        assertEquals(0.6, all.doubleColumn("share").get(0), 1e-12);
        Table r = Summaries.splitReliability(firstSplits(), 0.6, "hidden");
        assertEquals(java.util.List.of("starts", "reliable"), r.stringColumn("reading").asList());
    }

    @Test
    void categorySharesPerGroup() {
        Table runs = Table.create("runs", IntColumn.create("hidden", 10, 10, 10, 20),
                StringColumn.create("category", "SPLIT_ONLY", "DEGRADE_ONLY", "SPLIT_ONLY", "SPLIT_ONLY"));
        Table shares = Summaries.categoryShares(runs, "hidden");
        // hidden 10: 2 of 3 split only, 1 of 3 degrade only; hidden 20: its one run split only
        Table h10 = Summaries.rows(shares, shares.column(0).name(), 10);
        assertEquals(2.0 / 3, h10.numberColumn("SPLIT_ONLY").getDouble(0), 1e-12);
        assertEquals(1.0 / 3, h10.numberColumn("DEGRADE_ONLY").getDouble(0), 1e-12);
        Table h20 = Summaries.rows(shares, shares.column(0).name(), 20);
        assertEquals(1.0, h20.numberColumn("SPLIT_ONLY").getDouble(0), 1e-12);
        assertEquals(0.0, h20.numberColumn("DEGRADE_ONLY").getDouble(0), 1e-12);
        assertEquals("hidden", shares.column(0).name());
        Table all = Summaries.rows(shares, "hidden", "all");
        assertEquals(3.0 / 4, all.numberColumn("SPLIT_ONLY").getDouble(0), 1e-12);
    }

    @Test
    void splitSharesCarryWilsonIntervalsWorkedOutByHand() {
        // z = 1.959964; center (p + z^2/2n) / (1 + z^2/n), half-width z sqrt(p(1-p)/n + z^2/4n^2) / (1 + z^2/n):
        // 8 of 16 -> [0.279996, 0.720004]; 0 of 16 -> [0, 0.193608]; 16 of 16 -> [0.806392, 1]; 1 of 3 ->
        // [0.061492, 0.792340]
        int[] hidden = new int[16 * 3 + 3];
        boolean[] split = new boolean[hidden.length];
        for (int i = 0; i < 16; i++) {
            hidden[i] = 31;
            split[i] = i % 2 == 0;
            hidden[16 + i] = 38;
            hidden[32 + i] = 48;
            split[32 + i] = true;
        }
        hidden[48] = 57;
        hidden[49] = 57;
        hidden[50] = 57;
        split[49] = true;
        BooleanColumn flags = BooleanColumn.create("split", split);
        Table t = Table.create("first split", IntColumn.create("hidden", hidden), flags);
        t.addColumns(DoubleColumn.create("rate", java.util.stream.IntStream.range(0, hidden.length)
                .mapToDouble(i -> hidden[i] == 31 ? 0.5 : 0.25).toArray()));
        // a run with no split value (never analysed) is not counted
        var row = t.appendRow();
        row.setInt("hidden", 57);
        row.setDouble("rate", 0.25);
        Table s = Summaries.splitShares(t, "hidden");
        assertEquals(java.util.List.of("hidden", "runs", "split", "share", "share_lo", "share_hi"), s.columnNames());
        assertEquals(java.util.List.of(31, 38, 48, 57), s.intColumn("hidden").asList());
        assertArrayEquals(new int[] {16, 16, 16, 3}, s.intColumn("runs").asIntArray());
        assertArrayEquals(new int[] {8, 0, 16, 1}, s.intColumn("split").asIntArray());
        assertArrayEquals(new double[] {0.5, 0, 1, 1.0 / 3}, s.doubleColumn("share").asDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {0.279996, 0, 0.806392, 0.061492}, s.doubleColumn("share_lo").asDoubleArray(),
                1e-6);
        assertArrayEquals(new double[] {0.720004, 0.193608, 1, 0.792340}, s.doubleColumn("share_hi").asDoubleArray(),
                1e-6);
        // a double column groups too, in ascending order: rate 0.25 holds the widths 38, 48, 57 (17 of 35)
        Table byRate = Summaries.splitShares(t, "rate");
        assertArrayEquals(new double[] {0.25, 0.5}, byRate.doubleColumn("rate").asDoubleArray(), 0);
        assertArrayEquals(new int[] {35, 16}, byRate.intColumn("runs").asIntArray());
        assertArrayEquals(new int[] {17, 8}, byRate.intColumn("split").asIntArray());
        Table all = Summaries.splitShares(t);
        assertEquals(51, all.intColumn("runs").get(0));
        // shares 0.5, 0, 1, 1/3 at reliable = 0.9; and 1/3 is reliable at 1/3 (the bound is inclusive)
        assertEquals(java.util.List.of("starts", "never", "reliable", "starts"),
                Summaries.withReading(s, 0.9).stringColumn("reading").asList());
        assertEquals("reliable", Summaries.withReading(s, 1.0 / 3).stringColumn("reading").get(3));
        assertEquals(6, s.columnCount(), "withReading leaves its input alone");
    }

    /** Weights on some input-to-output path of kept weights, counted by two graph searches over the mask. */
    private static int activeWeights(org.lotterylab.model.Mask m) {
        int[] shape = m.shape();
        int layers = shape.length - 1;
        boolean[][] fromInput = new boolean[shape.length][];
        boolean[][] toOutput = new boolean[shape.length][];
        fromInput[0] = new boolean[shape[0]];
        java.util.Arrays.fill(fromInput[0], true);
        for (int l = 0; l < layers; l++) {
            fromInput[l + 1] = new boolean[shape[l + 1]];
            for (int o = 0; o < shape[l + 1]; o++) {
                for (int i = 0; i < shape[l]; i++) {
                    fromInput[l + 1][o] |= fromInput[l][i] && m.weight(l, o, i);
                }
            }
        }
        toOutput[layers] = new boolean[shape[layers]];
        java.util.Arrays.fill(toOutput[layers], true);
        for (int l = layers - 1; l >= 0; l--) {
            toOutput[l] = new boolean[shape[l]];
            for (int i = 0; i < shape[l]; i++) {
                for (int o = 0; o < shape[l + 1]; o++) {
                    toOutput[l][i] |= toOutput[l + 1][o] && m.weight(l, o, i);
                }
            }
        }
        int n = 0;
        for (int l = 0; l < layers; l++) {
            for (int o = 0; o < shape[l + 1]; o++) {
                for (int i = 0; i < shape[l]; i++) {
                    n += m.weight(l, o, i) && fromInput[l][i] && toOutput[l + 1][o] ? 1 : 0;
                }
            }
        }
        return n;
    }

    @Test
    void activeAtSplitCountsTheWeightsOnInputOutputPathsAtTheSplit(@TempDir Path dir) {
        // one hidden layer, one extension level: [4, 29, 2] down to [4, 20, 2] and on to 12 weights; seed 2
        // splits (at level 4), seed 0 degrades without splitting
        ExperimentConfig c = ExperimentConfig.builder()
                .data(DataConfig.builder().task(new Task.Circles(0.1, 0.35)).task(new Task.Moons(0.1)).rowsPerTask(1000)
                        .build())
                .shape(4, 20, 2).training(TrainConfig.builder().maxEpochs(200).patience(10).build())
                .pruning(PruneConfig.builder().rate(0.32).levels(6).extension(1).build()).build().with("seeds.all", 2);
        RunStore store = RunStore.at(dir);
        StoredRun run = store.run(c);
        StoredRun other = store.run(c.with("seeds.all", 0));
        var both = java.util.List.of(run, other);
        Runs runs = Runs.of(both);
        Table a = Summaries.activeAtSplit(runs);
        Table fs = Summaries.firstSplit(runs);
        // one row per run that split, and only those
        assertEquals(fs.booleanColumn("split").countTrue(), a.rowCount());
        assertTrue(a.rowCount() > 0, "this seed's run splits (at level 4); none would test nothing");
        // no run split: an empty table with the same columns, not an error
        assertEquals("DEGRADE_ONLY", other.category().get(), "seed 0 of this config never splits");
        Table none = Summaries.activeAtSplit(Runs.of(java.util.List.of(other)));
        assertEquals(0, none.rowCount());
        assertTrue(none.columnNames().contains("active_share"), none.columnNames().toString());
        for (int i = 0; i < a.rowCount(); i++) {
            String hash = a.stringColumn("hash").get(i);
            StoredRun r = both.stream().filter(x -> x.hash().equals(hash)).findFirst().orElseThrow();
            int level = a.intColumn("split_level").get(i);
            assertEquals((int) r.summary().get().splitLevel(), level);
            assertEquals(level - r.config().pruning().extension(), a.intColumn("base_level").get(i));
            var mask = r.mask(level);
            assertEquals(mask.keptWeights(), a.intColumn("available").get(i));
            assertEquals(activeWeights(mask), a.intColumn("active").get(i));
            assertEquals(a.intColumn("available").get(i), a.intColumn("active").get(i) + a.intColumn("zombie").get(i)
                    + a.intColumn("inactive").get(i));
            assertEquals((double) a.intColumn("active").get(i) / a.intColumn("available").get(i),
                    a.doubleColumn("active_share").get(i), 1e-12);
            assertEquals(1, a.intColumn("depth").get(i));
        }
    }

    @Test
    void referenceLevelIsTheRoundedMedianOfTheSplits() {
        assertEquals(5, Summaries.referenceLevel(firstSplits()));
        Table two = firstSplits().dropRows(3);   // splits at 3 and 5: median 4
        assertEquals(4, Summaries.referenceLevel(two));
        Table none = firstSplits().dropRows(0, 2, 3);
        var e = assertThrows(IllegalArgumentException.class, () -> Summaries.referenceLevel(none));
        assertTrue(e.getMessage().contains("no run split"), e.getMessage());
    }

    @Test
    void storedRunSummariesAgreeWithTheirLevelTable(@TempDir Path dir) {
        ExperimentConfig c = ExperimentConfig.builder()
                .data(DataConfig.builder().task(new Task.Moons(0.1)).task(new Task.Moons(0.1)).rowsPerTask(200).build())
                .shape(4, 6, 6, 2).training(TrainConfig.builder().maxEpochs(20).patience(5).build())
                .pruning(PruneConfig.builder().target(12).levels(4).build()).build();
        RunStore store = RunStore.at(dir);
        StoredRun run = store.run(c);
        Table levels = run.levels();
        Table m = Summaries.milestones(run);
        assertEquals(java.util.List.of("dense", "split", "degradation", "last"), m.stringColumn("milestone").asList());
        assertEquals(levels.numberColumn("weights").getDouble(0), m.doubleColumn("weights").get(0), 0);
        int last = levels.rowCount() - 1;
        assertEquals(last, m.intColumn("level").get(3));
        assertEquals(levels.numberColumn("weights").getDouble(last) / levels.numberColumn("weights").getDouble(0),
                m.doubleColumn("share_of_dense").get(3), 1e-12);
        assertEquals(levels.numberColumn("test_acc_t1").getDouble(last), m.doubleColumn("test_acc_t1").get(3), 0);

        Table acc = Summaries.accuracyAt(Runs.of(java.util.List.of(run)), 2);
        double worse = Math.min(levels.numberColumn("test_acc_t0").getDouble(2), levels.numberColumn("test_acc_t1").getDouble(2));
        assertEquals(worse, acc.doubleColumn("worse_acc").get(0), 0);
        assertTrue(Summaries.accuracyAt(Runs.of(java.util.List.of(run)), 99).doubleColumn("worse_acc").isMissing(0));

        Table fs = Summaries.firstSplit(Runs.of(java.util.List.of(run)));
        boolean splits = run.category().get().startsWith("SPLIT");
        assertEquals(splits, fs.booleanColumn("split").get(0));
        assertEquals(!splits, fs.intColumn("split_level").isMissing(0));
        if (splits) {
            int s = fs.intColumn("split_level").get(0);
            assertEquals(levels.numberColumn("weights").getDouble(s), fs.doubleColumn("weights_at_split").get(0), 0);
            assertEquals(2 * fs.doubleColumn("density_at_split").get(0), fs.doubleColumn("bound_share").get(0), 1e-12);
            assertEquals(s, m.intColumn("level").get(1));
        } else {
            assertTrue(m.intColumn("level").isMissing(1));
        }

        Table labelled = Summaries.levels(java.util.Map.of("winning ticket", Runs.of(java.util.List.of(run))), "condition");
        assertEquals(levels.rowCount(), labelled.rowCount());
        assertEquals(java.util.List.of("winning ticket"), labelled.stringColumn("condition").unique().asList());

        // a run compared with itself: identical masks, Jaccard 1, every sign agrees
        Table sim = Summaries.similarity(run, run, false);
        assertEquals(levels.rowCount(), sim.rowCount());
        assertTrue(sim.doubleColumn("jaccard").asList().stream().allMatch(j -> j == 1.0));
        assertTrue(sim.doubleColumn("sign_trained").asList().stream().allMatch(j -> j == 1.0));
        assertEquals(levels.numberColumn("density").getDouble(1), sim.doubleColumn("density").get(1), 1e-9);

        // every zombie row's lifetime is the count of its levels as a zombie in the state history
        Table z = Summaries.zombies(Runs.of(java.util.List.of(run)));
        long zombieLevels = Summaries.history(run).neuronTrace().stream()
                .filter(n -> n.state() == org.lotterylab.metrics.State.ZOMBIE).count();
        assertEquals(zombieLevels, (long) z.intColumn("lifetime").sum());
    }
}
