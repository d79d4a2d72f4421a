package org.lotterylab.study;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import org.lotterylab.metrics.Stats;
import org.lotterylab.notebook.HtmlDisplayable;

/**
 * The verdict on one claim, computed from the data: the statistic that measures it, that
 * statistic's uncertainty over seeds, the threshold the claim needs, and the outcome. Renders as
 * one sentence ({@link #toString()}) and as HTML ({@link #html()}; a notebook cell ending in a
 * verdict shows the HTML, with the sentence as its plain text), e.g.
 *
 * <pre>
 * Not splitting goes with worse performance: worse-task accuracy 0.975 (split, 16 runs) vs 0.889
 * (never split, 4 runs); difference 0.086 [95% CI 0.031, 0.142]; threshold: above 0.01 (1 pp):
 * supported.
 * </pre>
 *
 * <p>Uncertainty is a 95% percentile bootstrap interval over the sampled units (runs, seeds,
 * zombies: whatever the arrays hold), from {@value Resampling#RESAMPLES} seeded resamples or,
 * for small samples, every resample enumerated exactly; for a {@link #share}, the Wilson score
 * interval; for an {@link #sd}, the chi-square interval; for {@link #fisher}, the p-value of an
 * exact test. Outcomes:
 * <ul>
 * <li>{@link Outcome#SUPPORTED}: the whole interval lies on the claim's side of the threshold
 *     (or the test's p-value is below its significance level);
 * <li>{@link Outcome#NOT_SUPPORTED}: the whole interval lies on the other side (or the test in
 *     the opposite direction is significant), or for {@link #bound} a value broke the bound;
 * <li>{@link Outcome#INCONCLUSIVE}: the interval straddles the threshold, the test is not
 *     significant either way, or the statistic is undefined (e.g. no variation);
 * <li>{@link Outcome#TOO_FEW}: fewer than {@value #MIN_N} values in a group: no interval, only the
 *     point estimate.
 * </ul>
 * Immutable.
 */
public final class Verdict implements HtmlDisplayable {
    /** The smallest sample a bootstrap interval is computed for. */
    public static final int MIN_N = 3;
    /** Significance level of the exact tests. */
    public static final double ALPHA = 0.05;
    /** Stands for the unit of the sampled values in the stored text, until {@link #in(String)} names it. */
    private static final String UNIT = "\u0000";

    /** What the data say about the claim. */
    public enum Outcome {
        SUPPORTED("supported"), NOT_SUPPORTED("not supported"), INCONCLUSIVE("inconclusive"), TOO_FEW("too few data");

        private final String words;

        Outcome(String words) {
            this.words = words;
        }

        /** Lower-case words, as in the rendered sentence. */
        public String words() {
            return words;
        }
    }

    /**
     * The value a statistic must exceed ({@link #above}) or stay under ({@link #below}) for the
     * claim to hold; {@code name} says it in words (e.g. "1 pp"), may be empty.
     */
    public record Threshold(double value, boolean above, String name) {
        public Threshold {
            Objects.requireNonNull(name, "name");
            if (Double.isNaN(value)) {
                throw new IllegalArgumentException("a threshold must be a number, not NaN");
            }
        }

        /** The claim holds when the statistic exceeds {@code value}. */
        public static Threshold above(double value, String name) {
            return new Threshold(value, true, name);
        }

        /** {@link #above(double, String)} without a name. */
        public static Threshold above(double value) {
            return above(value, "");
        }

        /** The claim holds when the statistic stays below {@code value}. */
        public static Threshold below(double value, String name) {
            return new Threshold(value, false, name);
        }

        /** {@link #below(double, String)} without a name. */
        public static Threshold below(double value) {
            return below(value, "");
        }

        @Override
        public String toString() {
            // as declared (0.01, 0.5, 1.2), not rounded to the estimate's three decimals
            return (above ? "above " : "below ") + plain(value) + (name.isEmpty() ? "" : " (" + name + ")");
        }
    }

