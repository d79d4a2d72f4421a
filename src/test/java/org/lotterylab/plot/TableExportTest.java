package org.lotterylab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Tables for the paper: CSV at full precision and a booktabs tabular, both parsed back. */
class TableExportTest {

    @TempDir
    Path tmp;

    private static Table sample() {
        return Table.create("t",
                IntColumn.create("level", 0, 1, 2),
                StringColumn.create("task & name", "circles_2", "50% moons", "a{b}~c^d\\e#f$"),
                DoubleColumn.create("test_acc", 0.9958333333333333, 0.5, Double.NaN),
                DoubleColumn.create("delta", -0.25, 12.375, 0.0004),
                DoubleColumn.create("weights", 520.0, 76.0, 12.0));
    }

    @Test
    void csvParsesBackToTheSameValues() throws Exception {
        List<Path> files = Figures.at(tmp, "nb").export(sample(), "summary");
        assertEquals(List.of(tmp.resolve("nb/summary.csv"), tmp.resolve("nb/summary.tex")), files);
        Table back = Table.read().csv(files.get(0).toFile());
        assertEquals(List.of("level", "task & name", "test_acc", "delta", "weights"), back.columnNames());
        assertEquals(3, back.rowCount());
        assertEquals("50% moons", back.getString(1, "task & name"));
        assertEquals("a{b}~c^d\\e#f$", back.getString(2, "task & name"));
        assertEquals(0.9958333333333333, back.numberColumn("test_acc").getDouble(0), 0.0, "full precision");
        assertTrue(back.column("test_acc").isMissing(2), "NaN comes back missing");
        assertEquals(-0.25, back.numberColumn("delta").getDouble(0), 0.0);
        assertEquals(520, back.numberColumn("weights").getDouble(0), 0.0);
    }

    /** The cells of the body rows of a booktabs tabular, LaTeX escapes undone. */
    private static List<List<String>> body(List<String> lines) {
        int mid = lines.indexOf("\\midrule");
        int bottom = lines.indexOf("\\bottomrule");
        List<List<String>> rows = new ArrayList<>();
        for (String line : lines.subList(mid + 1, bottom)) {
            assertTrue(line.endsWith(" \\\\"), line);
            String row = line.substring(0, line.length() - 3);
            rows.add(Arrays.stream(row.split("(?<!\\\\) & ")).map(TableExportTest::unescape).toList());
        }
        return rows;
    }

    private static String unescape(String s) {
        return s.replace("\\textasciitilde{}", "~").replace("\\textasciicircum{}", "^")
                .replace("\\textbackslash{}", "\\").replaceAll("\\\\([&%$#_{}])", "$1");
    }

    @Test
    void latexIsABooktabsTabularWithRoundedRightAlignedNumbers() throws Exception {
        Path tex = Figures.at(tmp, "nb").export(sample(), "summary").get(1);
        List<String> lines = Files.readAllLines(tex);
        assertEquals("\\begin{tabular}{rlrrr}", lines.get(0), "numbers right, text left");
        assertEquals("\\toprule", lines.get(1));
        assertEquals("level & task \\& name & test\\_acc & delta & weights \\\\", lines.get(2));
        assertEquals("\\midrule", lines.get(3));
        assertEquals(List.of("\\bottomrule", "\\end{tabular}"), lines.subList(lines.size() - 2, lines.size()));

        // By hand: test_acc's largest |value| is 0.996.. -> 3 significant digits = 3 decimals;
        // delta's is 12.375 -> 1 decimal (12.4; -0.25 -> -0.3 half-up; 0.0004 -> 0.0);
        // weights are whole numbers -> 0 decimals; NaN -> "--".
        assertEquals(List.of(
                List.of("0", "circles_2", "0.996", "$-$0.3", "520"),
                List.of("1", "50% moons", "0.500", "12.4", "76"),
                List.of("2", "a{b}~c^d\\e#f$", "--", "0.0", "12")), body(lines));
        String text = Files.readString(tex);
        assertTrue(text.contains("a\\{b\\}\\textasciitilde{}c\\textasciicircum{}d\\textbackslash{}e\\#f\\$"), text);
        assertTrue(text.contains("50\\% moons") && text.contains("circles\\_2"), text);
    }

    @Test
    void decimalsFollowTheLargestValueBetweenZeroAndFour() {
        assertEquals(3, TableExport.decimals(DoubleColumn.create("x", 0.12, 0.9)));
        assertEquals(1, TableExport.decimals(DoubleColumn.create("x", 14.6, 1.25)));
        assertEquals(0, TableExport.decimals(DoubleColumn.create("x", 520.5, 3.25)));
        assertEquals(4, TableExport.decimals(DoubleColumn.create("x", 0.00012, 0.0001)), "capped at 4");
        assertEquals(0, TableExport.decimals(DoubleColumn.create("x", 2.0, -3.0)), "whole numbers");
    }

    @Test
    void anUnchangedTableIsNotRewritten() throws Exception {
        Figures figs = Figures.at(tmp, "nb");
        List<Path> files = figs.export(sample(), "summary");
        FileTime old = FileTime.from(Instant.parse("2001-01-01T00:00:00Z"));
        for (Path f : files) {
            Files.setLastModifiedTime(f, old);
        }
        figs.show(sample(), "summary");
        for (Path f : files) {
            assertEquals(old, Files.getLastModifiedTime(f), f.toString());
        }
        Table changed = sample();
        changed.doubleColumn("delta").set(0, -0.5);
        figs.export(changed, "summary");
        assertTrue(Files.readString(files.get(1)).contains("$-$0.5"));
    }
}
