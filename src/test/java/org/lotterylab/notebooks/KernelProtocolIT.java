package org.lotterylab.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code lotterylab} kernel as a notebook drives it, over the Jupyter protocol: Interrupt
 * stops a sleeping cell and a looping one and the kernel goes on; code that ignores the
 * interrupt is reported after the bounded wait; errors leave the kernel usable; restart and
 * shutdown end the JVM by itself; the first {@code kernel_info_request} is answered without a
 * resend, also under a real {@code jupyter notebook} server. The driving is done by
 * environment/kernel_check.py (jupyter_client and the server's REST API and websocket); this test
 * asserts on the report it prints. Needs {@code ./lab setup}, as {@link NotebooksIT}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KernelProtocolIT {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path CHECK = ROOT.resolve("environment/kernel_check.py");
    /**
     * Launch to answered kernel_info, seconds. Here the kernel answers in 1-3 s; a dropped request
     * costs the notebook server's 60 s kernel_info timeout. The bound leaves room for a loaded
     * machine (environment/README.md has 50 launches: none over 5 s).
     */
    private static final double LAUNCH_LIMIT = 10;

    private JsonNode report;

    private static JsonNode check(Path log, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", CHECK.toString(), "--log", log.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertEquals(0, p.waitFor(), "kernel_check.py " + String.join(" ", args) + " failed (kernel log " + log + "):\n" + out);
        String last = out.substring(out.lastIndexOf('\n') + 1);
        System.out.println(last);
        return new ObjectMapper().readTree(last);
    }

    @BeforeAll
    void driveTheKernel(@TempDir Path dir) throws Exception {
        report = check(ROOT.resolve("target/kernel_check.protocol.kernel.log"), "protocol", "--work-dir", dir.toString());
    }

    private JsonNode cell(String name) {
        JsonNode c = report.get(name);
        assertTrue(c != null && c.isObject(), "no cell " + name + " in the report: " + report);
        return c;
    }

    private void assertInterruptedWithin(String name, double seconds) {
        JsonNode c = cell(name);
        assertTrue(c.get("started").asBoolean(), name + " never started: " + c);
        assertEquals("error", c.get("status").asText(), name + ": " + c);
        assertEquals("the cell was stopped (Kernel > Interrupt).", c.get("evalue").asText(), name + ": " + c);
        assertTrue(c.get("error_traceback").asText().contains("Interrupted: the cell was stopped"), name + ": " + c);
        assertTrue(c.get("reply_seconds").asDouble() < seconds, name + " answered after " + c.get("reply_seconds") + " s");
        assertTrue(c.get("idle").asBoolean(), name + ": the kernel never went idle: " + c);
    }

    @Test
    void theFirstKernelInfoIsAnsweredWithoutAResendAndOurClassesAreLoaded() {
        assertTrue(report.get("first_kernel_info_seconds").isNumber(), "the one kernel_info_request was not answered");
        assertTrue(report.get("first_kernel_info_seconds").asDouble() < LAUNCH_LIMIT, report.toString());
        String loadedFrom = cell("fix_classes").get("stdout").asText();
        String fix = "file:" + ROOT.resolve(".lab/kernel/fix") + "/";
        assertEquals(fix + " " + fix, loadedFrom.strip(), "Channels and RapaioExecutionControl must come from the fix");
    }

    @Test
    void interruptStopsASleepingCellAndALoopCheckingTheInterrupt() {
        assertInterruptedWithin("sleep", 3);
        assertInterruptedWithin("loop", 3);
    }

    @Test
    void anInterruptedTrainingShowsTheLibrarysMessageNamingTheLevelAndWhatIsKept() {
        JsonNode c = cell("training");
        assertTrue(c.get("started").asBoolean(), c.toString());
        assertEquals("error", c.get("status").asText(), c.toString());
        assertTrue(c.get("reply_seconds").asDouble() < 3, "answered after " + c.get("reply_seconds") + " s");
        String evalue = c.get("evalue").asText();
        // 4 s into a 100000-epoch run with early stopping off: inside the first level's training.
        assertTrue(evalue.matches("IMP level 0: training was interrupted in epoch \\d+ .*resumes at level 0\\)"), evalue);
        String tb = c.get("error_traceback").asText();
        assertTrue(tb.contains("Interrupted; the code then threw org.lotterylab.train.TrainingInterruptedException: IMP level 0"), tb);
        assertTrue(tb.contains("at org.lotterylab.prune.Imp."), "the stack trace is shown: " + tb);
    }

    /** A cell of many statements, each appending a line: after the interrupt no statement may append. */
    private void assertTheRestOfTheCellDidNotRun(String name, int statements) {
        JsonNode c = cell(name);
        assertEquals("error", c.get("status").asText(), c.toString());
        assertTrue(c.get("error_traceback").asText().contains("Interrupted"), c.toString());
        int atReply = report.get(name + "_at_reply").asInt();
        assertTrue(atReply > 0 && atReply < statements, name + ": " + atReply + " of " + statements + " statements ran");
        assertEquals(atReply, report.get(name + "_2s_later").asInt(), name + ": statements went on after the reply");
    }

    @Test
    void anInterruptStopsTheWholeCellAlsoBetweenTwoStatements() {
        assertTheRestOfTheCellDidNotRun("statements", 200);
        assertTheRestOfTheCellDidNotRun("quick_statements", 400);
    }

    @Test
    void codeIgnoringTheInterruptIsReportedAfterTheBoundedWait() {
        JsonNode c = cell("ignores_interrupt");
        assertEquals("error", c.get("status").asText(), c.toString());
        assertTrue(c.get("evalue").asText().contains("had not stopped 10 s later"), c.toString());
        double s = c.get("reply_seconds").asDouble();
        assertTrue(s >= 9.9 && s < 13, "reported after " + s + " s, not after the 10 s wait");
    }

    @Test
    void theCellsAfterTheInterruptsRunPrintAndWriteFiles() {
        JsonNode after = cell("after");
        assertEquals("ok", after.get("status").asText(), after.toString());
        assertEquals("after the interrupts 42\n", after.get("stdout").asText(), "a variable of an earlier cell is kept");
        assertEquals("written", report.get("after_file").asText(), "the file the cell wrote");
        assertEquals(cell("sleep").get("execution_count").asInt() + 6, after.get("execution_count").asInt());
    }

    @Test
    void aCompileErrorAndAnExceptionAreReportedAndTheNextCellWorks() {
        JsonNode compile = cell("compile_error");
        assertEquals("error", compile.get("status").asText(), compile.toString());
        assertEquals("CompilerException", compile.get("ename").asText(), compile.toString());
        assertTrue(compile.get("error_traceback").asText().contains("incompatible types"), compile.toString());
        JsonNode thrown = cell("exception");
        assertEquals("error", thrown.get("status").asText(), thrown.toString());
        assertEquals("boom from the check", thrown.get("evalue").asText(), thrown.toString());
        assertTrue(thrown.get("error_traceback").asText().contains("java.lang.IllegalStateException"), thrown.toString());
        JsonNode normal = cell("normal");
        assertEquals("ok", normal.get("status").asText(), normal.toString());
        assertEquals("42", normal.get("result").asText(), normal.toString());
    }

    @Test
    void restartGivesAFreshKernelEvenDuringACellAndShutdownEndsTheJvmByItself() {
        JsonNode restart = report.get("restart");
        assertTrue(restart.get("exited_by_itself").asBoolean(), "the old kernel had to be killed: " + restart);
        assertTrue(report.get("restart_kernel_info_seconds").isNumber(), report.toString());
        assertEquals("restarted\n", cell("after_restart").get("stdout").asText());
        assertEquals(1, cell("after_restart").get("execution_count").asInt(), "a new kernel counts from 1");
        assertEquals("CompilerException", cell("gone_after_restart").get("ename").asText(), "the old variables must be gone");
        assertTrue(report.get("busy_started").asBoolean(), report.toString());
        assertTrue(report.get("busy_restart").get("exited_by_itself").asBoolean(),
                "restarting during a cell had to kill the kernel: " + report.get("busy_restart"));
        assertEquals("restarted while busy\n", cell("after_busy_restart").get("stdout").asText());
        assertTrue(report.get("shutdown").get("exited_by_itself").asBoolean(), report.get("shutdown").toString());
    }

    @Test
    void underTheNotebookServerEveryLaunchIsAnsweredAtOnce() throws Exception {
        JsonNode launches = check(ROOT.resolve("target/kernel_check.launches.kernel.log"), "launches", "5");
        assertEquals(5, launches.get("launches").asInt());
        for (JsonNode w : launches.get("waits")) {
            assertTrue(w.asDouble() < LAUNCH_LIMIT, "a launch waited " + w + " s: " + launches);
        }
    }
}
