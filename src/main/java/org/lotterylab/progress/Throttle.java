package org.lotterylab.progress;

import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A {@link Progress.Status} that passes updates on at most once per interval: an update within
 * the interval after the last one passed on is held back, replacing any held before, and
 * {@link #close()} passes on the held one, so the final state always shows. Updates after
 * close are dropped: a sweep's status stays final even if a stopping worker still reports.
 */
final class Throttle implements Progress.Status {
    private final Consumer<String> sink;
    private final long intervalNanos;
    private final LongSupplier clock;
    private boolean passedAny;
    private long lastPassed;
    private String held;
    private boolean closed;

    /**
     * @param sink receives the updates passed on, one at a time (calls never overlap)
     * @param clock nanoseconds, e.g. {@code System::nanoTime}
     */
    Throttle(Consumer<String> sink, long intervalNanos, LongSupplier clock) {
        this.sink = sink;
        this.intervalNanos = intervalNanos;
        this.clock = clock;
    }

    @Override
    public synchronized void update(String text) {
        if (closed) {
            return;
        }
        long now = clock.getAsLong();
        if (!passedAny || now - lastPassed >= intervalNanos) {
            held = null;
            passedAny = true;
            lastPassed = now;
            sink.accept(text);
        } else {
            held = text;
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (held != null) {
            String last = held;
            held = null;
            sink.accept(last);
        }
    }
}
