package org.lotterylab.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.lotterylab.study.Verdict.Outcome;
import org.lotterylab.study.Verdict.Threshold;
import org.junit.jupiter.api.Test;

class VerdictTest {
    @Test
    void sentenceOfAnInconclusiveMean() {
        // the exact bootstrap of [0, 0, 1] gives [0, 0.783] (see ResamplingTest): it straddles 0.5
        Verdict v = Verdict.mean("Often", "x", new double[] {0, 0, 1}, Threshold.above(0.5, "half")).in("runs");
        assertEquals(Outcome.INCONCLUSIVE, v.outcome());
        assertFalse(v.supported());
        assertEquals("Often: mean x 0.333 [95% CI 0, 0.783] over 3 runs; threshold: above 0.5 (half): "
                + "inconclusive (the interval straddles the threshold).", v.toString());
    }

    @Test
    void supportedDifferenceNamesBothGroups() {
        double[] split = {0.97, 0.98, 0.99, 0.96};
        double[] never = {0.80, 0.85, 0.90};
        Verdict v = Verdict.difference("Not splitting goes with worse performance", "worse-task accuracy", "split",
                split, "never split", never, Threshold.above(0.01, "1 pp")).in("runs");
        assertEquals(Outcome.SUPPORTED, v.outcome());
        assertTrue(v.supported());
        assertEquals(0.975 - 0.85, v.estimate(), 1e-12);
        // every resample's difference lies between min(split) - max(never) and max(split) - min(never)
        assertTrue(v.interval()[0] >= 0.96 - 0.90 - 1e-12 && v.interval()[1] <= 0.99 - 0.80 + 1e-12);
        assertTrue(v.toString().startsWith("Not splitting goes with worse performance: worse-task accuracy 0.975 "
                + "(split, 4 runs) vs 0.850 (never split, 3 runs); difference 0.125 [95% CI "), v.toString());
        assertTrue(v.toString().endsWith("; threshold: above 0.01 (1 pp): supported."), v.toString());
    }

    @Test
    void notSupportedWhenTheWholeIntervalIsOnTheOtherSide() {
        Verdict v = Verdict.difference("A beats B", "score", "A", new double[] {1, 2, 3}, "B", new double[] {5, 6, 7},
                Threshold.above(0));
        assertEquals(Outcome.NOT_SUPPORTED, v.outcome());
        assertTrue(v.toString().endsWith(": not supported."), v.toString());
    }

    @Test
    void sdIntervalIsTheChiSquareOne() {
        // [0.75, 0.875, 1, 1]: mean 0.90625, squares about it 0.0244 + 0.000977 + 0.00879 * 2 = 0.04297,
        // s = sqrt(0.04297 / 3) = 0.11968. Chi-square table, 3 degrees of freedom: 0.2158 (2.5%) and
        // 9.348 (97.5%).
        Verdict v = Verdict.sd("Alike", "peak position", new double[] {0.75, 0.875, 1, 1}, Threshold.below(0.15));
        double s = Math.sqrt((Math.pow(0.75 - 0.90625, 2) + Math.pow(0.875 - 0.90625, 2) + 2 * Math.pow(1 - 0.90625, 2)) / 3);
        assertEquals(0.11968, v.estimate(), 1e-5);
        assertEquals(s * Math.sqrt(3 / 9.348), v.interval()[0], 1e-4);
        assertEquals(s * Math.sqrt(3 / 0.2158), v.interval()[1], 1e-3);
        assertEquals(Outcome.INCONCLUSIVE, v.outcome(), "four seeds cannot show an sd below 0.15");
    }

    @Test
    void belowThresholds() {
        Verdict alike = Verdict.sd("Alike across seeds", "peak position", new double[] {0.5, 0.52, 0.48, 0.5, 0.51},
                Threshold.below(0.15));
        // s = 0.0152, upper limit s sqrt(4 / 0.4844) = 0.044 < 0.15
        assertEquals(Outcome.SUPPORTED, alike.outcome());
        Verdict spread = Verdict.sd("Alike across seeds", "peak position", new double[] {0.1, 0.9, 0.1, 0.9, 0.5},
                Threshold.below(0.15));
        assertEquals(Outcome.NOT_SUPPORTED, spread.outcome());
    }