    private final String claim;
    private final String evidence;
    private final String statistic;
    private final double estimate;
    private final double lo;
    private final double hi;
    private final double p;
    private final String sample;
    private final Threshold threshold;
    private final Outcome outcome;
    private final String reason;
    private final String unit;

    private Verdict(String claim, String evidence, String statistic, double estimate, double lo, double hi, double p,
            String sample, Threshold threshold, Outcome outcome, String reason) {
        this(claim, evidence, statistic, estimate, lo, hi, p, sample, threshold, outcome, reason, "values");
    }

    private Verdict(String claim, String evidence, String statistic, double estimate, double lo, double hi, double p,
            String sample, Threshold threshold, Outcome outcome, String reason, String unit) {
        this.unit = unit;
        this.claim = claim;
        this.evidence = evidence;
        this.statistic = statistic;
        this.estimate = estimate;
        this.lo = lo;
        this.hi = hi;
        this.p = p;
        this.sample = sample;
        this.threshold = threshold;
        this.outcome = outcome;
        this.reason = reason;
    }

    // ------------------------------------------------------------------ factories

    /**
     * The claim "{@code measure} is larger in group A than in group B by more than the threshold":
     * statistic {@code mean(a) - mean(b)}, bootstrap over the two groups independently. NaN values
     * are dropped first.
     *
     * @param nameA the first group in words, e.g. "split"
     * @param nameB the second group in words, e.g. "never split"
     */
    public static Verdict difference(String claim, String measure, String nameA, double[] a, String nameB, double[] b,
            Threshold threshold) {
        double[] x = finite(a);
        double[] y = finite(b);
        double est = Stats.mean(x) - Stats.mean(y);
        String evidence = measure + " " + num(Stats.mean(x)) + " (" + nameA + ", " + count(x.length) + ") vs "
                + num(Stats.mean(y)) + " (" + nameB + ", " + count(y.length) + ")";
        String stat = "difference";
        if (x.length < MIN_N || y.length < MIN_N) {
            return tooFew(claim, evidence, stat, est, "", threshold, Math.min(x.length, y.length));
        }
        double[] ci = Resampling.bootstrap(new int[] {x.length, y.length},
                idx -> Stats.mean(Resampling.pick(x, idx[0])) - Stats.mean(Resampling.pick(y, idx[1])));
        return fromInterval(claim, evidence, stat, est, ci, "", threshold);
    }

    /**
     * As {@link #difference}, judged by an exact permutation test instead of the interval: the right
     * tool when a group is small (a handful of runs that never split), where a percentile bootstrap
     * interval is too narrow. The null hypothesis is a difference of exactly the threshold (added to
     * group B before relabelling); supported when the one-sided p-value for "the difference exceeds
     * the threshold" is below {@value #ALPHA} (for a {@link Threshold#below} threshold: "stays under
     * it"), not supported when the opposite one-sided test is, inconclusive otherwise. Too few data
     * when even the most extreme relabelling could not reach {@value #ALPHA}. The sentence also gives
     * the bootstrap interval, as a description.
     */
    public static Verdict permutation(String claim, String measure, String nameA, double[] a, String nameB,
            double[] b, Threshold threshold) {
        Verdict d = difference(claim, measure, nameA, a, nameB, b, threshold);
        double[] x = finite(a);
        double[] y = finite(b);
        double smallest = x.length == 0 || y.length == 0 ? 1 : 1 / Resampling.choose(x.length + y.length, x.length);
        if (smallest >= ALPHA) {
            return new Verdict(claim, d.evidence, d.statistic, d.estimate, d.lo, d.hi, Double.NaN, "", threshold,
                    Outcome.TOO_FEW, "groups of " + x.length + " and " + y.length
                    + " cannot reach p < " + plain(ALPHA) + " in a permutation test");
        }
        double t = threshold.value();
        double greater = Resampling.permutationGreater(x, y, t);
        // "less" is "greater" with the groups swapped and the shift negated
        double less = Resampling.permutationGreater(y, x, -t);
        double pFor = threshold.above() ? greater : less;
        double pAgainst = threshold.above() ? less : greater;
        Outcome o = pFor < ALPHA ? Outcome.SUPPORTED : pAgainst < ALPHA ? Outcome.NOT_SUPPORTED : Outcome.INCONCLUSIVE;
        String reason = o == Outcome.INCONCLUSIVE ? "not significant either way at " + plain(ALPHA)
                : o == Outcome.NOT_SUPPORTED ? "the opposite is significant (p = " + num(pAgainst) + ")" : "";
        return new Verdict(claim, d.evidence, d.statistic, d.estimate, d.lo, d.hi, pFor, "permutation test, one-sided",
                threshold, o, reason);
    }

