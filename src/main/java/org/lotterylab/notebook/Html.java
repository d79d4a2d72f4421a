package org.lotterylab.notebook;

import tech.tablesaw.api.Table;

/**
 * A piece of HTML for a notebook cell's output, with a plain-text form for front-ends that show
 * no HTML. The last expression of a cell may be an {@code Html}; a Tablesaw {@link Table} or a
 * string returned there is shown through {@link #table(Table)} or {@link #pre(String)}
 * automatically (see the package comment), so these factories are needed only for a non-default
 * row limit or to build HTML outside a notebook.
 *
 * <pre>{@code
 * levels                       // a cell ending so shows the first 40 rows as an HTML table
 * Html.table(levels, 200)      // ... the first 200
 * }</pre>
 */
public final class Html {
    /** Rows {@link #table(Table)} shows before it notes how many more there are. */
    public static final int DEFAULT_ROWS = 40;

    private final String markup;
    private final String text;

    private Html(String markup, String text) {
        this.markup = markup;
        this.text = text;
    }

    /** {@link #table(Table, int)} with {@value #DEFAULT_ROWS} rows. */
    public static Html table(Table t) {
        return table(t, DEFAULT_ROWS);
    }

    /**
     * The table as an HTML {@code <table>}: a header row of column names (and the table's name
     * as caption when it has one); numeric columns right-aligned, text left-aligned; in each
     * floating-point column one number of decimals for all rows, enough for 3 significant
     * digits of its smallest non-zero magnitude (at most 6; none when all values are whole);
     * missing values empty, infinities as &#8734;. When the table has more than {@code maxRows}
     * rows, the first {@code maxRows} are shown and a line after the table says how many more
     * there are. The plain-text form is Tablesaw's {@code print} of the same rows.
     *
     * @throws IllegalArgumentException if {@code maxRows < 1}
     */
    public static Html table(Table t, int maxRows) {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be >= 1, got " + maxRows
                    + "; use the table's rowCount() to show every row");
        }
        int more = t.rowCount() - maxRows;
        String plain = more <= 0 ? t.printAll() : t.first(maxRows).printAll()
                + "\n... " + more + (more == 1 ? " more row" : " more rows") + " (" + t.rowCount() + " in all)";
        return new Html(TableHtml.render(t, maxRows), plain);
    }

    /**
     * The text preformatted: line breaks and runs of spaces kept, in a monospaced font, long
     * lines wrapped at the cell's width ({@code white-space: pre-wrap}); {@code &}, {@code <},
     * {@code >} and quotes escaped, so the text shows literally. {@code null} shows as "null".
     */
    public static Html pre(String text) {
        String t = String.valueOf(text);
        return new Html("<pre class=\"lotterylab-text\" style=\"white-space: pre-wrap; word-break: normal; overflow-wrap: break-word;\">" + escape(t) + "</pre>", t);
    }

    /** The HTML markup. */
    public String markup() {
        return markup;
    }

    /** The same content as plain text. */
    public String text() {
        return text;
    }

    /** The markup, so an {@code Html} printed or concatenated reads as HTML. */
    @Override
    public String toString() {
        return markup;
    }

    /** {@code s} with the five characters that HTML gives meaning to replaced by entities. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
