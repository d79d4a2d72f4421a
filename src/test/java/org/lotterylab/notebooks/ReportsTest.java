package org.lotterylab.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.lotterylab.study.Verdict;
import org.lotterylab.study.Verdict.Threshold;
import org.lotterylab.study.Verdicts;
import org.junit.jupiter.api.io.TempDir;

/**
 * environment/reports.py on small synthetic executed notebooks (no kernel): the HTML report, the
 * summary and the index with every notebook's verdicts (elements of class "lab-verdict", as a
 * returned study.Verdict shows, and cells tagged "verdict").
 */
class ReportsTest {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A 1 x 1 red PNG. */
    private static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC";

    @TempDir
    Path tmp;

    private static ObjectNode cell(String source, String... tags) {
        ObjectNode c = JSON.createObjectNode();
        c.put("cell_type", "code");
        c.put("execution_count", 1);
        ObjectNode meta = c.putObject("metadata");
        if (tags.length > 0) {
            ArrayNode t = meta.putArray("tags");
            for (String tag : tags) {
                t.add(tag);
            }
        }
        c.putArray("source").add(source);
        c.putArray("outputs");
        return c;
    }

    private static ObjectNode result(ObjectNode cell, String mime, String data) {
        ObjectNode o = ((ArrayNode) cell.get("outputs")).addObject();
        o.put("output_type", "execute_result");
        o.put("execution_count", 1);
        o.putObject("metadata");
        o.putObject("data").put(mime, data);
        return cell;
    }

    private static ObjectNode stream(ObjectNode cell, String text) {
        ObjectNode o = ((ArrayNode) cell.get("outputs")).addObject();
        o.put("output_type", "stream");
        o.put("name", "stdout");
        o.put("text", text);
        return cell;
    }

    private Path notebook(String name, List<ObjectNode> cells) throws Exception {
        ObjectNode nb = JSON.createObjectNode();
        ArrayNode array = nb.putArray("cells");
        ObjectNode md = array.addObject();
        md.put("cell_type", "markdown");
        md.putObject("metadata");
        md.putArray("source").add("# " + name + " heading");
        cells.forEach(array::add);
        ObjectNode ks = nb.putObject("metadata").putObject("kernelspec");
        ks.put("display_name", "LotteryLab (Java)");
        ks.put("language", "java");
        ks.put("name", "lotterylab");
        nb.put("nbformat", 4);
        nb.put("nbformat_minor", 5);
        Path file = tmp.resolve("in").resolve(name + ".ipynb");
        Files.createDirectories(file.getParent());
        Files.writeString(file, JSON.writeValueAsString(nb));
        return file;
    }

