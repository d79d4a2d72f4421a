package org.lotterylab.study;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;
import org.lotterylab.metrics.Stats;
import org.lotterylab.rng.Rng;

/**
 * The resampling behind {@link Verdict}: percentile bootstrap intervals, permutation tests and
 * Fisher's exact test. Deterministic: Monte Carlo draws come from a fixed seed, and small samples
 * are enumerated exactly instead of drawn.
 */
final class Resampling {
    /** Resamples of a Monte Carlo bootstrap; also the largest number of resamples enumerated exactly. */
    static final int RESAMPLES = 10_000;
    /** Fixed seed of every Monte Carlo draw: the same data give the same interval, bit for bit. */
    static final long SEED = 20_260_101L;

    private Resampling() {
    }

    /**
     * A 95% percentile bootstrap interval {@code {lo, hi}} of {@code statistic} over independent
     * groups of the given sizes: each resample draws {@code sizes[g]} indices with replacement in
     * every group {@code g} and passes them as {@code idx[g]}. When the number of distinct ordered
     * resamples, the product of {@code n^n} over groups, is at most {@link #RESAMPLES}, every one of
     * them is enumerated once (the exact bootstrap distribution); otherwise {@link #RESAMPLES} are
     * drawn from a generator seeded with {@link #SEED}. Resamples whose statistic is NaN (e.g. a
     * correlation of a constant resample) are left out of the quantiles. Quantiles interpolate
     * linearly ({@link Stats#quantile}).
     */
    static double[] bootstrap(int[] sizes, ToDoubleFunction<int[][]> statistic) {
        double[] values = exactCount(sizes) <= RESAMPLES ? enumerate(sizes, statistic) : draw(sizes, statistic);
        return new double[] {Stats.quantile(0.025, values), Stats.quantile(0.975, values)};
    }

    /** The number of ordered resamples of groups of these sizes, saturating above the limit. */
    static long exactCount(int[] sizes) {
        long n = 1;
        for (int s : sizes) {
            for (int i = 0; i < s; i++) {
                n *= s;
                if (n > RESAMPLES) {
                    return RESAMPLES + 1L;
                }
            }
        }
        return n;
    }

    private static double[] enumerate(int[] sizes, ToDoubleFunction<int[][]> statistic) {
        int[][] idx = new int[sizes.length][];
        for (int g = 0; g < sizes.length; g++) {
            idx[g] = new int[sizes[g]];
        }
        double[] out = new double[(int) exactCount(sizes)];
        for (int r = 0; r < out.length; r++) {
            out[r] = statistic.applyAsDouble(idx);
            increment(idx, sizes);
        }
        return out;
    }

    /** Odometer step over every position of every group, each digit counting 0..n-1. */
    private static void increment(int[][] idx, int[] sizes) {
        for (int g = 0; g < idx.length; g++) {
            for (int i = 0; i < idx[g].length; i++) {
                if (++idx[g][i] < sizes[g]) {
                    return;
                }
                idx[g][i] = 0;
            }
        }
    }

    private static double[] draw(int[] sizes, ToDoubleFunction<int[][]> statistic) {
        Rng rng = Rng.derive(SEED, "bootstrap");
        int[][] idx = new int[sizes.length][];
        for (int g = 0; g < sizes.length; g++) {
            idx[g] = new int[sizes[g]];
        }
        double[] out = new double[RESAMPLES];
        for (int r = 0; r < RESAMPLES; r++) {
            for (int g = 0; g < sizes.length; g++) {
                for (int i = 0; i < sizes[g]; i++) {
                    idx[g][i] = rng.nextInt(sizes[g]);
                }
            }
            out[r] = statistic.applyAsDouble(idx);
        }
        return out;
    }

    /** {@code v[idx[0]], v[idx[1]], ...}. */
    static double[] pick(double[] v, int[] idx) {
        double[] out = new double[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = v[idx[i]];
        }
        return out;
    }

