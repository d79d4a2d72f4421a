package org.lotterylab.store;

import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.ColumnType;

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

    /** A typed value as a field: doubles by {@link #num}, the others by their {@code toString}. */
    static String field(Object v) {
        return v instanceof Double d ? num(d) : String.valueOf(v);
    }

    /**
     * A field read as a column's declared type (int, long, double, boolean or string): the
     * inverse of {@link #field}.
     *
     * @throws IllegalArgumentException if the field is not a value of that type
     */
    static Object value(String field, ColumnType type) {
        try {
            if (type == ColumnType.INTEGER) {
                return Integer.parseInt(field);
            }
            if (type == ColumnType.LONG) {
                return Long.parseLong(field);
            }
            if (type == ColumnType.DOUBLE) {
                return Double.parseDouble(field);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + field + "\" is not a " + type.name().toLowerCase(java.util.Locale.ROOT));
        }
        if (type == ColumnType.BOOLEAN) {
            if (!field.equals("true") && !field.equals("false")) {
                throw new IllegalArgumentException("\"" + field + "\" is not a boolean");
            }
            return Boolean.parseBoolean(field);
        }
        return field;
    }
}