    /**
     * As {@link #difference} for paired values (the same run measured twice, e.g. dense and at the
     * split): statistic the mean of {@code a[i] - b[i]} over the pairs where both are present,
     * bootstrap over pairs.
     */
    public static Verdict paired(String claim, String measure, String nameA, double[] a, String nameB, double[] b,
            Threshold threshold) {
        double[][] p = pairs(a, b);
        double[] d = new double[p[0].length];
        for (int i = 0; i < d.length; i++) {
            d[i] = p[0][i] - p[1][i];
        }
        String evidence = measure + " " + num(Stats.mean(p[0])) + " (" + nameA + ") vs " + num(Stats.mean(p[1])) + " ("
                + nameB + ")";
        return oneSample(claim, "paired difference", d, threshold, Stats::mean).withEvidence(evidence);
    }

    /** The claim "the mean of {@code values} is above/below the threshold"; bootstrap over the values. */
    public static Verdict mean(String claim, String measure, double[] values, Threshold threshold) {
        return oneSample(claim, "mean " + measure, values, threshold, Stats::mean);
    }

    /** As {@link #mean} for the median (robust to a few extreme runs). */
    public static Verdict median(String claim, String measure, double[] values, Threshold threshold) {
        return oneSample(claim, "median " + measure, values, threshold, Stats::median);
    }

    /**
     * The claim "the sample standard deviation of {@code values} is above/below the threshold", e.g.
     * "alike across seeds": sd below a bound. The interval is the normal-theory one,
     * {@code s sqrt((n-1) / chi2(0.975, n-1))} to {@code s sqrt((n-1) / chi2(0.025, n-1))}, not a
     * bootstrap: a resample of a few values repeats some of them and shrinks the spread, so the
     * percentile bootstrap of an sd is biased low exactly where seeds are few.
     */
    public static Verdict sd(String claim, String measure, double[] values, Threshold threshold) {
        double[] v = finite(values);
        double est = Stats.sd(v);
        String stat = "sd of " + measure;
        String sample = "over " + count(v.length);
        if (v.length < MIN_N) {
            return tooFew(claim, "", stat, est, sample, threshold, v.length);
        }
        var chi2 = new org.apache.commons.math3.distribution.ChiSquaredDistribution(v.length - 1.0);
        double[] ci = {est * Math.sqrt((v.length - 1) / chi2.inverseCumulativeProbability(0.975)),
            est * Math.sqrt((v.length - 1) / chi2.inverseCumulativeProbability(0.025))};
        return fromInterval(claim, "", stat, est, ci, sample + ", chi-square interval", threshold);
    }

    /**
     * The claim "the share of true {@code flags} is above/below the threshold", with the 95% Wilson
     * score interval of that share (the interval {@link Summaries#splitShares} tables show), not a
     * bootstrap: resampling 14 of 14 true flags gives only true flags, an interval [1, 1] that
     * claims certainty from 14 runs, where Wilson's is [0.785, 1].
     */
    public static Verdict share(String claim, String measure, boolean[] flags, Threshold threshold) {
        int n = countTrue(flags);
        String evidence = n + " of " + flags.length + " " + measure;
        double est = flags.length == 0 ? Double.NaN : (double) n / flags.length;
        String sample = "over " + count(flags.length);
        if (flags.length < MIN_N) {
            return tooFew(claim, evidence, "share", est, sample, threshold, flags.length);
        }
        return fromInterval(claim, evidence, "share", est, Summaries.wilson(n, flags.length),
                sample + ", Wilson interval", threshold);
    }

