package org.rapaio.jupyter.kernel.core.java;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.SPIResolutionException;

/**
 * LotteryLab's replacement for the kernel's JShell execution engine (rapaio-jupyter-kernel
 * 3.0.1), put ahead of the kernel jar by {@code ./lab setup}; its public members are the ones the
 * rest of the kernel calls. Each snippet of a cell runs on a pool thread while JShell's thread
 * waits for it.
 * <p>
 * <b>Interrupts.</b> {@link #interrupt()} (and {@link #stop()}, which JShell's {@code stop()}
 * calls) interrupts the running snippet's thread: {@code Thread.sleep} and blocking calls throw,
 * and loops that check {@code Thread.currentThread().isInterrupted()} end. The waiting JShell
 * thread then waits up to {@link #WIND_DOWN_MILLIS} for that thread to actually finish, so the
 * next cell does not start while the interrupted one is still winding down (writing a store
 * file, say), and the cell reports an interrupt. Code that ignores interrupts is not killed
 * ({@code Thread.stop} could leave the library's objects half-updated): the cell then reports
 * that its code goes on running in the background, with the place where it was, and the user can
 * restart the kernel. The kernel's version shut its thread pool down on every interrupt, so every
 * later snippet was rejected and silently did nothing until a restart; here only {@link #close()}
 * does that.
 * <p>
 * <b>What an interrupted cell shows.</b> If the code, once interrupted, ended by throwing an
 * exception other than {@code InterruptedException} (the library's
 * {@code TrainingInterruptedException}, whose message says what is kept and how to resume), the
 * cell shows {@code Interrupted; the code then threw <class>: <message>} and that exception's stack
 * trace. Otherwise (it ended normally or with a plain {@code InterruptedException}) the cell shows
 * the short {@code Interrupted: ...} of {@link #INTERRUPTED}.
 * <p>
 * <b>An interrupt stops the whole cell.</b> JShell runs a cell as one snippet per statement, and
 * an interrupt that comes while the kernel compiles the next one finds nothing running. So an
 * interrupt is remembered for the cell it came in, and every later snippet of that cell is
 * refused with the interrupted error, which ends the cell; {@link #cellStarts()} (called by our
 * {@code Channels} when an {@code execute_request} begins) starts a new cell, so an interrupt
 * while the kernel is idle changes nothing.
 * <p>
 * A configured timeout is handled like an interrupt that comes after that many milliseconds
 * (the kernel's version reported it but left the code running).
 */
public class RapaioExecutionControl extends DirectExecutionControl {

    public static final String TIMEOUT_MARKER = "## Timeout Marker ##";
    /** Kept for the kernel's {@code JavaEngine}, which looks for it; this engine reports {@link #INTERRUPTED} instead. */
    public static final String INTERRUPTED_MARKER = "## Interrupted Marker ##";
    /** Exception class name reported for interrupted code that had not stopped after {@link #WIND_DOWN_MILLIS}. */
    static final String STILL_RUNNING = "InterruptIgnored";
    /** How long an interrupted or timed-out snippet is given to end before the cell reports anyway. */
    static final long WIND_DOWN_MILLIS = 10_000;

    /** Exception class name shown for an interrupted snippet that did not end with an exception of its own. */
    static final String INTERRUPTED = "Interrupted";

    private static final AtomicInteger ID = new AtomicInteger(0);
    /**
     * Counts the cells ({@code execute_request}s) begun in this JVM; the kernel has one shell
     * thread, so one cell at a time. Static because the channels that see a cell begin cannot
     * reach the engine the kernel's {@code JavaEngine} holds.
     */
    private static final AtomicLong CELLS = new AtomicLong();

    private final ExecutorService executor;
    private final long timeoutTime;
    private final Set<Run> running = ConcurrentHashMap.newKeySet();
    private final Map<String, Object> results = new ConcurrentHashMap<>();
    private volatile boolean closed;
    /** The {@link #CELLS} count of the cell in which the last interrupt came; -1: none yet. */
    private volatile long interruptedCell = -1;

