package org.lotterylab.notebook;

import java.util.Locale;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A Tablesaw table as an HTML {@code <table>}: a header of column names, numbers right-aligned
 * with one number of decimals per column, text left-aligned, at most {@code maxRows} rows and
 * then a note of how many more there are.
 *
 * <p>Alignment is written inline ({@code style="text-align: ..."}), not only as a class: Jupyter
 * front-ends right-align every table cell by default, and an untrusted notebook or an exported
 * HTML file may drop style sheets, but keeps inline styles.
 */
final class TableHtml {
    /** At most this many decimals, however small the values. */
    static final int MAX_DECIMALS = 6;
    /** Significant digits of a floating column's smallest non-zero magnitude. */
    static final int SIGNIFICANT = 3;

    private static final String NUMBER = "text-align: right; font-variant-numeric: tabular-nums;";
    private static final String TEXT = "text-align: left;";

    private TableHtml() {
    }

    static String render(Table t, int maxRows) {
        int shown = Math.min(maxRows, t.rowCount());
        StringBuilder b = new StringBuilder(256 + 40 * shown * Math.max(1, t.columnCount()));
        b.append("<table class=\"lotterylab-table\" style=\"border-collapse: collapse;\">\n");
        if (t.name() != null && !t.name().isBlank()) {
            b.append("<caption style=\"text-align: left;\">").append(Html.escape(t.name())).append("</caption>\n");
        }
        b.append("<thead><tr>");
        for (Column<?> c : t.columns()) {
            b.append("<th style=\"").append(numeric(c) ? NUMBER : TEXT).append("\">")
                    .append(Html.escape(c.name())).append("</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
        int[] decimals = new int[t.columnCount()];
        for (int j = 0; j < t.columnCount(); j++) {
            decimals[j] = decimals(t.column(j));
        }
        for (int i = 0; i < shown; i++) {
            b.append("<tr>");
            for (int j = 0; j < t.columnCount(); j++) {
                Column<?> c = t.column(j);
                boolean num = numeric(c);
                b.append("<td class=\"").append(num ? "num" : "text").append("\" style=\"")
                        .append(num ? NUMBER : TEXT).append("\">")
                        .append(Html.escape(cell(c, i, decimals[j]))).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</tbody>\n</table>\n");
        if (shown < t.rowCount()) {
            int more = t.rowCount() - shown;
            b.append("<p class=\"lotterylab-more\">&#8230; ").append(more).append(more == 1 ? " more row" : " more rows")
                    .append(" (").append(t.rowCount()).append(" in all; <code>Html.table(t, ")
                    .append(t.rowCount()).append(")</code> shows them)</p>\n");
        }
        return b.toString();
    }

    static boolean numeric(Column<?> c) {
        return c instanceof NumericColumn<?>;
    }

    /** Whether the column holds fractions at all (double or float), as opposed to integers. */
    private static boolean floating(Column<?> c) {
        String type = c.type().name();
        return type.equals("DOUBLE") || type.equals("FLOAT");
    }

    /**
     * Decimals for a floating column: enough for {@value #SIGNIFICANT} significant digits of its
     * smallest non-zero magnitude (so every value keeps at least that many, and the column lines
     * up on the decimal point), at most {@value #MAX_DECIMALS}; none when every finite value is a
     * whole number. Missing and infinite values do not count. Integer columns get none.
     */
    static int decimals(Column<?> c) {
        if (!floating(c)) {
            return 0;
        }
        NumericColumn<?> n = (NumericColumn<?>) c;
        double min = Double.POSITIVE_INFINITY;
        boolean fractions = false;
        for (int i = 0; i < n.size(); i++) {
            if (n.isMissing(i)) {
                continue;
            }
            double v = Math.abs(n.getDouble(i));
            if (!Double.isFinite(v)) {
                continue;
            }
            if (v != Math.rint(v)) {
                fractions = true;
            }
            if (v > 0) {
                min = Math.min(min, v);
            }
        }
        if (!fractions) {
            return 0;
        }
        return Math.max(0, Math.min(MAX_DECIMALS, SIGNIFICANT - 1 - exponent(min)));
    }

    /** The decimal exponent of {@code v > 0}: 0 for 1..9.99, -1 for 0.1..0.999, 2 for 100..999. */
    private static int exponent(double v) {
        return (int) Math.floor(Math.log10(v));
    }

    /** One cell's text: empty when missing, numbers with the column's decimals, else Tablesaw's string. */
    static String cell(Column<?> c, int row, int decimals) {
        if (c.isMissing(row)) {
            return "";
        }
        if (!numeric(c)) {
            return c.getString(row);
        }
        if (!floating(c)) {
            return c.getString(row);
        }
        double v = ((NumericColumn<?>) c).getDouble(row);
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "\u221e" : "\u2212\u221e";
        }
        String s = String.format(Locale.ROOT, "%." + decimals + "f", v);
        // A value that rounds to zero shows as 0, not -0.
        return s.startsWith("-") && Double.parseDouble(s) == 0 ? s.substring(1) : s;
    }
}
