package org.lotterylab.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An interval such as {@code (0, 1]} or {@code [1, inf)}, as written in {@link Param#range()}. */
record Range(double lo, boolean loClosed, double hi, boolean hiClosed, String text) {
    private static final Pattern FORM = Pattern.compile("\\s*([\\[(])\\s*([^,]+?)\\s*,\\s*([^\\])]+?)\\s*([\\])])\\s*");

    static Range parse(String text, String where) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalStateException(where + ": range \"" + text + "\" is not an interval such as (0, 1] or [1, inf)");
        }
        return new Range(bound(m.group(2)), m.group(1).equals("["), bound(m.group(3)), m.group(4).equals("]"), text.trim());
    }

    private static double bound(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "inf", "+inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }

    boolean contains(double v) {
        return (loClosed ? v >= lo : v > lo) && (hiClosed ? v <= hi : v < hi);
    }
}