    /**
     * The claim "{@code x} and {@code y} are rank-correlated beyond the threshold": Spearman's rho
     * over the pairs where both are present, bootstrap over pairs.
     */
    public static Verdict correlation(String claim, String xName, double[] x, String yName, double[] y,
            Threshold threshold) {
        double[][] p = pairs(x, y);
        double est = Stats.spearman(p[0], p[1]);
        String stat = "Spearman correlation of " + xName + " and " + yName;
        String sample = "over " + count(p[0].length);
        if (p[0].length < MIN_N) {
            return tooFew(claim, "", stat, est, sample, threshold, p[0].length);
        }
        if (Double.isNaN(est)) {
            return new Verdict(claim, "", stat, est, Double.NaN, Double.NaN, Double.NaN, sample, threshold,
                    Outcome.INCONCLUSIVE, "one of the two does not vary");
        }
        double[] ci = Resampling.bootstrap(new int[] {p[0].length},
                idx -> Stats.spearman(Resampling.pick(p[0], idx[0]), Resampling.pick(p[1], idx[0])));
        return fromInterval(claim, "", stat, est, ci, sample, threshold);
    }

    /**
     * The claim "{@code sum(num) / sum(den)} is above/below the threshold" over paired rows, e.g.
     * observed overlap against chance overlap: the ratio of means, bootstrap over rows.
     */
    public static Verdict ratio(String claim, String measure, double[] num, double[] den, Threshold threshold) {
        double[][] p = pairs(num, den);
        double est = Stats.mean(p[0]) / Stats.mean(p[1]);
        String stat = measure;
        String sample = "over " + count(p[0].length);
        if (p[0].length < MIN_N) {
            return tooFew(claim, "", stat, est, sample, threshold, p[0].length);
        }
        double[] ci = Resampling.bootstrap(new int[] {p[0].length},
                idx -> Stats.mean(Resampling.pick(p[0], idx[0])) / Stats.mean(Resampling.pick(p[1], idx[0])));
        return fromInterval(claim, "", stat, est, ci, sample, threshold);
    }

    /**
     * The claim "{@code statistic} of the rows is above/below the threshold", when the rows come in
     * clusters that are not independent (e.g. the zombies of one run, the levels of one run): the
     * bootstrap resamples whole clusters (the distinct values of {@code cluster}, e.g.
     * {@code seed_model}) with replacement and computes {@code f} on the rows of the drawn clusters,
     * so the interval reflects the variation between runs, not only between rows. Needs at least
     * {@value #MIN_N} clusters. The unit of the sentence counts clusters; say which with {@link #in}.
     *
     * @param statistic the statistic in words, e.g. "Spearman correlation of bias and lifetime"
     * @param f the statistic on a table of rows (NaN when undefined on a resample)
     */
    public static Verdict clustered(String claim, String statistic, tech.tablesaw.api.Table rows, String cluster,
            java.util.function.ToDoubleFunction<tech.tablesaw.api.Table> f, Threshold threshold) {
        var column = rows.column(cluster);
        java.util.List<String> keys = new java.util.ArrayList<>();
        java.util.Map<String, java.util.List<Integer>> members = new java.util.LinkedHashMap<>();
        for (int r = 0; r < rows.rowCount(); r++) {
            String k = column.getString(r);
            members.computeIfAbsent(k, x -> {
                keys.add(x);
                return new java.util.ArrayList<>();
            }).add(r);
        }
        double est = f.applyAsDouble(rows);
        String sample = "over " + count(keys.size()) + " (" + rows.rowCount() + " rows)";
        if (keys.size() < MIN_N) {
            return tooFew(claim, "", statistic, est, sample, threshold, keys.size());
        }
        // one table per cluster, appended per draw: a row selection would collapse a cluster drawn twice
        java.util.List<tech.tablesaw.api.Table> parts = keys.stream()
                .map(k -> rows.rows(members.get(k).stream().mapToInt(Integer::intValue).toArray())).toList();
        double[] ci = Resampling.bootstrap(new int[] {keys.size()}, idx -> {
            tech.tablesaw.api.Table drawn = rows.emptyCopy();
            for (int i : idx[0]) {
                drawn.append(parts.get(i));
            }
            return f.applyAsDouble(drawn);
        });
        return fromInterval(claim, "", statistic, est, ci, sample, threshold);
    }

