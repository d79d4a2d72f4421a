package org.lotterylab.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import jdk.jshell.spi.ExecutionControl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our replacements of kernel classes (environment/kernel-fix), compiled here from source against
 * the kernel jar (as {@code ./lab setup} does) and loaded ahead of it, each tested directly: the
 * polling loop survives a failing poll; each channel thread has its own request context; an
 * interrupt stops the running snippet, waits for its thread to end, and leaves the engine usable.
 * The whole kernel in the real protocol is {@link KernelProtocolIT}'s.
 */
class KernelFixTest {
    private static final Path SOURCES = Path.of("environment/kernel-fix");
    private static final Path KERNEL_JAR = Path.of(".lab/kernel/rapaio-jupyter-kernel-3.0.1.jar");

    @TempDir
    static Path out;
    private static URLClassLoader loader;

    @BeforeAll
    static void compileTheFix() throws IOException {
        assertTrue(Files.isRegularFile(KERNEL_JAR), KERNEL_JAR + " is missing: run ./lab setup");
        List<String> args = new ArrayList<>(List.of("--release", "17", "-nowarn", "-cp", KERNEL_JAR.toString(),
                "-d", out.toString()));
        try (Stream<Path> s = Files.walk(SOURCES)) {
            s.filter(p -> p.toString().endsWith(".java")).map(p -> p.toAbsolutePath().toString()).sorted().forEach(args::add);
        }
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new)),
                "environment/kernel-fix does not compile against the kernel jar");
        // Our classes first, then the kernel's, as on the kernelspec's -cp; JDK modules from the parent.
        loader = new KernelFirstLoader(new URL[] {out.toUri().toURL(), KERNEL_JAR.toUri().toURL()});
    }

    /**
     * Looks up the kernel's classes in the fix and the jar before the parent: the test classpath
     * holds the kernel jar too (the library's display adapter compiles against it), and a
     * parent-first loader would hand out the unfixed classes from there.
     */
    private static final class KernelFirstLoader extends URLClassLoader {
        KernelFirstLoader(URL[] urls) {
            super(urls, ClassLoader.getSystemClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("org.rapaio.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    c = findClass(name);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }

    @AfterAll
    static void close() throws IOException {
        loader.close();
    }

    private static Class<?> kernelClass(String name) throws ClassNotFoundException {
        Class<?> c = loader.loadClass("org.rapaio.jupyter.kernel." + name);
        try {
            assertEquals(out, Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()),
                    name + " was not loaded from the fix");
        } catch (java.net.URISyntaxException e) {
            throw new AssertionError(e);
        }
        return c;
    }

    @Test
    void aFailingPollDoesNotEndTheLoopAndShutdownDoes() throws Exception {
        Class<?> loop = kernelClass("channels.LoopThread");
        AtomicInteger polls = new AtomicInteger();
        CountDownLatch third = new CountDownLatch(3);
        Runnable body = () -> {
            polls.incrementAndGet();
            third.countDown();
            if (polls.get() == 1) {
                throw new NullPointerException("a broken message");
            }
        };
        Thread t = (Thread) loop.getConstructor(String.class, long.class, Runnable.class)
                .newInstance("Shell-test", 1L, body);
        t.start();
        assertTrue(third.await(10, TimeUnit.SECONDS), "the loop stopped after a failing poll: " + polls.get());
        assertTrue(t.isAlive());
        loop.getMethod("shutdown").invoke(t);
        t.join(10_000);
        assertFalse(t.isAlive(), "shutdown did not end the loop");
    }

    // ---------------------------------------------------------------- Channels

    @Test
    void theControlThreadsRequestLeavesTheShellsRequestAlone() throws Exception {
        Class<?> channelsClass = kernelClass("channels.Channels");
        Class<?> props = loader.loadClass("org.rapaio.jupyter.kernel.core.ConnectionProperties");
        Object conn = props.getConstructors()[0].newInstance(0, 0, "tcp", "hmac-sha256", 0, 0, "127.0.0.1", 0, "");
        Object channels = channelsClass.getConstructor(props).newInstance(conn);
        Class<?> idClass = loader.loadClass("org.rapaio.jupyter.kernel.message.MessageId");
        Constructor<?> newId = idClass.getConstructors()[0];
        Method setMsgId = channelsClass.getMethod("setMsgId", idClass);
        Method hasMsgId = channelsClass.getMethod("hasMsgId");
        Method freeMsgId = channelsClass.getMethod("freeMsgId");
        Method scheduleAfter = channelsClass.getMethod("scheduleAfter", Runnable.class);
        Method runAfterActions = channelsClass.getMethod("runAfterActions");
        Class<?> abstractChannel = loader.loadClass("org.rapaio.jupyter.kernel.channels.AbstractChannel");
        Method ownContext = channelsClass.getDeclaredMethod("useOwnContextOnThisThread", abstractChannel);
        ownContext.setAccessible(true);
        java.lang.reflect.Field control = channelsClass.getDeclaredField("control");
        control.setAccessible(true);

        List<String> ran = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            // The shell's thread (this one) is inside an execute request with two after-actions.
            setMsgId.invoke(channels, newId.newInstance(List.of(), null));
            scheduleAfter.invoke(channels, (Runnable) () -> ran.add("shell: restore System.out"));
            scheduleAfter.invoke(channels, (Runnable) () -> ran.add("shell: reply"));
            // The control thread handles an interrupt request in its own context, start to end.
            Future<List<Boolean>> controlSaw = threads.submit(() -> {
                ownContext.invoke(channels, control.get(channels));
                List<Boolean> saw = new ArrayList<>(List.of((Boolean) hasMsgId.invoke(channels)));
                setMsgId.invoke(channels, newId.newInstance(List.of(), null));
                scheduleAfter.invoke(channels, (Runnable) () -> ran.add("control: idle"));
                runAfterActions.invoke(channels);
                freeMsgId.invoke(channels);
                saw.add((Boolean) hasMsgId.invoke(channels));
                return saw;
            });
            assertEquals(List.of(false, false), controlSaw.get(10, TimeUnit.SECONDS),
                    "the control thread must start and end without a request of its own, whatever the shell does");
            assertEquals(List.of("control: idle"), ran, "the control thread ran the shell's after-actions");
            assertTrue((Boolean) hasMsgId.invoke(channels), "the control thread freed the shell's request");
            // A thread running the cell's code (stdout, displays) writes into the shell's request.
            assertTrue(threads.submit(() -> (Boolean) hasMsgId.invoke(channels)).get(10, TimeUnit.SECONDS));
            runAfterActions.invoke(channels);
            assertEquals(List.of("control: idle", "shell: reply", "shell: restore System.out"), ran, "last in, first out");
        } finally {
            threads.shutdownNow();
            channelsClass.getMethod("close").invoke(channels);
        }
    }

    // ---------------------------------------------------------------- RapaioExecutionControl

    /** What the snippets below saw; reset by each test that runs them. */
    static volatile CountDownLatch snippetStarted;
    static volatile boolean snippetEnded;

    /** A snippet that sleeps until interrupted, then takes 300 ms to wind down. */
    public static Object sleepUntilInterrupted() throws InterruptedException {
        snippetStarted.countDown();
        try {
            Thread.sleep(60_000);
            return "slept a minute";
        } catch (InterruptedException e) {
            Thread.sleep(300); // cleaning up, e.g. finishing a file
            snippetEnded = true;
            throw e;
        }
    }

    static volatile boolean releaseSpinner;

    /** A snippet that ignores interrupts: it spins until the test releases it. */
    public static Object spinIgnoringInterrupts() {
        snippetStarted.countDown();
        while (!releaseSpinner) {
            Thread.onSpinWait();
        }
        return "released";
    }

    /** A quick snippet with a value. */
    public static Object fortyTwo() {
        return 42;
    }

    /** Runs a snippet through the engine as JShell does; returns its value, or the engine's exception. */
    private static Object run(Object engine, String snippet) throws Exception {
        Method invoke = engine.getClass().getDeclaredMethod("invoke", Method.class);
        invoke.setAccessible(true);
        try {
            Method doIt = KernelFixTest.class.getMethod(snippet);
            doIt.setAccessible(true); // as JShell does with its wrapper classes' methods
            String key = (String) invoke.invoke(engine, doIt);
            return engine.getClass().getMethod("takeResult", String.class).invoke(engine, key);
        } catch (InvocationTargetException e) {
            return e.getCause();
        }
    }

    private static Object newEngine() throws Exception {
        return kernelClass("core.java.RapaioExecutionControl").getConstructor(long.class).newInstance(-1L);
    }

    @Test
    void anInterruptStopsTheSnippetWaitsForItsThreadAndLeavesTheEngineUsable() throws Exception {
        Object engine = newEngine();
        String interrupted = "Interrupted";
        ExecutorService jshell = Executors.newSingleThreadExecutor();
        try {
            for (String how : List.of("interrupt", "stop")) { // the kernel's Interrupt, and JShell.stop()
                snippetStarted = new CountDownLatch(1);
                snippetEnded = false;
                Future<Object> reply = jshell.submit(() -> run(engine, "sleepUntilInterrupted"));
                assertTrue(snippetStarted.await(10, TimeUnit.SECONDS));
                long t0 = System.nanoTime();
                engine.getClass().getMethod(how).invoke(engine);
                Object outcome = reply.get(10, TimeUnit.SECONDS);
                double seconds = (System.nanoTime() - t0) / 1e9;
                ExecutionControl.UserException e = assertInstanceOf(ExecutionControl.UserException.class, outcome, how);
                assertEquals(interrupted, e.causeExceptionClass(), how);
                assertTrue(snippetEnded, how + ": the cell was reported before its thread had wound down");
                assertTrue(seconds >= 0.3 && seconds < 5, how + ": reported after " + seconds + " s");
                // The kernel's version shut its pool down here: every later snippet silently did nothing.
                newCell();
                assertEquals(42, run(engine, "fortyTwo"), "the engine no longer runs snippets after " + how);
            }
            engine.getClass().getMethod("close").invoke(engine);
            Object refused = run(engine, "fortyTwo");
            assertInstanceOf(ExecutionControl.UserException.class, refused);
            assertTrue(((Exception) refused).getMessage().contains("shutting down"), ((Exception) refused).getMessage());
        } finally {
            jshell.shutdownNow();
        }
    }

    @Test
    void closingDoesNotWaitForASnippetThatIgnoresTheInterrupt() throws Exception {
        Object engine = newEngine();
        ExecutorService jshell = Executors.newSingleThreadExecutor();
        snippetStarted = new CountDownLatch(1);
        releaseSpinner = false;
        try {
            Future<Object> reply = jshell.submit(() -> run(engine, "spinIgnoringInterrupts"));
            assertTrue(snippetStarted.await(10, TimeUnit.SECONDS));
            engine.getClass().getMethod("interrupt").invoke(engine); // Jupyter interrupts before a restart
            Thread.sleep(200);
            assertFalse(reply.isDone(), "the engine did not wait for the interrupted snippet");
            long t0 = System.nanoTime();
            engine.getClass().getMethod("close").invoke(engine); // then asks for the shutdown
            Object outcome = reply.get(5, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertInstanceOf(ExecutionControl.UserException.class, outcome);
            assertTrue(seconds < 1, "closing waited " + seconds + " s for code that ignores interrupts");
        } finally {
            releaseSpinner = true;
            jshell.shutdownNow();
        }
    }

    /** What the kernel's shell does when an execute_request begins (our Channels calls it). */
    private static void newCell() throws Exception {
        kernelClass("core.java.RapaioExecutionControl").getMethod("cellStarts").invoke(null);
    }

    @Test
    void anInterruptBetweenCellsChangesNothingAndOneBetweenTwoStatementsRefusesTheRestOfTheCell() throws Exception {
        Object engine = newEngine();
        newCell();
        engine.getClass().getMethod("interrupt").invoke(engine); // while the kernel is idle
        newCell();
        assertEquals(42, run(engine, "fortyTwo"));
        engine.getClass().getMethod("interrupt").invoke(engine); // while the kernel compiles the next statement
        ExecutionControl.UserException refused = assertInstanceOf(ExecutionControl.UserException.class, run(engine, "fortyTwo"));
        assertEquals("Interrupted", refused.causeExceptionClass());
        assertTrue(refused.getMessage().contains("the rest of the cell did not run"), refused.getMessage());
        assertInstanceOf(ExecutionControl.UserException.class, run(engine, "fortyTwo"), "every later statement of the cell");
        newCell();
        assertEquals(42, run(engine, "fortyTwo"), "the next cell runs");
        engine.getClass().getMethod("close").invoke(engine);
    }

    /** A snippet that, interrupted, ends by throwing an exception of its own, as the library's trainer does. */
    public static Object throwOnInterrupt() {
        snippetStarted.countDown();
        try {
            Thread.sleep(60_000);
            return "slept a minute";
        } catch (InterruptedException e) {
            throw new IllegalStateException("level 2 interrupted; levels 0-1 are kept");
        }
    }

    @Test
    void anInterruptedSnippetThatThrowsShowsItsExceptionAndAPlainInterruptDoesNot() throws Exception {
        Object engine = newEngine();
        ExecutorService jshell = Executors.newSingleThreadExecutor();
        try {
            newCell();
            snippetStarted = new CountDownLatch(1);
            Future<Object> reply = jshell.submit(() -> run(engine, "throwOnInterrupt"));
            assertTrue(snippetStarted.await(10, TimeUnit.SECONDS));
            engine.getClass().getMethod("interrupt").invoke(engine);
            ExecutionControl.UserException e = assertInstanceOf(ExecutionControl.UserException.class, reply.get(10, TimeUnit.SECONDS));
            assertEquals("Interrupted; the code then threw java.lang.IllegalStateException", e.causeExceptionClass());
            assertEquals("level 2 interrupted; levels 0-1 are kept", e.getMessage());
            assertEquals("throwOnInterrupt", e.getStackTrace()[0].getMethodName(), "the exception's own stack trace");
        } finally {
            jshell.shutdownNow();
            engine.getClass().getMethod("close").invoke(engine);
        }
    }
}
