package org.lotterylab.store;

import java.util.ArrayList;
import java.util.List;

/**
 * The store's CSV dialect: comma separated, one header line, no quoting (no value contains a
 * comma: numbers, enum names, booleans), {@code \n} line ends, doubles as {@link Double#toString}
 * so they read back bit for bit ({@code NaN} for missing). pandas and Tablesaw read it as is.
 */
final class Csv {
    private Csv() {
    }

    static String format(List<String> header, List<String[]> rows) {
        StringBuilder sb = new StringBuilder(String.join(",", header)).append('\n');
        for (String[] r : rows) {
            sb.append(line(r));
        }
        return sb.toString();
    }

    /** One row as {@link #format} writes it, newline included. */
    static String line(String[] row) {
        return String.join(",", row) + "\n";
    }

    /** A parsed file: the header and the rows; rows with the wrong field count are an error. */
    record Parsed(List<String> header, List<String[]> rows) {
        int column(String name) {
            return header.indexOf(name);
        }
    }

    /**
     * Parses CSV text.
     *
     * @throws IllegalArgumentException describing the first problem (missing header, a row
     *         with the wrong number of fields, a missing final newline: all signs of truncation)
     */
    static Parsed parse(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("the file is empty");
        }
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("the last line is not terminated (the file is truncated)");
        }
        String[] lines = text.split("\n", -1);
        List<String> header = List.of(lines[0].split(",", -1));
        List<String[]> rows = new ArrayList<>();
        for (int i = 1; i < lines.length - 1; i++) {
            String[] f = lines[i].split(",", -1);
            if (f.length != header.size()) {
                throw new IllegalArgumentException("line " + (i + 1) + " has " + f.length + " fields, the header "
                        + header.size() + " (the file is truncated or edited)");
            }
            rows.add(f);
        }
        return new Parsed(header, rows);
    }

    static String num(double v) {
        return Double.toString(v);
    }
}
