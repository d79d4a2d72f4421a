package org.lotterylab.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The Jupyter command line of {@code ./lab notebook}, without starting Jupyter. */
class LabNotebookCommandTest {
    private static final Path ROOT = Path.of("").toAbsolutePath();

    private static List<String> run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ":\n" + out);
        return out.lines().toList();
    }

    private static boolean root() throws Exception {
        return run("id", "-u").get(0).equals("0");
    }

    private static List<String> expected(boolean root, String... extra) {
        List<String> words = new ArrayList<>(List.of("jupyter", "notebook", "--ip=127.0.0.1",
                "--notebook-dir=" + ROOT.resolve("notebooks")));
        if (root) {
            words.addAll(List.of("--allow-root", "--no-browser"));
        }
        words.addAll(List.of(extra));
        return words;
    }

    @Test
    void listensOnLocalhostOnlyAndAllowsRootOnlyForRoot() throws Exception {
        assertEquals(expected(root(), "--port=8890"), run("./lab", "notebook", "--print-command", "--port=8890"));
    }

    @Test
    void anOrdinaryUserGetsNoAllowRoot() throws Exception {
        // As root, look at what an unprivileged user would run (nobody can read the clone); as
        // another user the first test covers this already.
        Assumptions.assumeTrue(root() && Files.isExecutable(Path.of("/usr/sbin/runuser")),
                "needs root and runuser");
        List<String> words = run("/usr/sbin/runuser", "-u", "nobody", "--", "./lab", "notebook", "--print-command");
        assertEquals(expected(false), words);
        assertTrue(words.contains("--ip=127.0.0.1"));
    }
}