    private String run(Path... notebooks) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", ROOT.resolve("environment/reports.py").toString(),
                "--reports-dir", tmp.resolve("reports").toString(), "--figures-dir", tmp.resolve("figs").toString(),
                "--profile", "fast"));
        for (Path nb : notebooks) {
            cmd.add(nb.toString());
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    @Test
    void reportSummaryAndIndexCarryTheTaggedVerdicts() throws Exception {
        // A figure sidecar as plot/Figures writes it, naming one run.
        Path figs = Files.createDirectories(tmp.resolve("figs/alpha"));
        Files.writeString(figs.resolve("schedule.json"), "{\"name\": \"schedule\", \"kind\": \"chart\", \"files\": "
                + "[\"schedule.png\"], \"fingerprint\": \"ab\", \"runs\": [\"66157590e377\"]}");
        Path alpha = notebook("alpha", List.of(
                result(cell("levels.printAll()"), "text/html", "level |  weights\n    0 |      520\n"),
                result(cell("figs.show(chart, \"schedule\")"), "image/png", PNG),
                result(stream(cell("verdict", "verdict"), "Split at level 5.\n"), "text/html",
                        "Accuracy 0.996 < 1 & stays.")));
        Path beta = notebook("beta", List.of(result(cell("1 + 1"), "text/html", "2")));
        run(alpha, beta);

        JsonNode summary = JSON.readTree(tmp.resolve("reports/alpha.json").toFile());
        assertEquals("[{\"text\":\"Split at level 5.\\nAccuracy 0.996 < 1 & stays.\",\"outcome\":null}]",
                summary.get("verdicts").toString(),
                "printed text and returned value of the tagged cell, in order");
        assertEquals("fast", summary.get("profile").asText());
        assertEquals("[\"66157590e377\"]", summary.get("runs").toString());
        assertEquals(1, summary.get("figures").size());
        assertEquals(0, JSON.readTree(tmp.resolve("reports/beta.json").toFile()).get("verdicts").size());

        String index = Files.readString(tmp.resolve("reports/index.html"));
        assertTrue(index.contains("Split at level 5.\nAccuracy 0.996 &lt; 1 &amp; stays."), index);
        assertTrue(index.contains("href=\"alpha.html\"") && index.contains("href=\"beta.html\""), index);
        assertTrue(index.indexOf("alpha.html") < index.indexOf("beta.html"), "rows in name order");
        assertTrue(index.contains("no verdict<"), "beta has none: " + index);
        assertFalse(index.contains("520"), "only verdict cells reach the index");

        String report = Files.readString(tmp.resolve("reports/alpha.html"));
        assertTrue(report.contains("data:image/png;base64," + PNG), "the figure is embedded");
        assertTrue(report.contains("celltag_verdict"), "the verdict cell is marked for the style sheet");
        assertTrue(report.contains("LotteryLab report: alpha") && report.contains("profile fast"), "banner");
        assertFalse(report.contains("file:///usr/share/javascript"), "no links into the build machine");
        // The kernel's plain text labelled text/html is shown preformatted, so the columns stay aligned.
        assertTrue(report.matches("(?s).*<pre>level \\|  weights\n    0 \\|      520\n?</pre>.*"), "table as <pre>");
    }

    @Test
    void eachLabVerdictElementIsOneVerdictWithItsOutcome() throws Exception {
        // Two verdicts as the kernel shows a returned Verdicts: one box each in text/html, one
        // sentence each in text/plain. By hand: the means of {1, 2, 3} resample within [1, 3], so
        // the interval lies above 0.5 (supported) and below 5 (not supported).
        Verdict yes = Verdict.mean("Mean < 4 & above 0.5", "x", new double[] {1, 2, 3}, Threshold.above(0.5));
        Verdict no = Verdict.mean("Mean above 5", "x", new double[] {1, 2, 3}, Threshold.above(5));
        Verdicts both = Verdicts.of(yes, no);
        ObjectNode shown = result(cell("Verdicts.of(yes, no)"), "text/html", both.html());
        ((ObjectNode) shown.get("outputs").get(0).get("data")).put("text/plain", both.toString());
        // A tagged cell that also shows a box counts once, by its box; other HTML is no verdict.
        Verdict tooFew = Verdict.mean("Two runs", "x", new double[] {1, 2}, Threshold.above(0));
        ObjectNode tagged = result(stream(cell("v", "verdict"), "computing\n"), "text/html", tooFew.html());
        ObjectNode table = result(cell("t"), "text/html", "<table class=\"lab-verdicts\"><tr><td>9</td></tr></table>");
        run(notebook("gamma", List.of(shown, tagged, table)));

        JsonNode got = JSON.readTree(tmp.resolve("reports/gamma.json").toFile()).get("verdicts");
        assertEquals(3, got.size(), got.toString());
        assertEquals(List.of(yes.toString(), no.toString(), tooFew.toString()),
                List.of(got.get(0).get("text").asText(), got.get(1).get("text").asText(), got.get(2).get("text").asText()),
                "each box's text, white space collapsed, is the verdict's sentence");
        assertEquals(List.of("supported", "not-supported", "too-few"),
                List.of(got.get(0).get("outcome").asText(), got.get(1).get("outcome").asText(),
                        got.get(2).get("outcome").asText()));

        String index = Files.readString(tmp.resolve("reports/index.html"));
        assertTrue(index.contains("data-outcome=\"not-supported\"") && index.contains(">not supported</span>"), index);
        assertTrue(index.contains(">too few data</span>") && index.contains(">supported</span>Mean &lt; 4 &amp; above 0.5"),
                index);
        assertFalse(index.contains("computing"), "the tagged cell's printed text gives way to its box");
    }

    @Test
    void rebuildingKeepsTheOtherNotebooksRows() throws Exception {
        run(notebook("alpha", List.of(result(cell("v", "verdict"), "text/html", "first"))));
        run(notebook("beta", List.of(result(cell("v", "verdict"), "text/html", "second"))));
        String index = Files.readString(tmp.resolve("reports/index.html"));
        assertTrue(index.contains(">first</div>") && index.contains(">second</div>"), index);
    }

    /** What run_notebooks.py decides for these arguments: export, reports folder, figure folder of "nb". */
    private static String runnerDefaults(String... args) throws Exception {
        String code = "import sys; sys.path.insert(0, 'environment'); import run_notebooks as r; "
                + "a = r.parse_args(sys.argv[1:]); print(a.export, a.reports_dir, r.figure_folder(a, 'nb'))";
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", "-c", code));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true);
        pb.environment().remove("LAB_PROFILE");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    @Test
    void theRunnerWritesThePaperFolderOnlyInTheFullProfileOrWhenGivenAFolder() throws Exception {
        Path figures = ROOT.resolve("figures");
        assertEquals("paper " + ROOT.resolve("reports") + " " + figures.resolve("nb"), runnerDefaults("--profile", "full"));
        assertEquals("scratch " + figures.resolve(".scratch/reports") + " " + figures.resolve(".scratch/nb"),
                runnerDefaults("--profile", "fast"));
        assertEquals("scratch " + figures.resolve(".scratch/reports") + " " + figures.resolve(".scratch/nb"),
                runnerDefaults("--profile", "full", "--export", "scratch"));
        // The tests' way: their own folders, where "paper" cannot reach the real figures/.
        assertEquals("paper target/o/reports " + ROOT.resolve("target/f/nb"),
                runnerDefaults("--profile", "fast", "--figures-dir", "target/f", "--output-dir", "target/o"));
    }
}
