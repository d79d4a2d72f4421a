package org.lotterylab.metrics;

import java.util.Arrays;

/**
 * The few statistics the notebooks' verdicts need, over plain arrays. NaN values are skipped
 * (a level or run that has no value, e.g. the horizon of level 0); on an empty input every
 * statistic is NaN.
 */
public final class Stats {
    private Stats() {
    }

    private static double[] finite(double[] v) {
        return Arrays.stream(v).filter(x -> !Double.isNaN(x)).toArray();
    }

    public static double mean(double... v) {
        double[] f = finite(v);
        return f.length == 0 ? Double.NaN : Arrays.stream(f).sum() / f.length;
    }

    /** Sample standard deviation (n - 1); NaN for fewer than 2 values. */
    public static double sd(double... v) {
        double[] f = finite(v);
        if (f.length < 2) {
            return Double.NaN;
        }
        double m = mean(f);
        double s = 0;
        for (double x : f) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (f.length - 1));
    }

    public static double median(double... v) {
        return quantile(0.5, v);
    }

    /**
     * The {@code q}-quantile, {@code 0 <= q <= 1}, interpolated linearly between the two nearest
     * ranks (numpy's default): position {@code (n - 1) q} of the sorted values.
     */
    public static double quantile(double q, double... v) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile " + q + " is outside [0, 1]");
        }
        double[] f = finite(v);
        if (f.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(f);
        double h = (f.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, f.length - 1);
        return f[lo] + (h - lo) * (f[hi] - f[lo]);
    }

    /** The share of {@code flags} that are true; NaN when empty. */
    public static double share(boolean... flags) {
        if (flags.length == 0) {
            return Double.NaN;
        }
        int n = 0;
        for (boolean b : flags) {
            if (b) {
                n++;
            }
        }
        return (double) n / flags.length;
    }

    /** Pearson's correlation over the pairs where both values are present; NaN if either is constant. */
    public static double pearson(double[] x, double[] y) {
        double[][] p = pairs(x, y);
        int n = p[0].length;
        if (n < 2) {
            return Double.NaN;
        }
        double mx = mean(p[0]);
        double my = mean(p[1]);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxy += (p[0][i] - mx) * (p[1][i] - my);
            sxx += (p[0][i] - mx) * (p[0][i] - mx);
            syy += (p[1][i] - my) * (p[1][i] - my);
        }
        return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
    }

    /** Spearman's rank correlation: Pearson's on ranks, ties given their mean rank. */
    public static double spearman(double[] x, double[] y) {
        double[][] p = pairs(x, y);
        return pearson(ranks(p[0]), ranks(p[1]));
    }

    /** Ranks 1..n, ties sharing their mean rank. */
    static double[] ranks(double[] v) {
        Integer[] idx = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Double.compare(v[a], v[b]));
        double[] r = new double[v.length];
        int i = 0;
        while (i < v.length) {
            int j = i;
            while (j + 1 < v.length && v[idx[j + 1]] == v[idx[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                r[idx[k]] = rank;
            }
            i = j + 1;
        }
        return r;
    }

    private static double[][] pairs(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("paired samples differ in length: " + x.length + " and " + y.length);
        }
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
                n++;
            }
        }
        double[][] p = new double[2][n];
        int k = 0;
        for (int i = 0; i < x.length; i++) {
            if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
                p[0][k] = x[i];
                p[1][k] = y[i];
                k++;
            }
        }
        return p;
    }
}
