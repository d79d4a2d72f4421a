package org.lotterylab.plot;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

import tech.tablesaw.api.NumberColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.io.csv.CsvWriteOptions;

/**
 * A Tablesaw table as CSV (every value at full precision, for reuse) and as a LaTeX booktabs
 * {@code tabular} (rounded, for the paper).
 *
 * <p><b>LaTeX.</b> {@code \begin{tabular}{...}}, {@code \toprule}, the header, {@code \midrule},
 * one row per table row, {@code \bottomrule}, {@code \end{tabular}}; the caller wraps it in a
 * {@code table} environment with its caption (needs the booktabs package). Number columns are
 * right-aligned ({@code r}), all others left ({@code l}). Column names and text are escaped for
 * LaTeX ({@code & % $ # _ { } ~ ^ \}). Integer columns print as integers. A floating-point column
 * gets one number of decimals for all its rows: enough for three significant digits of its
 * largest |value|, between 0 and 4 (0.996 and 0.12 give 3 decimals, 14.6 gives 1, 520 gives 0);
 * a column of whole numbers gets 0. Negative numbers use a math minus ({@code $-$}); missing
 * values and NaN print as {@code --}, infinities as {@code $\infty$} / {@code $-\infty$}.
 */
final class TableExport {
    /** Most decimals a floating-point column gets in LaTeX. */
    static final int MAX_DECIMALS = 4;
    /** Significant digits of a column's largest |value| in LaTeX. */
    static final int SIGNIFICANT = 3;

    private TableExport() {
    }

    /** The table as CSV with a header row, as Tablesaw writes it. */
    static String csv(Table table) {
        StringWriter out = new StringWriter();
        try {
            table.write().usingOptions(CsvWriteOptions.builder(out).header(true).build());
        } catch (RuntimeException e) {
            if (e.getCause() instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw e;
        }
        return out.toString();
    }

    /** The table as a booktabs {@code tabular}: see the class comment. */
    static String latex(Table table) {
        List<Column<?>> columns = table.columns();
        StringBuilder align = new StringBuilder();
        List<Integer> decimals = new ArrayList<>();
        for (Column<?> c : columns) {
            align.append(c instanceof NumberColumn ? 'r' : 'l');
            decimals.add(c instanceof NumberColumn<?, ?> n ? decimals(n) : -1);
        }
        StringBuilder tex = new StringBuilder();
        tex.append("\\begin{tabular}{").append(align).append("}\n\\toprule\n");
        List<String> header = new ArrayList<>();
        for (Column<?> c : columns) {
            header.add(escape(c.name()));
        }
        tex.append(String.join(" & ", header)).append(" \\\\\n\\midrule\n");
        for (int r = 0; r < table.rowCount(); r++) {
            List<String> cells = new ArrayList<>();
            for (int k = 0; k < columns.size(); k++) {
                Column<?> c = columns.get(k);
                if (c.isMissing(r)) {
                    cells.add("--");
                } else if (c instanceof NumberColumn<?, ?> n) {
                    cells.add(number(n.getDouble(r), decimals.get(k)));
                } else {
                    cells.add(escape(c.getString(r)));
                }
            }
            tex.append(String.join(" & ", cells)).append(" \\\\\n");
        }
        tex.append("\\bottomrule\n\\end{tabular}\n");
        return tex.toString();
    }

    /** The decimals of a number column in LaTeX: see the class comment. */
    static int decimals(NumberColumn<?, ?> column) {
        double max = 0;
        boolean whole = true;
        for (int r = 0; r < column.size(); r++) {
            if (column.isMissing(r)) {
                continue;
            }
            double v = column.getDouble(r);
            if (!Double.isFinite(v)) {
                continue;
            }
            max = Math.max(max, Math.abs(v));
            whole &= v == Math.rint(v);
        }
        if (whole || max == 0) {
            return 0;
        }
        int d = SIGNIFICANT - 1 - (int) Math.floor(Math.log10(max));
        return Math.max(0, Math.min(MAX_DECIMALS, d));
    }

    private static String number(double v, int decimals) {
        if (Double.isNaN(v)) {
            return "--";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "$\\infty$" : "$-\\infty$";
        }
        // The double's exact binary value rounded half-up, whatever the JVM's locale.
        String s = new BigDecimal(Math.abs(v)).setScale(decimals, RoundingMode.HALF_UP).toPlainString();
        boolean negative = v < 0 && new BigDecimal(s).signum() != 0;
        return negative ? "$-$" + s : s;
    }

    /** {@code s} with LaTeX's special characters escaped for text mode. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '&', '%', '$', '#', '_', '{', '}' -> out.append('\\').append(ch);
                case '~' -> out.append("\\textasciitilde{}");
                case '^' -> out.append("\\textasciicircum{}");
                case '\\' -> out.append("\\textbackslash{}");
                case '\n', '\r' -> out.append(' ');
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