    /**
     * One-sided p-value of Fisher's exact test on the 2x2 table {@code [[a, b], [c, d]]} (rows:
     * two groups; columns: success, failure) for the alternative "the second row has the larger
     * success share": the hypergeometric probability, with all margins fixed, of a second-row
     * success count at least {@code c}.
     */
    static double fisherGreater(int a, int b, int c, int d) {
        if (a < 0 || b < 0 || c < 0 || d < 0) {
            throw new IllegalArgumentException("negative count in 2x2 table [[" + a + ", " + b + "], [" + c + ", " + d + "]]");
        }
        int row2 = c + d;
        int successes = a + c;
        int n = a + b + c + d;
        double p = 0;
        for (int x = c; x <= Math.min(row2, successes); x++) {
            p += Math.exp(logChoose(row2, x) + logChoose(n - row2, successes - x) - logChoose(n, successes));
        }
        return Math.min(1.0, p);
    }

    private static double logChoose(int n, int k) {
        if (k < 0 || k > n) {
            return Double.NEGATIVE_INFINITY;
        }
        return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
    }

    private static double logFactorial(int n) {
        double s = 0;
        for (int i = 2; i <= n; i++) {
            s += Math.log(i);
        }
        return s;
    }


    /**
     * One-sided permutation p-value for "mean(a) - mean(b) exceeds {@code shift}": {@code shift} is
     * added to {@code b} (so the null hypothesis is a difference of exactly {@code shift}), then p is
     * the share of relabellings of the pooled values, keeping the group sizes, whose difference of
     * means is at least the observed one. All {@code C(n_a + n_b, n_a)} relabellings are enumerated
     * when they number at most {@link #RESAMPLES}; otherwise that many are drawn (seeded) and the
     * observed labelling is counted once more, so p is never 0.
     */
    static double permutationGreater(double[] a, double[] b, double shift) {
        int k = a.length;
        int n = k + b.length;
        double[] pooled = new double[n];
        System.arraycopy(a, 0, pooled, 0, k);
        for (int i = 0; i < b.length; i++) {
            pooled[k + i] = b[i] + shift;
        }
        double total = java.util.Arrays.stream(pooled).sum();
        double sumA = 0;
        for (double v : a) {
            sumA += v;
        }
        double observed = sumA / k - (total - sumA) / (n - k);
        // relabellings equal to the observed one up to rounding count as at least as extreme
        double eps = 1e-9 * (1 + Math.abs(observed));
        if (choose(n, k) <= RESAMPLES) {
            long[] counts = new long[2];
            subsets(pooled, k, 0, 0, 0.0, sum -> {
                counts[0]++;
                if (sum / k - (total - sum) / (n - k) >= observed - eps) {
                    counts[1]++;
                }
            });
            return (double) counts[1] / counts[0];
        }
        Rng rng = Rng.derive(SEED, "permutation");
        int[] order = new int[n];
        long hits = 1;
        for (int r = 0; r < RESAMPLES; r++) {
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            rng.shuffle(order);
            double s = 0;
            for (int i = 0; i < k; i++) {
                s += pooled[order[i]];
            }
            if (s / k - (total - s) / (n - k) >= observed - eps) {
                hits++;
            }
        }
        return (double) hits / (RESAMPLES + 1);
    }

    /** {@code C(n, k)} as a double (exact for the sizes compared with {@link #RESAMPLES}). */
    static double choose(int n, int k) {
        return Math.rint(Math.exp(logChoose(n, k)));
    }

    /** Visits the sum of every {@code k}-subset of {@code v[from..]}, each added to {@code sum}. */
    private static void subsets(double[] v, int k, int from, int chosen, double sum,
            java.util.function.DoubleConsumer visit) {
        if (chosen == k) {
            visit.accept(sum);
            return;
        }
        for (int i = from; i <= v.length - (k - chosen); i++) {
            subsets(v, k, i + 1, chosen + 1, sum + v[i], visit);
        }
    }
}