    /** @param timeoutTime milliseconds a snippet may run; 0 or less: no limit */
    public RapaioExecutionControl(long timeoutTime) {
        this.timeoutTime = timeoutTime;
        // Daemon threads: code that ignored an interrupt must not keep a shut-down kernel alive.
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "Engine-thread-" + ID.getAndIncrement());
            t.setDaemon(true);
            return t;
        });
    }

    public long getTimeout() {
        return timeoutTime;
    }

    /** The value of a snippet that ran, by the key {@link #invoke(Method)} returned for it; removes it. */
    public Object takeResult(String key) {
        Object result = results.remove(key);
        if (result == null) {
            throw new IllegalStateException("No result with key: " + key);
        }
        return result;
    }

    /**
     * Runs a snippet and keeps its value for {@link #takeResult}; returns the value's key. A snippet
     * without a value (a statement, or an expression that is null) keeps nothing: JShell then
     * reports no value for it, as with the kernel's version.
     */
    @Override
    protected String invoke(Method methodCall) throws Exception {
        Object value = execute(methodCall);
        if (value == null) {
            throw new InternalException("the snippet has no value");
        }
        String key = UUID.randomUUID().toString();
        results.put(key, value);
        return key;
    }

    /**
     * Marks the start of a cell: interrupts that came before it no longer refuse snippets. Called
     * on the shell thread when an {@code execute_request} begins, before its code is compiled.
     */
    public static void cellStarts() {
        CELLS.incrementAndGet();
    }

    private Object execute(Method methodCall) throws Exception {
        // A closed engine says so first: close() interrupts too, and shutting down is the reason.
        if (closed) {
            throw new UserException("The kernel is shutting down; the cell was not run.", "KernelShutDown", new StackTraceElement[0]);
        }
        if (interruptedCell == CELLS.get()) {
            throw new UserException("the cell was stopped (Kernel > Interrupt) between two of its statements;"
                    + " the rest of the cell did not run.", INTERRUPTED, new StackTraceElement[0]);
        }
        Run run = new Run(methodCall);
        running.add(run);
        try {
            executor.execute(run);
        } catch (RejectedExecutionException e) {
            running.remove(run);
            throw new UserException("The kernel is shutting down; the cell was not run.", "KernelShutDown", new StackTraceElement[0]);
        }
        try {
            return timeoutTime > 0 ? run.task.get(timeoutTime, TimeUnit.MILLISECONDS) : run.task.get();
        } catch (CancellationException e) {
            throw afterStop(run, INTERRUPTED, "the cell was stopped (Kernel > Interrupt).", "Interrupted");
        } catch (TimeoutException e) {
            run.task.cancel(true);
            throw afterStop(run, TIMEOUT_MARKER, "Execution timed out", "Timed out after " + timeoutTime + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InvocationTargetException) {
                cause = cause.getCause();
            }
            if (cause == null) {
                throw new UserException("null", "Unknown Invocation Exception", e.getStackTrace());
            } else if (cause instanceof SPIResolutionException spiResCause) {
                throw new ResolutionException(spiResCause.id(), cause.getStackTrace());
            } else {
                throw new UserException(cause.getMessage(), cause.getClass().getName(), cause.getStackTrace());
            }
        } finally {
            running.remove(run);
        }
    }

    /**
     * Waits (bounded) for a cancelled snippet's thread to end and says how the snippet stopped:
     * with the exception its code threw after the cancel, if any other than an
     * {@code InterruptedException} (prefixed by {@code why}), else as {@code marker} with
     * {@code message}.
     */
    private UserException afterStop(Run run, String marker, String message, String why) throws InterruptedException {
        if (windDown(run)) {
            Throwable thrown = run.thrown;
            if (thrown != null && !(thrown instanceof InterruptedException)) {
                return new UserException(thrown.getMessage(), why + "; the code then threw " + thrown.getClass().getName(),
                        thrown.getStackTrace());
            }
            return new UserException(message, marker, new StackTraceElement[0]);
        }
        Thread worker = run.worker;
        return new UserException("interrupted, but the cell's code had not stopped " + WIND_DOWN_MILLIS / 1000
                + " s later: it does not check Thread.currentThread().isInterrupted(), and goes on running in the"
                + " background (thread " + (worker == null ? "?" : worker.getName()) + ") until it ends;"
                + " restart the kernel to end it now. Where it was:",
                STILL_RUNNING, worker == null ? new StackTraceElement[0] : worker.getStackTrace());
    }

    /**
     * Waits up to {@link #WIND_DOWN_MILLIS} for a cancelled snippet's thread to end; true if it
     * did, or if the engine was closed meanwhile (a shutdown or restart does not wait: the JVM
     * ends, and its daemon threads with it).
     */
    private boolean windDown(Run run) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WIND_DOWN_MILLIS);
        while (!run.ended.await(50, TimeUnit.MILLISECONDS)) {
            if (closed) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
        }
        return true;
    }

    /** Interrupts the running snippet, if any, and refuses the later snippets of this cell; returns at once. */
    public void interrupt() {
        interruptedCell = CELLS.get();
        running.forEach(run -> run.task.cancel(true));
    }

    /** JShell's "stop the current evaluation": the same as {@link #interrupt()}; later cells run as usual. */
    @Override
    public void stop() {
        interrupt();
    }

    /**
     * Ends the engine: interrupts what runs, without waiting for it, and refuses later snippets.
     * So a restart also ends a kernel whose cell ignores interrupts at once.
     */
    @Override
    public void close() {
        closed = true;
        interrupt();
        executor.shutdownNow();
        super.close();
    }

    /** One snippet's run: the task JShell's thread waits on, and when its pool thread has left it. */
    private static final class Run implements Runnable {
        final FutureTask<Object> task;
        /** Counted down when the pool thread leaves the snippet, even one cancelled before it began. */
        final CountDownLatch ended = new CountDownLatch(1);
        volatile Thread worker;
        /** What the snippet's code threw, kept also when the task was cancelled (which drops the outcome). */
        volatile Throwable thrown;

        Run(Method methodCall) {
            this.task = new FutureTask<>(() -> {
                try {
                    return methodCall.invoke(null);
                } catch (InvocationTargetException e) {
                    thrown = e.getCause();
                    throw e;
                }
            });
        }

        @Override
        public void run() {
            worker = Thread.currentThread();
            try {
                task.run();
            } finally {
                ended.countDown();
            }
        }
    }
}