    /**
     * The claim "group B succeeds more often than group A" on two sets of yes/no outcomes, by
     * Fisher's exact test (one-sided, significance {@value #ALPHA}). Statistic: the difference of
     * shares B - A. Supported when p &lt; {@value #ALPHA}; not supported when the opposite
     * one-sided test is significant; inconclusive otherwise.
     */
    public static Verdict fisher(String claim, String measure, String nameA, boolean[] a, String nameB, boolean[] b) {
        int sa = countTrue(a);
        int sb = countTrue(b);
        double est = Stats.share(b) - Stats.share(a);
        String evidence = measure + " " + sa + " of " + a.length + " (" + nameA + ") vs " + sb + " of " + b.length
                + " (" + nameB + ")";
        Threshold t = Threshold.below(ALPHA, "significance level");
        String stat = "difference of shares";
        if (a.length == 0 || b.length == 0) {
            return tooFew(claim, evidence, stat, est, "", t, Math.min(a.length, b.length));
        }
        double pGreater = Resampling.fisherGreater(sa, a.length - sa, sb, b.length - sb);
        double pLess = Resampling.fisherGreater(sb, b.length - sb, sa, a.length - sa);
        Outcome o = pGreater < ALPHA ? Outcome.SUPPORTED : pLess < ALPHA ? Outcome.NOT_SUPPORTED : Outcome.INCONCLUSIVE;
        String reason = o == Outcome.INCONCLUSIVE ? "no significant difference either way" :
                o == Outcome.NOT_SUPPORTED ? "the opposite is significant (p = " + num(pLess) + ")" : "";
        return new Verdict(claim, evidence, stat, est, Double.NaN, Double.NaN, pGreater,
                "Fisher exact test, one-sided", t, o, reason);
    }

    /**
     * The claim "every value stays at or below {@code bound}": statistic the largest value.
     * Supported when none exceeds it, with the exact 95% upper bound {@code 1 - 0.05^(1/n)} on
     * the rate of exceptions that n clean observations allow; not supported when one does.
     */
    public static Verdict bound(String claim, String measure, double[] values, Threshold bound) {
        double[] v = finite(values);
        double max = Arrays.stream(v).max().orElse(Double.NaN);
        long over = Arrays.stream(v).filter(x -> bound.above() ? x < bound.value() : x > bound.value()).count();
        String stat = (bound.above() ? "smallest " : "largest ") + measure;
        double extreme = bound.above() ? Arrays.stream(v).min().orElse(Double.NaN) : max;
        String evidence = over + " of " + count(v.length) + " beyond the bound";
        if (v.length == 0) {
            return tooFew(claim, evidence, stat, extreme, "", bound, 0);
        }
        if (over > 0) {
            return new Verdict(claim, evidence, stat, extreme, Double.NaN, Double.NaN, Double.NaN, "", bound,
                    Outcome.NOT_SUPPORTED, "");
        }
        double rate = 1 - Math.pow(0.05, 1.0 / v.length);
        return new Verdict(claim, evidence, stat, extreme, Double.NaN, Double.NaN, Double.NaN, "", bound,
                Outcome.SUPPORTED, "from " + v.length + " clean " + UNIT + ", the 95% upper bound on the rate of exceptions is "
                + pct(rate));
    }

    private static Verdict oneSample(String claim, String stat, double[] values, Threshold threshold,
            java.util.function.ToDoubleFunction<double[]> f) {
        double[] v = finite(values);
        double est = f.applyAsDouble(v);
        String sample = "over " + count(v.length);
        if (v.length < MIN_N) {
            return tooFew(claim, "", stat, est, sample, threshold, v.length);
        }
        double[] ci = Resampling.bootstrap(new int[] {v.length}, idx -> f.applyAsDouble(Resampling.pick(v, idx[0])));
        return fromInterval(claim, "", stat, est, ci, sample, threshold);
    }