    @Test
    void tooFewSaysSoAndGivesOnlyThePointEstimate() {
        Verdict v = Verdict.difference("A beats B", "score", "A", new double[] {1, 2}, "B", new double[] {0, 0, 0},
                Threshold.above(0)).in("seeds");
        assertEquals(Outcome.TOO_FEW, v.outcome());
        assertTrue(Double.isNaN(v.interval()[0]));
        assertTrue(v.toString().contains("difference 1.500; threshold: above 0: too few data (n = 2, at least 3 needed"),
                v.toString());
        assertTrue(v.toString().contains("(A, 2 seeds)"), v.toString());
    }

    @Test
    void tooFewAsksForTheFullProfileOnlyInTheFastOne() {
        String before = System.getProperty(org.lotterylab.experiment.Profile.PROPERTY);
        try {
            System.setProperty(org.lotterylab.experiment.Profile.PROPERTY, "fast");
            assertTrue(Verdict.mean("m", "x", new double[] {1, 2}, Threshold.above(0)).toString()
                    .endsWith("needed for an interval; run the full profile)."));
            // in the full profile (notebook 09: two of three seeds split) more seeds are the fix
            System.setProperty(org.lotterylab.experiment.Profile.PROPERTY, "full");
            assertTrue(Verdict.mean("m", "x", new double[] {1, 2}, Threshold.above(0)).toString()
                    .endsWith("needed for an interval; run more seeds)."));
        } finally {
            if (before == null) {
                System.clearProperty(org.lotterylab.experiment.Profile.PROPERTY);
            } else {
                System.setProperty(org.lotterylab.experiment.Profile.PROPERTY, before);
            }
        }
    }

    @Test
    void nanValuesAreDroppedBeforeCounting() {
        Verdict v = Verdict.mean("m", "x", new double[] {1, Double.NaN, 1}, Threshold.above(0));
        assertEquals(Outcome.TOO_FEW, v.outcome());
    }

    @Test
    void perfectCorrelationIsSupported() {
        // 5^5 resamples enumerated; constant resamples (NaN correlation) are left out, all others give 1
        Verdict v = Verdict.correlation("Rises", "level", new double[] {1, 2, 3, 4, 5}, "cut",
                new double[] {2, 4, 6, 8, 10}, Threshold.above(0.1));
        assertEquals(1.0, v.estimate(), 1e-12);
        assertEquals(1.0, v.interval()[0], 1e-12);
        assertEquals(Outcome.SUPPORTED, v.outcome());
        Verdict flat = Verdict.correlation("Rises", "level", new double[] {1, 2, 3}, "cut", new double[] {2, 2, 2},
                Threshold.above(0.1));
        assertEquals(Outcome.INCONCLUSIVE, flat.outcome());
        assertTrue(flat.toString().contains("does not vary"), flat.toString());
    }

    @Test
    void fisherVerdicts() {
        boolean[] oneOfFour = {true, false, false, false};
        boolean[] threeOfFour = {true, true, true, false};
        Verdict weak = Verdict.fisher("Wider splits more", "split", "E0", oneOfFour, "E1", threeOfFour);
        assertEquals(17.0 / 70, weak.pValue(), 1e-12);
        assertEquals(0.5, weak.estimate(), 1e-12);
        assertEquals(Outcome.INCONCLUSIVE, weak.outcome());
        assertTrue(weak.toString().contains("split 1 of 4 (E0) vs 3 of 4 (E1)"), weak.toString());
        boolean[] none = new boolean[6];
        boolean[] all = {true, true, true, true, true, true};
        Verdict strong = Verdict.fisher("c", "split", "A", none, "B", all);
        assertEquals(Outcome.SUPPORTED, strong.outcome());
        assertEquals(1.0 / 924, strong.pValue(), 1e-12);
        // 1/924 = 0.00108 still prints; 0 of 8 against 8 of 8, p = 1 / C(16, 8) = 1/12870, does not
        assertTrue(strong.toString().contains(", p = 0.001 (Fisher exact test, one-sided)"), strong.toString());
        Verdict stronger = Verdict.fisher("c", "split", "A", new boolean[8], "B",
                new boolean[] {true, true, true, true, true, true, true, true});
        assertEquals(1.0 / 12870, stronger.pValue(), 1e-15);
        assertTrue(stronger.toString().contains(", p < 0.001 (Fisher"), stronger.toString());
        assertEquals(Outcome.NOT_SUPPORTED, Verdict.fisher("c", "split", "A", all, "B", none).outcome());
    }

