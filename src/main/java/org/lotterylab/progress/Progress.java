package org.lotterylab.progress;

import org.lotterylab.notebook.Cell;

/**
 * Where reports of long work go. Three kinds:
 *
 * <ul>
 *   <li>a {@link #line line}: a message that stays (e.g. "resuming at level 5");</li>
 *   <li>a {@link #warning warning}: a message that stays and stands out (e.g. stored runs of
 *       other numerics);</li>
 *   <li>a {@link #status() status}: the state of one task (a run's levels, a sweep's runs), where
 *       each update replaces the previous one. Sinks may skip intermediate updates, never the
 *       last one before {@link Status#close()}.</li>
 * </ul>
 *
 * {@link #standard()} picks the sink for where the code runs: in a notebook, one line per task
 * in the cell's output, updated in place; elsewhere, lines on stderr. A sink must be
 * thread-safe: a parallel sweep reports from several threads. Written as a lambda, a sink
 * receives everything as lines, statuses throttled.
 */
@FunctionalInterface
public interface Progress {
    /** Statuses shown at most this often, in nanoseconds (the last one always). */
    long STATUS_INTERVAL_NANOS = 500_000_000L;

    /** Receives one line, without a trailing newline. */
    void line(String text);

    /** Receives one warning, without a trailing newline; by default a {@link #line}. */
    default void warning(String text) {
        line(text);
    }

    /**
     * Opens the status of a new task. By default its updates become {@link #line lines}, at most
     * one per {@link #STATUS_INTERVAL_NANOS} (0.5 s), and {@link Status#close()} passes on the
     * last update if it was held back.
     */
    default Status status() {
        return new Throttle(this::line, STATUS_INTERVAL_NANOS, System::nanoTime);
    }

    /** The state of one task; every update replaces the previous one. Thread-safe. */
    interface Status extends AutoCloseable {
        /** The task's state now, e.g. "sweep: 7/24 runs done, 12.3 s elapsed, ~30 s left". */
        void update(String text);

        /** Shows the last update if it was held back; later updates are dropped. */
        @Override
        void close();

        /** A status that shows nothing. */
        Status NONE = new Status() {
            @Override
            public void update(String text) {
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * The sink for where this code runs. In a notebook kernel ({@link Cell#inKernel()}): each
     * status is one line of the cell's output, updated in place at most every 0.5 s, lines go
     * to the cell's stdout and warnings to its stderr; a headless notebook run (environment
     * variable {@code LAB_NOTEBOOK} set, as by {@code ./lab figures}) also logs the statuses,
     * throttled, to the kernel JVM's own stderr (its log file). Elsewhere: {@link #stderr()}.
     */
    static Progress standard() {
        return Cell.inKernel() ? CellProgress.INSTANCE : stderr();
    }

    /** Prints lines and warnings to stderr, and statuses as lines at most every 0.5 s. */
    static Progress stderr() {
        return text -> {
            synchronized (System.err) {
                System.err.println(text);
            }
        };
    }

    /** Drops everything. */
    static Progress none() {
        return new Progress() {
            @Override
            public void line(String text) {
            }

            @Override
            public Status status() {
                return Status.NONE;
            }
        };
    }

    /** This sink without statuses: lines and warnings pass, statuses show nothing. */
    default Progress withoutStatus() {
        Progress outer = this;
        return new Progress() {
            @Override
            public void line(String text) {
                outer.line(text);
            }

            @Override
            public void warning(String text) {
                outer.warning(text);
            }

            @Override
            public Status status() {
                return Status.NONE;
            }
        };
    }

    /** A short duration such as {@code 42 s}, {@code 3.5 min} or {@code 2.1 h}. */
    static String duration(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "?";
        }
        if (seconds < 120) {
            return String.format(java.util.Locale.ROOT, "%.1f s", seconds);
        }
        if (seconds < 7200) {
            return String.format(java.util.Locale.ROOT, "%.1f min", seconds / 60);
        }
        return String.format(java.util.Locale.ROOT, "%.1f h", seconds / 3600);
    }
}