    private static Verdict fromInterval(String claim, String evidence, String stat, double est, double[] ci,
            String sample, Threshold t) {
        double lo = ci[0];
        double hi = ci[1];
        Outcome o;
        String reason = "";
        if (Double.isNaN(lo) || Double.isNaN(hi) || Double.isNaN(est)) {
            o = Outcome.INCONCLUSIVE;
            reason = "the statistic is undefined on these data";
        } else if (t.above() ? lo > t.value() : hi < t.value()) {
            o = Outcome.SUPPORTED;
        } else if (t.above() ? hi <= t.value() : lo >= t.value()) {
            o = Outcome.NOT_SUPPORTED;
        } else {
            o = Outcome.INCONCLUSIVE;
            reason = "the interval straddles the threshold";
        }
        return new Verdict(claim, evidence, stat, est, lo, hi, Double.NaN, sample, t, o, reason);
    }

    private static Verdict tooFew(String claim, String evidence, String stat, double est, String sample, Threshold t,
            int n) {
        return new Verdict(claim, evidence, stat, est, Double.NaN, Double.NaN, Double.NaN, sample, t, Outcome.TOO_FEW,
                "n = " + n + ", at least " + MIN_N + " needed for an interval; "
                        + (org.lotterylab.experiment.Profile.current() == org.lotterylab.experiment.Profile.FAST
                                ? "run the full profile" : "run more seeds"));
    }

    private Verdict withEvidence(String e) {
        return new Verdict(claim, e, statistic, estimate, lo, hi, p, sample, threshold, outcome, reason, unit);
    }

    /**
     * The same verdict, naming what the sampled values are (plural, e.g. "runs", "zombies",
     * "seeds"); the default is "values".
     */
    public Verdict in(String unit) {
        if (unit == null || unit.isBlank()) {
            throw new IllegalArgumentException("a unit must be a word such as \"runs\", not blank");
        }
        return new Verdict(claim, evidence, statistic, estimate, lo, hi, p, sample, threshold, outcome, reason, unit);
    }

    // ------------------------------------------------------------------ accessors

    public String claim() {
        return claim;
    }

    /** The point estimate of the statistic. */
    public double estimate() {
        return estimate;
    }

    /** The 95% interval {@code {lo, hi}}; NaNs when there is none (too few data, an exact test, a bound). */
    public double[] interval() {
        return new double[] {lo, hi};
    }

    /** The exact test's p-value, or NaN for interval verdicts. */
    public double pValue() {
        return p;
    }

