package org.lotterylab.study;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The notebooks read like a paper: short cells, analysis by library calls, thresholds stated in
 * the prose with the values the code uses, and the profile explained in the first cell.
 */
class NotebookStyleTest {
    static final int MAX_LINES = 15;
    /** Characters per code line: a cell should read without scrolling sideways. */
    static final int MAX_WIDTH = 100;
    static final List<String> FORBIDDEN = List.of("for (", "while (", "String.format", "StringBuilder");
    /** A threshold declared in a cell that starts with "// Thresholds": {@code var name = 0.01;}. */
    static final Pattern THRESHOLD = Pattern.compile("(?m)^\\s*(?:var|double|int)\\s+(\\w+)\\s*=\\s*([-0-9.]+)\\s*;");

    record Cell(String type, String source) {
    }

    static List<Path> notebooks() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("notebooks"))) {
            return s.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
    }

    static List<Cell> cells(Path nb) throws IOException {
        JsonNode root = new ObjectMapper().readTree(nb.toFile());
        List<Cell> out = new ArrayList<>();
        for (JsonNode c : root.get("cells")) {
            StringBuilder src = new StringBuilder();
            JsonNode s = c.get("source");
            if (s.isArray()) {
                s.forEach(l -> src.append(l.asText()));
            } else {
                src.append(s.asText());
            }
            out.add(new Cell(c.get("cell_type").asText(), src.toString()));
        }
        return out;
    }

    @Test
    void codeCellsAreShortAndHandNoLoopsOrFormatting() throws IOException {
        List<String> problems = new ArrayList<>();
        List<Path> nbs = notebooks();
        assertFalse(nbs.isEmpty(), "no notebooks found under notebooks/ (run from the project root)");
        for (Path nb : nbs) {
            List<Cell> cells = cells(nb);
            for (int i = 0; i < cells.size(); i++) {
                Cell c = cells.get(i);
                if (!c.type().equals("code")) {
                    continue;
                }
                long lines = c.source().strip().lines().count();
                if (lines > MAX_LINES) {
                    problems.add(nb.getFileName() + " cell " + i + ": " + lines + " lines (at most " + MAX_LINES + ")");
                }
                int cell = i;
                c.source().lines().filter(l -> l.length() > MAX_WIDTH).forEach(l -> problems.add(nb.getFileName()
                        + " cell " + cell + ": a line of " + l.length() + " characters (at most " + MAX_WIDTH + "): " + l));
                for (String f : FORBIDDEN) {
                    if (c.source().contains(f)) {
                        problems.add(nb.getFileName() + " cell " + i + " contains '" + f + "'");
                    }
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void firstCellSaysHowToChooseTheProfileAndTheFirstCodeCellWhichIsInForce() throws IOException {
        for (Path nb : notebooks()) {
            List<Cell> cells = cells(nb);
            assertTrue(cells.get(0).source().contains("LAB_PROFILE="), nb + ": the first cell must say how to choose the profile");
            Cell code = cells.stream().filter(c -> c.type().equals("code")).findFirst().orElseThrow();
            assertTrue(code.source().strip().endsWith("Experiments.profile()"),
                    nb + ": the first code cell must end with Experiments.profile(), which states the profile in force");
        }
    }

    @Test
    void thresholdsInCodeAreStatedInTheProse() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path nb : notebooks()) {
            List<Cell> cells = cells(nb);
            StringBuilder prose = new StringBuilder();
            cells.stream().filter(c -> c.type().equals("markdown")).forEach(c -> prose.append(c.source()).append('\n'));
            for (Cell c : cells) {
                if (!c.type().equals("code") || !c.source().strip().startsWith("// Thresholds")) {
                    continue;
                }
                Matcher m = THRESHOLD.matcher(c.source());
                while (m.find()) {
                    String stated = "`" + m.group(1) + " = " + m.group(2) + "`";
                    if (!prose.toString().contains(stated)) {
                        problems.add(nb.getFileName() + ": threshold " + stated + " is not stated in the prose");
                    }
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}
