package org.lotterylab.train;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs the independent parts of one kernel call on up to {@code threads} threads: the calling
 * thread and a team of daemon helpers. Parts are claimed in any order by any thread, so a caller
 * gets the same bits on every thread count only when each part writes its own elements, computed
 * as they would be alone (every use in the engine: output row bands of a product, chunks of an
 * elementwise update). Apart from the team, one more helper, the loader, runs one body at a time
 * in the background: {@link #start} returns at once, and the caller waits for the body when it
 * needs its results (the engine's next block of inputs).
 *
 * <p>A helper that finishes a call keeps watching for the next one for {@link #SPIN_NANOS}
 * before it parks, yielding its core at every look to any other thread that wants it (in a
 * 2-thread IMP run, the previous level's analysis on its own thread: the run took 7.6-9.7 s,
 * median 9.2, against 8.5-10.4, median 10.1, with a busy wait that did not yield, six runs
 * each). A training step on two threads makes a dozen calls, often less than a
 * millisecond apart and at pruned levels each of a few tens of microseconds. Handing each call to
 * an executor's parked worker took 12 us back to back and up to 70 us on the 2-core AMD EPYC
 * machine measured, more than many of those calls' parts take; a watching helper takes under
 * 1 us ({@code ParallelBench}). Epochs of the thesis' image net on 2 threads, median of three
 * alternating pairs of runs: 219 against 209 ms at 14% kept, 82 against 65 at 2%, 40 against 29
 * at 0.4%.
 *
 * <p>One caller at a time has the team. A call made while another thread's call has it, or from
 * inside a part, runs its parts on the calling thread alone: the same results, without the
 * helpers.
 */
final class Parallel {
    /** A kernel part. */
    interface Part {
        void run(int part);
    }

    /** A range {@code [from, to)} of an elementwise step. */
    interface Range {
        void run(int from, int to);
    }

    /**
     * How long an idle helper, and a caller waiting for its helpers, watch before they park: 0.2
     * ms, longer than the gap between most calls of a training step at pruned levels, short beside
     * the gaps outside training (a level's pruning and analysis), so that the helpers do not spin
     * through the work of other threads.
     */
    static final long SPIN_NANOS = 200_000;

    /** Held by the caller that has the team. */
    private static final ReentrantLock TEAM = new ReentrantLock();
    /** The helpers started so far (grown under {@link #TEAM}). */
    private static Helper[] helpers = new Helper[0];

    private Parallel() {
    }

    /**
     * Runs {@code body.run(p)} for every {@code p < parts}, on at most {@code threads} threads;
     * returns when all have finished. A part's exception is rethrown once every part has stopped
     * (the parts not yet started are skipped). An interrupt while waiting is kept (the status is
     * set again) for the trainer's check before the next minibatch: the caller reads the results
     * next.
     */
    static void run(int threads, int parts, Part body) {
        int n = Math.min(threads, parts) - 1;
        if (n <= 0 || TEAM.isHeldByCurrentThread() || !TEAM.tryLock()) {
            for (int p = 0; p < parts; p++) {
                body.run(p);
            }
            return;
        }
        Call call = new Call(body, parts, n);
        try {
            Helper[] team = team(n);
            for (int t = 0; t < n; t++) {
                team[t].post(call);
            }
            call.claim();
            call.await();
        } finally {
            TEAM.unlock();
        }
        rethrow(call);
    }

    /**
     * {@code body} over {@code [0, n)} in chunks on up to {@code threads} threads when {@code n}
     * reaches {@code Engine.PARALLEL_WORK / 64} elements, else in one call; chunk bounds are
     * multiples of the SIMD padding. For elementwise steps, whose bits do not depend on the chunks.
     */
    static void chunks(int threads, int n, Range body) {
        int parts = threads > 1 && n >= Engine.PARALLEL_WORK / 64 ? 2 * threads : 1;
        if (parts == 1) {
            body.run(0, n);
            return;
        }
        int per = Kernels.padded((n + parts - 1) / parts);
        run(threads, parts, p -> body.run(Math.min(n, p * per), Math.min(n, (p + 1) * per)));
    }

    /**
     * Starts {@code body.run(0)} on the loader, a helper apart from the team, and returns at once;
     * {@link Started#await} waits for it. When the loader is still busy with another caller's
     * start, {@code body} runs on the calling thread before this returns. The engine loads its
     * next block of inputs so while a net too small for the team trains on the calling thread.
     */
    static Started start(Part body) {
        if (!LOADER_BUSY.compareAndSet(false, true)) {
            body.run(0);
            return Started.DONE;
        }
        Call call = new Call(body, 1, 1);
        loader().post(call);
        return new Started(call);
    }

    /** A {@link #start}ed body. */
    static final class Started {
        static final Started DONE = new Started(null);
        private final Call call;

        private Started(Call call) {
            this.call = call;
        }

        /** Returns when the body has finished; rethrows its exception as {@link #run} does. */
        void await() {
            if (call != null) {
                call.await();
                rethrow(call);
            }
        }
    }

    /** Set while the loader has a started body (cleared by the loader before it signals the end). */
    private static final AtomicBoolean LOADER_BUSY = new AtomicBoolean();
    private static Helper loader;

    private static synchronized Helper loader() {
        if (loader == null) {
            loader = new Helper("lotterylab-loader", LOADER_BUSY);
            loader.start();
        }
        return loader;
    }

    private static void rethrow(Call call) {
        if (call.failure instanceof RuntimeException r) {
            throw r;
        }
        if (call.failure instanceof Error e) {
            throw e;
        }
        if (call.failure != null) {
            throw new IllegalStateException("a kernel part failed", call.failure);
        }
    }

    /** At least {@code n} helpers, started on first need; called with {@link #TEAM} held. */
    private static Helper[] team(int n) {
        if (helpers.length < n) {
            Helper[] grown = java.util.Arrays.copyOf(helpers, n);
            for (int t = helpers.length; t < n; t++) {
                grown[t] = new Helper("lotterylab-kernel-" + t, null);
                grown[t].start();
            }
            helpers = grown;
        }
        return helpers;
    }

    /** One call's parts, claimed by the caller and its helpers. */
    private static final class Call {
        private final Part body;
        private final int parts;
        private final AtomicInteger next = new AtomicInteger();
        /** Helpers that have not yet finished with this call. */
        private final AtomicInteger running;
        private volatile Thread waiter;
        private volatile Throwable failure;

        Call(Part body, int parts, int helpers) {
            this.body = body;
            this.parts = parts;
            this.running = new AtomicInteger(helpers);
        }

        /** Runs parts until none is left; a failure is kept and stops the others' claims. */
        void claim() {
            try {
                for (int p = next.getAndIncrement(); p < parts; p = next.getAndIncrement()) {
                    body.run(p);
                }
            } catch (Throwable e) {
                failure = e;
                next.set(parts);
            }
        }

        /** A helper is done with this call. */
        void finished() {
            if (running.decrementAndGet() == 0) {
                Thread w = waiter;
                if (w != null) {
                    LockSupport.unpark(w);
                }
            }
        }

        /** Until every helper is done: watching, yielding, for {@link #SPIN_NANOS}, then parked. */
        void await() {
            long start = System.nanoTime();
            boolean interrupted = false;
            while (running.get() > 0) {
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.yield();
                    continue;
                }
                waiter = Thread.currentThread();
                if (running.get() > 0) {
                    LockSupport.park(this);
                    // park returns at once while the status is set: clear it, set it again at the end.
                    interrupted |= Thread.interrupted();
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A daemon thread that runs the parts of the calls posted to it. */
    private static final class Helper extends Thread {
        private volatile Call call;
        private volatile boolean parked;
        /** Cleared when a call is done, before its caller learns it: the loader's busy flag, or null. */
        private final AtomicBoolean busy;

        Helper(String name, AtomicBoolean busy) {
            super(name);
            this.busy = busy;
            setDaemon(true);
        }

        /** Hands {@code c} to this helper, which must be idle. */
        void post(Call c) {
            call = c;
            // The helper sets parked before it looks at call a last time, so one of the two sees the other.
            if (parked) {
                LockSupport.unpark(this);
            }
        }

        @Override
        public void run() {
            while (true) {
                Call c = await();
                c.claim();
                call = null;
                if (busy != null) {
                    busy.set(false);
                }
                c.finished();
            }
        }

        /** The next call: watched for, yielding, for {@link #SPIN_NANOS}, then waited for parked. */
        private Call await() {
            long start = System.nanoTime();
            Call c;
            while ((c = call) == null) {
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.yield();
                    continue;
                }
                parked = true;
                if (call == null) {
                    LockSupport.park(this);
                }
                parked = false;
                start = System.nanoTime();
            }
            return c;
        }
    }
}