    @Test
    void boundVerdicts() {
        Verdict ok = Verdict.bound("Splits need at most P/k", "share of P/k", new double[] {0.3, 0.4, 1.0},
                Threshold.below(1.0, "P/k")).in("splits");
        assertEquals(Outcome.SUPPORTED, ok.outcome());
        // 1 - 0.05^(1/3) = 0.632
        assertTrue(ok.toString().contains("from 3 clean splits, the 95% upper bound on the rate of exceptions is 63%"), ok.toString());
        assertTrue(ok.toString().contains("0 of 3 splits beyond the bound"), ok.toString());
        Verdict broken = Verdict.bound("Splits need at most P/k", "share of P/k", new double[] {0.3, 1.2},
                Threshold.below(1.0, "P/k"));
        assertEquals(Outcome.NOT_SUPPORTED, broken.outcome());
        assertEquals(1.2, broken.estimate(), 1e-12);
    }

    @Test
    void shareCountsTheFlags() {
        Verdict v = Verdict.share("Often", "bias first", new boolean[] {true, true, true, true, false, true},
                Threshold.above(0.5));
        assertEquals(5.0 / 6, v.estimate(), 1e-12);
        assertTrue(v.toString().startsWith("Often: 5 of 6 bias first; share 0.833"), v.toString());
        // Wilson's closed form: (p + z^2/2n -+ z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n)
        double z = 1.959963984540054;
        double p = 5.0 / 6;
        double n = 6;
        double half = z * Math.sqrt(p * (1 - p) / n + z * z / (4 * n * n));
        assertArrayEquals(new double[] {(p + z * z / (2 * n) - half) / (1 + z * z / n),
            (p + z * z / (2 * n) + half) / (1 + z * z / n)}, v.interval(), 1e-9);
        assertTrue(v.toString().contains("over 6 values, Wilson interval"), v.toString());
    }

    @Test
    void aShareOfAllTrueFlagsIsNotCertain() {
        boolean[] all = new boolean[14];
        Arrays.fill(all, true);
        Verdict v = Verdict.share("Always", "runs split", all, Threshold.above(0.9));
        // p = 1: the lower bound is 1 / (1 + z^2/n); a bootstrap over the flags would give [1, 1]
        double z = 1.959963984540054;
        assertEquals(1 / (1 + z * z / 14), v.interval()[0], 1e-9);
        assertEquals(1.0, v.interval()[1]);
        assertEquals(Outcome.INCONCLUSIVE, v.outcome());
        assertEquals(Outcome.SUPPORTED, Verdict.share("Always", "runs split", all, Threshold.above(0.75)).outcome());
        assertEquals(Outcome.TOO_FEW, Verdict.share("Always", "runs split", new boolean[] {true, true},
                Threshold.above(0.5)).outcome());
    }

    @Test
    void htmlCarriesTheClassAndEscapes() {
        Verdict v = Verdict.mean("a < b", "x", new double[] {1, 2, 3}, Threshold.above(0));
        String h = v.html();
        assertTrue(h.startsWith("<div class=\"lab-verdict lab-verdict-supported\" data-outcome=\"supported\""), h);
        assertTrue(h.contains("<b>a &lt; b</b>"), h);
        assertFalse(h.contains("\u0000"));
    }

