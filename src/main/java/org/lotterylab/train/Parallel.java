package org.lotterylab.train;

import com.google.common.util.concurrent.Uninterruptibles;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the independent parts of one kernel call on up to {@code threads} threads: the calling
 * thread and daemon workers of a shared pool. Parts are claimed in any order by any thread, so a
 * caller gets the same bits on every thread count only when each part writes its own elements,
 * computed as they would be alone (every use in the engine: output row bands of a product, chunks
 * of an elementwise update).
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

    private static volatile ExecutorService pool;

    private Parallel() {
    }

    /**
     * Runs {@code body.run(p)} for every {@code p < parts}, on at most {@code threads} threads;
     * returns when all have finished. An interrupt while waiting is kept (the status is set
     * again) for the trainer's check before the next minibatch: the caller reads the results next.
     */
    static void run(int threads, int parts, Part body) {
        int helpers = Math.min(threads, parts) - 1;
        if (helpers <= 0) {
            for (int p = 0; p < parts; p++) {
                body.run(p);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable claim = () -> {
            for (int p = next.getAndIncrement(); p < parts; p = next.getAndIncrement()) {
                body.run(p);
            }
        };
        ExecutorService ex = pool(helpers);
        Future<?>[] others = new Future<?>[helpers];
        for (int t = 0; t < helpers; t++) {
            others[t] = ex.submit(claim);
        }
        claim.run();
        for (Future<?> f : others) {
            try {
                Uninterruptibles.getUninterruptibly(f);
            } catch (ExecutionException e) {
                throw new IllegalStateException("a kernel part failed", e.getCause());
            }
        }
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

    private static ExecutorService pool(int atLeast) {
        ExecutorService p = pool;
        if (p == null) {
            synchronized (Parallel.class) {
                p = pool;
                if (p == null) {
                    int n = Math.max(1, Math.max(atLeast, Runtime.getRuntime().availableProcessors() - 1));
                    p = Executors.newFixedThreadPool(n, r -> {
                        Thread t = new Thread(r, "lotterylab-kernel");
                        t.setDaemon(true);
                        return t;
                    });
                    pool = p;
                }
            }
        }
        return p;
    }
}
