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
 * A configured timeout is handled like an interrupt that comes after that many milliseconds
 * (the kernel's version reported it but left the code running).
 */
public class RapaioExecutionControl extends DirectExecutionControl {

    public static final String TIMEOUT_MARKER = "## Timeout Marker ##";
    public static final String INTERRUPTED_MARKER = "## Interrupted Marker ##";
    /** Exception class name reported for interrupted code that had not stopped after {@link #WIND_DOWN_MILLIS}. */
    static final String STILL_RUNNING = "InterruptIgnored";
    /** How long an interrupted or timed-out snippet is given to end before the cell reports anyway. */
    static final long WIND_DOWN_MILLIS = 10_000;

    private static final AtomicInteger ID = new AtomicInteger(0);

    private final ExecutorService executor;
    private final long timeoutTime;
    private final Set<Run> running = ConcurrentHashMap.newKeySet();
    private final Map<String, Object> results = new ConcurrentHashMap<>();
    private volatile boolean closed;

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

    private Object execute(Method methodCall) throws Exception {
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
            throw afterStop(run, INTERRUPTED_MARKER, "Execution interrupted.");
        } catch (TimeoutException e) {
            run.task.cancel(true);
            throw afterStop(run, TIMEOUT_MARKER, "Execution timed out");
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

    /** Waits (bounded) for a cancelled snippet's thread to end and says how the snippet stopped. */
    private UserException afterStop(Run run, String marker, String message) throws InterruptedException {
        if (windDown(run)) {
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

    /** Interrupts the running snippet, if any; returns at once. */
    public void interrupt() {
        running.forEach(run -> run.task.cancel(true));
    }

    /** JShell's "stop the current evaluation": the same as {@link #interrupt()}; later snippets run as usual. */
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

        Run(Method methodCall) {
            this.task = new FutureTask<>(() -> methodCall.invoke(null));
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
