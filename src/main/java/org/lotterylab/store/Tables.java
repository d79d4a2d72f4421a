package org.lotterylab.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Builds Tablesaw tables row by row from typed values (the declared types of the level columns,
 * the config columns' and the summary's), for rows of runs with different column sets (e.g.
 * different depths or task counts): a column missing from a row is a missing value. Column types
 * follow the values: all Integer -> int, Integer/Long -> long, any other number -> double,
 * Boolean -> boolean, else string.
 */
final class Tables {
    private final Map<String, List<Object>> columns = new LinkedHashMap<>();
    private int rows;

    void add(Map<String, Object> row) {
        for (Map.Entry<String, Object> e : row.entrySet()) {
            List<Object> c = columns.computeIfAbsent(e.getKey(), k -> {
                List<Object> l = new ArrayList<>(rows + 16);
                for (int i = 0; i < rows; i++) {
                    l.add(null);
                }
                return l;
            });
            c.add(e.getValue());
        }
        rows++;
        for (List<Object> c : columns.values()) {
            if (c.size() < rows) {
                c.add(null);
            }
        }
    }

    Table build(String name) {
        Table t = Table.create(name);
        for (Map.Entry<String, List<Object>> e : columns.entrySet()) {
            t.addColumns(column(e.getKey(), e.getValue()));
        }
        return t;
    }

    private static Column<?> column(String name, List<Object> v) {
        boolean ints = true;
        boolean longs = true;
        boolean nums = true;
        boolean bools = true;
        for (Object o : v) {
            if (o == null) {
                continue;
            }
            ints &= o instanceof Integer;
            longs &= o instanceof Integer || o instanceof Long;
            nums &= o instanceof Number;
            bools &= o instanceof Boolean;
        }
        int n = v.size();
        if (ints && !bools) {
            IntColumn c = IntColumn.create(name);
            v.forEach(o -> {
                if (o == null) {
                    c.appendMissing();
                } else {
                    c.append((Integer) o);
                }
            });
            return c;
        }
        if (longs && !bools) {
            LongColumn c = LongColumn.create(name);
            v.forEach(o -> {
                if (o == null) {
                    c.appendMissing();
                } else {
                    c.append(((Number) o).longValue());
                }
            });
            return c;
        }
        if (nums && !bools) {
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
                d[i] = v.get(i) == null ? Double.NaN : ((Number) v.get(i)).doubleValue();
            }
            return DoubleColumn.create(name, d);
        }
        if (bools) {
            BooleanColumn c = BooleanColumn.create(name);
            v.forEach(o -> {
                if (o == null) {
                    c.appendMissing();
                } else {
                    c.append((Boolean) o);
                }
            });
            return c;
        }
        StringColumn c = StringColumn.create(name);
        v.forEach(o -> c.append(o == null ? "" : o.toString()));
        return c;
    }
}
