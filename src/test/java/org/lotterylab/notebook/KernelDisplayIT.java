package org.lotterylab.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/**
 * What the real kernel sends for LotteryLab values, as saved by the headless runner
 * ({@code environment/run_notebooks.py}, nbclient, the {@code lotterylab} kernel): needs the
 * library packaged and the kernel installed, like the notebook tests.
 */
class KernelDisplayIT {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Runs the cells as one notebook and returns each cell's saved outputs. */
    static List<JsonNode> run(Path dir, String... cells) throws Exception {
        ObjectNode nb = JSON.createObjectNode();
        ArrayNode list = nb.putArray("cells");
        for (String c : cells) {
            ObjectNode cell = list.addObject();
            cell.put("cell_type", "code").putNull("execution_count");
            cell.putObject("metadata");
            cell.putArray("outputs");
            cell.put("source", c);
        }
        nb.putObject("metadata").putObject("kernelspec").put("name", "lotterylab")
                .put("display_name", "LotteryLab (Java)").put("language", "java");
        nb.put("nbformat", 4).put("nbformat_minor", 5);
        Files.writeString(dir.resolve("display.ipynb"), nb.toString());
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", ROOT.resolve("environment/run_notebooks.py").toString(),
                "--notebooks-dir", dir.toString(), "--output-dir", dir.resolve("out").toString(),
                "--figures-dir", dir.resolve("figs").toString(), "display")
                .directory(ROOT.toFile()).redirectErrorStream(true);
        pb.environment().put("LAB_PROFILE", "fast");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        JsonNode done = JSON.readTree(dir.resolve("out").resolve("display.ipynb").toFile());
        List<JsonNode> outputs = new ArrayList<>();
        done.get("cells").forEach(c -> outputs.add(c.get("outputs")));
        return outputs;
    }

    static String text(JsonNode data, String mime) {
        JsonNode v = data.get(mime);
        if (v == null) {
            return null;
        }
        if (v.isArray()) {
            StringBuilder b = new StringBuilder();
            v.forEach(x -> b.append(x.asText()));
            return b.toString();
        }
        return v.asText();
    }

    @Test
    void tablesTextChartsAndProgressArriveRendered(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("runs");
        List<JsonNode> out = run(dir,
                "import tech.tablesaw.api.*;\n"
                        + "Table.create(\"t\", DoubleColumn.create(\"acc\", 0.5, 0.975), StringColumn.create(\"task\", \"moons\", \"circles\"))",
                "\"verdict:\\n  split at level 5\"",
                "var c = new org.knowm.xchart.XYChartBuilder().width(200).height(100).build();\n"
                        + "c.addSeries(\"s\", new double[] {1, 2}, new double[] {3, 4});\nc",
                "import org.lotterylab.experiment.*;\nimport org.lotterylab.store.*;\nimport org.lotterylab.sweep.*;\n"
                        + "import org.lotterylab.progress.*;\n"
                        + "var cfg = ExperimentConfig.defaults().with(\"data.rowsPerTask\", 200).with(\"model.hidden\", 6)"
                        + ".with(\"training.maxEpochs\", 20).with(\"training.patience\", 5).with(\"pruning.target\", 20)"
                        + ".with(\"pruning.levels\", 3);\n"
                        + "var store = RunStore.at(java.nio.file.Path.of(\"" + store + "\")).withProgress(Progress.standard());\n"
                        + "Sweep.over(cfg).seeds(3).threads(2).run(store);\n"
                        + "store.run(cfg.with(\"seeds.all\", 7)).levelCount()");

        JsonNode table = out.get(0).get(0);
        assertEquals("execute_result", table.get("output_type").asText());
        Element root = HtmlTest.parse(text(table.get("data"), "text/html"));
        assertEquals(List.of("0.500", "0.975"), HtmlTest.column(root, 0));
        assertEquals(List.of("moons", "circles"), HtmlTest.column(root, 1));

        JsonNode verdict = out.get(1).get(0).get("data");
        assertEquals("verdict:\n  split at level 5",
                HtmlTest.all(HtmlTest.parse(text(verdict, "text/html")), "pre").get(0).getTextContent());

        JsonNode chart = out.get(2).get(0).get("data");
        assertTrue(text(chart, "image/png").length() > 100, "a PNG");

        // The sweep and the single run each leave one output line, their final state; the
        // cell's value follows. Nothing on stderr.
        List<JsonNode> progress = new ArrayList<>();
        out.get(3).forEach(progress::add);
        assertEquals(3, progress.size(), progress.toString());
        assertEquals("display_data", progress.get(0).get("output_type").asText());
        assertTrue(text(progress.get(0).get("data"), "text/plain").startsWith("sweep: 3/3 runs done (3 computed on 2 threads) in "),
                progress.toString());
        assertEquals("display_data", progress.get(1).get("output_type").asText());
        assertTrue(text(progress.get(1).get("data"), "text/plain").matches("run [0-9a-f]+: complete, levels 0-3 computed in .*"),
                progress.toString());
        assertEquals("4", text(progress.get(2).get("data"), "text/plain"));
    }
}