    @Test
    void thresholdMustBeANumber() {
        try {
            Threshold.above(Double.NaN);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("NaN"));
            return;
        }
        throw new AssertionError("NaN threshold accepted");
    }

    @Test
    void pairedDifferenceResamplesPairs() {
        // differences 0.01, 0.02, 0.03 (a NaN pair dropped): mean 0.02; every resample's mean lies in
        // [0.01, 0.03], so the interval does too, and it straddles 0.015
        Verdict v = Verdict.paired("Drop is small", "accuracy", "dense", new double[] {0.95, 0.96, 0.97, Double.NaN},
                "at the split", new double[] {0.94, 0.94, 0.94, 0.9}, Threshold.below(0.015));
        assertEquals(0.02, v.estimate(), 1e-12);
        assertTrue(v.interval()[0] >= 0.01 - 1e-12 && v.interval()[1] <= 0.03 + 1e-12);
        assertEquals(Outcome.INCONCLUSIVE, v.outcome());
        assertTrue(v.toString().startsWith("Drop is small: accuracy 0.960 (dense) vs 0.940 (at the split); paired difference 0.020"),
                v.toString());
        Verdicts both = Verdicts.of(v, Verdict.mean("m", "x", new double[] {1, 2, 3}, Threshold.above(0)));
        assertEquals(v + "\n" + both.list().get(1), both.toString());
        assertFalse(both.allSupported());
    }

    @Test
    void clusteredBootstrapResamplesWholeClusters() {
        // one row per cluster: the same as the plain bootstrap of [0, 0, 1], i.e. [0, 0.783]
        tech.tablesaw.api.Table single = tech.tablesaw.api.Table.create("t",
                tech.tablesaw.api.IntColumn.create("seed", 0, 1, 2),
                tech.tablesaw.api.DoubleColumn.create("x", 0.0, 0.0, 1.0));
        java.util.function.ToDoubleFunction<tech.tablesaw.api.Table> mean = t -> t.doubleColumn("x").mean();
        Verdict one = Verdict.clustered("c", "mean x", single, "seed", mean, Threshold.above(0.5));
        assertEquals(0.0, one.interval()[0], 1e-12);
        assertEquals(2.0 / 3 + 0.35 / 3, one.interval()[1], 1e-12);
        // four identical rows per cluster: resampling clusters gives the same interval, while the rows
        // as if independent (12 of them) give a much narrower one
        double[] x = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1};
        tech.tablesaw.api.Table four = tech.tablesaw.api.Table.create("t",
                tech.tablesaw.api.IntColumn.create("seed", 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2),
                tech.tablesaw.api.DoubleColumn.create("x", x));
        Verdict clustered = Verdict.clustered("c", "mean x", four, "seed", mean, Threshold.above(0.5)).in("runs");
        assertEquals(one.interval()[1], clustered.interval()[1], 1e-12);
        Verdict naive = Verdict.mean("c", "x", x, Threshold.above(0.5));
        assertTrue(naive.interval()[1] < clustered.interval()[1] - 0.1, naive + " / " + clustered);
        assertTrue(clustered.toString().contains("over 3 runs (12 rows)"), clustered.toString());
        tech.tablesaw.api.Table two = four.where(four.intColumn("seed").isLessThan(2));
        assertEquals(Outcome.TOO_FEW, Verdict.clustered("c", "mean x", two, "seed", mean, Threshold.above(0.5)).outcome());
    }

    @Test
    void permutationVerdicts() {
        double[] high = {10, 11, 12, 13};
        double[] low = {1, 2, 3, 4};
        // the observed labelling is the most extreme of C(8, 4) = 70: p = 1/70
        Verdict v = Verdict.permutation("A beats B", "score", "A", high, "B", low, Threshold.above(0)).in("runs");
        assertEquals(Outcome.SUPPORTED, v.outcome());
        assertEquals(1.0 / 70, v.pValue(), 1e-12);
        assertTrue(v.toString().contains("difference 9 [95% CI "), v.toString());
        assertTrue(v.toString().contains("p = 0.014 (permutation test, one-sided); threshold: above 0: supported."),
                v.toString());
        assertEquals(Outcome.NOT_SUPPORTED,
                Verdict.permutation("A beats B", "score", "A", low, "B", high, Threshold.above(0)).outcome());
        // a shift of 9 leaves nothing to test: the observed difference is exactly the null one
        assertEquals(Outcome.INCONCLUSIVE,
                Verdict.permutation("A beats B", "score", "A", high, "B", low, Threshold.above(9)).outcome());
        Verdict tiny = Verdict.permutation("A beats B", "score", "A", new double[] {3, 4}, "B", new double[] {1, 2},
                Threshold.above(0));
        assertEquals(Outcome.TOO_FEW, tiny.outcome());
        assertTrue(tiny.toString().contains("groups of 2 and 2 cannot reach p < 0.05"), tiny.toString());
    }
}