    public Threshold threshold() {
        return threshold;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** True only for {@link Outcome#SUPPORTED}. */
    public boolean supported() {
        return outcome == Outcome.SUPPORTED;
    }

    // ------------------------------------------------------------------ rendering

    /** The verdict as one sentence: claim, evidence, statistic with its uncertainty, threshold, outcome. */
    @Override
    public String toString() {
        return (claim + ": " + body() + ": " + conclusion() + ".").replace(UNIT, unit);
    }

    private String body() {
        return String.join("; ", parts());
    }

    /** The sentence's middle, in order: the evidence (if any), the statistic, the threshold. */
    private java.util.List<String> parts() {
        java.util.List<String> parts = new java.util.ArrayList<>();
        if (!evidence.isEmpty()) {
            parts.add(evidence);
        }
        StringBuilder s = new StringBuilder();
        s.append(statistic).append(' ').append(num(estimate));
        if (!Double.isNaN(lo)) {
            s.append(" [95% CI ").append(num(lo)).append(", ").append(num(hi)).append(']');
        }
        if (!Double.isNaN(p)) {
            // below 0.001 the digits say more about the resampling than about the data
            s.append(p < 0.001 ? ", p < 0.001" : ", p = " + num(p));
        }
        if (!sample.isEmpty()) {
            s.append(' ').append(sample.startsWith("over") ? sample : "(" + sample + ")");
        }
        parts.add(s.toString());
        parts.add("threshold: " + threshold);
        return parts;
    }

    private String conclusion() {
        return outcome.words() + (reason.isEmpty() ? "" : " (" + reason + ")");
    }

    /**
     * The verdict as an HTML box: a {@code div} of class {@code lab-verdict} (plus
     * {@code lab-verdict-<outcome>}, e.g. {@code lab-verdict-supported}) with a
     * {@code data-outcome} attribute ({@code supported}, {@code not-supported},
     * {@code inconclusive}, {@code too-few}), bordered in the outcome's colour (green, red, amber,
     * grey). One line each: the claim in bold, the evidence, the statistic with its interval or
     * p-value, the threshold, and the outcome as a coloured label with its reason. Its text, with
     * runs of white space read as one space, is {@link #toString()}: a report that takes the
     * element's text gets the sentence. Text is HTML-escaped.
     */
    @Override
    public String html() {
        String key = outcome.name().toLowerCase(Locale.ROOT).replace('_', '-');
        String[] colours = switch (outcome) {
            case SUPPORTED -> new String[] {"#1b7837", "#f0f7f1"};
            case NOT_SUPPORTED -> new String[] {"#b2182b", "#fbeff0"};
            case INCONCLUSIVE -> new String[] {"#a6550a", "#fdf5ea"};
            case TOO_FEW -> new String[] {"#6b6b6b", "#f4f4f4"};
        };
        String c = colours[0];
        StringBuilder h = new StringBuilder();
        h.append("<div class=\"lab-verdict lab-verdict-").append(key).append("\" data-outcome=\"").append(key)
                .append("\" style=\"border:1px solid ").append(c).append(";border-left:6px solid ").append(c)
                .append(";border-radius:4px;background:").append(colours[1])
                .append(";padding:6px 12px;margin:6px 0;line-height:1.5\">\n");
        h.append("<div class=\"lab-verdict-claim\"><b>").append(escape(claim)).append("</b>:</div>\n");
        java.util.List<String> parts = parts();
        for (int i = 0; i < parts.size(); i++) {
            h.append("<div>").append(escape(parts.get(i))).append(i < parts.size() - 1 ? ";" : ":").append("</div>\n");
        }
        h.append("<div class=\"lab-verdict-outcome\"><span style=\"background:").append(c)
                .append(";color:#fff;font-weight:bold;text-transform:uppercase;padding:1px 8px;border-radius:9px\">")
                .append(escape(outcome.words())).append("</span>")
                .append(reason.isEmpty() ? "" : " (" + escape(reason) + ")").append(".</div>\n</div>");
        return h.toString().replace(UNIT, escape(unit));
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    // ------------------------------------------------------------------ helpers

    static String num(double x) {
        if (Double.isNaN(x)) {
            return "n/a";
        }
        if (Math.abs(x) >= 100 || x == Math.rint(x) && Math.abs(x) < 1e9) {
            return String.format(Locale.ROOT, x == Math.rint(x) ? "%.0f" : "%.1f", x);
        }
        return String.format(Locale.ROOT, Math.abs(x) < 0.001 ? "%.2g" : "%.3f", x);
    }

    /** A declared constant as written (0.01, 0.5, 1.2), not rounded like an estimate. */
    static String plain(double x) {
        return java.math.BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
    }

    private static String pct(double x) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * x);
    }

    private static String count(int n) {
        return n + " " + UNIT;
    }

    private static int countTrue(boolean[] b) {
        int n = 0;
        for (boolean x : b) {
            n += x ? 1 : 0;
        }
        return n;
    }

    private static double[] finite(double[] v) {
        return Arrays.stream(v).filter(x -> !Double.isNaN(x)).toArray();
    }

    private static double[][] pairs(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("paired samples differ in length: " + x.length + " and " + y.length);
        }
        int[] keep = java.util.stream.IntStream.range(0, x.length)
                .filter(i -> !Double.isNaN(x[i]) && !Double.isNaN(y[i])).toArray();
        return new double[][] {Resampling.pick(x, keep), Resampling.pick(y, keep)};
    }
}
