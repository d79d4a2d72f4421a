package org.lotterylab.notebooks;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The notebooks as a person sees them: the classic Jupyter notebook server on a free localhost
 * port, Debian's chromium driven through it by playwright-core (environment/browser/), which
 * runs 00-quickstart and 02-splitting-and-performance from Cell &gt; Run All and a scratch
 * notebook cell by cell (Kernel &gt; Interrupt of a sleeping cell and of a training run, a
 * compile error, an exception, then {@code 1 + 1}).
 *
 * <p>The script does the driving and writes target/browser/report.json; here every check in it
 * becomes one test, named "notebook: check", whose failure message says what a person would
 * see. Screenshots (full page and readable slices), the notebook as the page holds it and its
 * rendered outputs stay in target/browser/ whether the checks pass or fail.
 *
 * <p>Needs what {@code ./lab test} installs first ({@code ensure_browser} in {@code lab}): Debian's
 * chromium and environment/browser/node_modules ({@code npm ci}, no browser download), and the
 * kernelspec of this clone ({@code ./lab setup}).
 */
class BrowserIT {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path BROWSER = ROOT.resolve("environment/browser");
    private static final Path SCRIPT = BROWSER.resolve("check-notebooks.mjs");
    private static final Path OUT = ROOT.resolve("target/browser");
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("LAB_CHROMIUM", "/usr/bin/chromium"));
    /** The script bounds each of its waits; this only guards against a wedged node process. */
    private static final long SCRIPT_TIMEOUT_MINUTES = 25;

    @TestFactory
    Stream<DynamicTest> notebooksInTheBrowser() throws IOException, InterruptedException {
        assertTrue(Files.isRegularFile(BROWSER.resolve("node_modules/playwright-core/package.json")),
                "environment/browser/node_modules has no playwright-core: run ./lab test (its ensure_browser step runs npm ci)");
        assertTrue(Files.isRegularFile(ROOT.resolve(".lab/jupyter/kernels/lotterylab/kernel.json")),
                "this clone has no kernelspec in .lab/jupyter: run ./lab setup (./lab test runs it first)");
        assertTrue(Files.isExecutable(CHROMIUM),
                CHROMIUM + " is missing: run ./lab test (its ensure_browser step installs Debian's chromium)");

        List<String> output = new ArrayList<>();
        long started = System.nanoTime();
        Process p = new ProcessBuilder("node", SCRIPT.toString(), "--root", ROOT.toString(), "--out", OUT.toString())
                .directory(ROOT.toFile()).redirectErrorStream(true).start();
        Thread echo = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    System.out.println("browser: " + line);
                    synchronized (output) {
                        output.add(line);
                    }
                }
            } catch (IOException e) {
                System.out.println("browser: output lost: " + e);
            }
        });
        echo.start();
        if (!p.waitFor(SCRIPT_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail("the browser test did not end within " + SCRIPT_TIMEOUT_MINUTES + " minutes:\n" + String.join("\n", output));
        }
        echo.join();
        System.out.printf("browser: the whole browser test took %.1f s%n", (System.nanoTime() - started) / 1e9);

        Path reportFile = OUT.resolve("report.json");
        if (!Files.isRegularFile(reportFile)) {
            fail("the browser test wrote no " + reportFile + " (exit " + p.exitValue() + "):\n" + String.join("\n", output));
        }
        JsonNode report = new ObjectMapper().readTree(reportFile.toFile());
        List<DynamicTest> tests = new ArrayList<>();
        if (report.hasNonNull("error")) {
            String error = report.path("error").asText();
            tests.add(DynamicTest.dynamicTest("the browser test runs", () -> fail(error + "\nserver log: "
                    + report.path("serverLog").asText() + "\n" + String.join("\n", output))));
        }
        for (JsonNode c : report.path("checks")) {
            String notebook = c.path("notebook").asText();
            String evidence = "\n  look at: " + artifacts(report, notebook) + "\n  server log: " + report.path("serverLog").asText();
            String name = notebook + ": " + c.path("name").asText();
            // The name leads the message too: Failsafe's summary lists dynamic tests as "Run N".
            tests.add(DynamicTest.dynamicTest(name,
                    () -> assertTrue(c.path("ok").asBoolean(), name + " -- " + c.path("message").asText() + evidence)));
        }
        assertTrue(!tests.isEmpty(), "the browser test reported no check:\n" + String.join("\n", output));
        return tests.stream();
    }

    private static String artifacts(JsonNode report, String notebook) {
        JsonNode files = report.path("artifacts").path(notebook);
        if (!files.isArray() || files.isEmpty()) {
            return "(no screenshot saved for " + notebook + ")";
        }
        // The full page and the notebook; the slices sit beside the full page.
        return String.join(", ", StreamSupport.stream(files.spliterator(), false).map(JsonNode::asText)
                .filter(f -> !f.matches(".*-part\\d+\\.png")).toList());
    }
}
