package org.lotterylab.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every notebook headless, top to bottom, in the fast profile, through the same runner as
 * {@code ./lab figures} (environment/run_notebooks.py with the {@code lotterylab} kernel), into
 * target/ so the paper's figures and the committed notebooks stay untouched. Needs the library
 * packaged (Failsafe runs after {@code package}) and the kernel installed ({@code ./lab setup},
 * which {@code ./lab test} runs first). To run only some notebooks, name them in the system property
 * {@value #ONLY} (comma-separated, without {@code .ipynb}), e.g.
 * {@code mvn -o verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=NotebooksIT
 * -Dlab.notebooks=09-image-tasks}.
 */
class NotebooksIT {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path RUNNER = ROOT.resolve("environment/run_notebooks.py");
    /** The system property that selects notebooks by name; unset or empty: every notebook. */
    static final String ONLY = "lab.notebooks";

    /** The runner's exit code and everything it printed. */
    record Outcome(int exit, String output) {
    }

    static Outcome runner(String... args) throws IOException, InterruptedException {
        return runner(Map.of(), args);
    }

    static Outcome runner(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", RUNNER.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true);
        pb.environment().put("LAB_PROFILE", "fast");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        return new Outcome(p.waitFor(), out);
    }

    @TestFactory
    Stream<DynamicTest> everyNotebookRunsInTheFastProfile() throws IOException {
        List<Path> notebooks;
        try (Stream<Path> s = Files.list(ROOT.resolve("notebooks"))) {
            notebooks = s.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
        assertTrue(notebooks.size() >= 1, "no notebooks found under notebooks/");
        String only = System.getProperty(ONLY, "").strip();
        if (!only.isEmpty()) {
            List<String> names = List.of(only.split("\\s*,\\s*"));
            List<String> have = notebooks.stream().map(p -> p.getFileName().toString().replace(".ipynb", "")).toList();
            for (String n : names) {
                assertTrue(have.contains(n), "-D" + ONLY + " names '" + n + "', which is not under notebooks/: " + have);
            }
            notebooks = notebooks.stream().filter(p -> names.contains(p.getFileName().toString().replace(".ipynb", "")))
                    .toList();
        }
        return notebooks.stream().map(nb -> {
            String name = nb.getFileName().toString().replace(".ipynb", "");
            return DynamicTest.dynamicTest(name, () -> {
                Outcome o = runner("--profile", "fast", "--output-dir", "target/notebooks",
                        "--figures-dir", "target/figures", name);
                System.out.println(o.output());
                assertEquals(0, o.exit(), "notebook " + name + " failed in the fast profile:\n" + o.output());
                try (Stream<Path> figs = Files.list(ROOT.resolve("target/figures").resolve(name))) {
                    assertTrue(figs.anyMatch(f -> f.toString().endsWith(".png")), name + " exported no PNG figure");
                }
            });
        });
    }

    /** Writes a notebook {@code name} of the given code cells into {@code dir} and runs it. */
    static Outcome runCells(Path dir, String name, String... cells) throws IOException, InterruptedException {
        writeCells(dir, name, cells);
        return runner("--notebooks-dir", dir.toString(), "--output-dir", dir.resolve("out").toString(),
                "--figures-dir", dir.resolve("figs").toString(), name);
    }

    private static void writeCells(Path dir, String name, String... cells) throws IOException {
        StringBuilder json = new StringBuilder("{\"cells\": [");
        for (int c = 0; c < cells.length; c++) {
            json.append(c == 0 ? "" : ",").append("{\"cell_type\": \"code\", \"execution_count\": null,"
                    + " \"metadata\": {}, \"outputs\": [], \"source\": [\"")
                    .append(cells[c].replace("\\", "\\\\").replace("\"", "\\\"")).append("\"]}");
        }
        json.append("], \"metadata\": {\"kernelspec\": {\"display_name\": \"LotteryLab (Java)\","
                + " \"language\": \"java\", \"name\": \"lotterylab\"}}, \"nbformat\": 4, \"nbformat_minor\": 5}");
        Files.writeString(dir.resolve(name + ".ipynb"), json);
    }

    @Test
    void aThrowingCellFailsTheRunAndIsNamed(@TempDir Path dir) throws Exception {
        // The second of two cells throws: the runner must exit 1 and name notebook and cell.
        Outcome o = runCells(dir, "broken", "int x = 1;", "throw new IllegalStateException(\"boom from the test\");");
        assertEquals(1, o.exit(), o.output());
        assertTrue(o.output().contains("notebook broken, cell 2 of 2"), o.output());
        assertTrue(o.output().contains("boom from the test"), o.output());
    }

    @Test
    void theKernelPollsItsChannelsWithOurLoopThread(@TempDir Path dir) throws Exception {
        // The kernel's own LoopThread can die before its first poll (environment/README.md);
        // the kernelspec must load ours, from .lab/kernel/fix, ahead of the kernel jar.
        Outcome o = runCells(dir, "probe", "System.out.println(\"loaded from \" + Class.forName("
                + "\"org.rapaio.jupyter.kernel.channels.LoopThread\").getProtectionDomain().getCodeSource().getLocation());");
        assertEquals(0, o.exit(), o.output());
        String executed = Files.readString(dir.resolve("out/probe.ipynb"));
        assertTrue(executed.contains("loaded from file:" + ROOT.resolve(".lab/kernel/fix") + "/"), executed);
    }

    @Test
    void aKernelThatNeverAnswersIsDumpedAndNamed(@TempDir Path dir) throws Exception {
        // A "kernel" that starts a JVM and never answers: the runner must give up after its
        // start-up timeout, name the kernel and the channel threads alive (none here), and keep
        // that attempt's log with a thread dump of the JVM.
        Files.writeString(dir.resolve("Sleep.java"),
                "public class Sleep { public static void main(String[] a) throws Exception { Thread.sleep(120_000); } }");
        Path spec = Files.createDirectories(dir.resolve("jupyter/kernels/sleeper"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(spec.resolve("kernel.json"), "{\"argv\": [\"" + java + "\", \"" + dir.resolve("Sleep.java")
                + "\", \"{connection_file}\"], \"display_name\": \"sleeper\", \"language\": \"java\"}");
        writeCells(dir, "quiet", "1 + 1");
        Outcome o = runner(Map.of("JUPYTER_PATH", dir.resolve("jupyter").toString()), "--notebooks-dir", dir.toString(),
                "--output-dir", dir.resolve("out").toString(), "--figures-dir", dir.resolve("figs").toString(),
                "--log-dir", dir.resolve("logs").toString(), "--kernel", "sleeper", "--startup-timeout", "8",
                "--tries", "1", "quiet");
        assertEquals(1, o.exit(), o.output());
        assertTrue(o.output().contains("kernel 'sleeper' did not answer (try 1 of 1)")
                && o.output().contains("kernel threads alive: no channel threads"), o.output());
        String log = Files.readString(dir.resolve("logs/quiet.kernel.try1.log"));
        assertTrue(log.contains("thread dump of the unresponsive kernel") && log.contains("Sleep.main"), log);
    }

    @Test
    void anUnknownNotebookIsACleanUsageError() throws Exception {
        Outcome o = runner("no-such-notebook");
        assertEquals(2, o.exit(), o.output());
        assertTrue(o.output().contains("no notebook named 'no-such-notebook'") && o.output().contains("Available:"), o.output());
    }
}
