package org.lotterylab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    /** Each part's run count after {@code Parallel.run(threads, parts, ...)}. */
    private static int[] runs(int threads, int parts) {
        AtomicIntegerArray count = new AtomicIntegerArray(parts);
        Parallel.run(threads, parts, count::incrementAndGet);
        int[] out = new int[parts];
        for (int p = 0; p < parts; p++) {
            out[p] = count.get(p);
        }
        return out;
    }

    @Test
    void everyPartRunsExactlyOnceOnAnyThreadCount() {
        assertTimeoutPreemptively(LIMIT, () -> {
            for (int threads = 1; threads <= 4; threads++) {
                for (int parts = 0; parts <= 40; parts++) {
                    int[] expected = new int[parts];
                    java.util.Arrays.fill(expected, 1);
                    assertArrayEquals(expected, runs(threads, parts), threads + " threads, " + parts + " parts");
                }
            }
        });
    }

    @Test
    void twoThreadsRunTwoPartsAtOnce() {
        // Each part waits for the other to start: on one thread the first would wait in vain.
        assertTimeoutPreemptively(LIMIT, () -> {
            for (int round = 0; round < 20; round++) {
                CountDownLatch both = new CountDownLatch(2);
                boolean[] met = new boolean[2];
                Parallel.run(2, 2, p -> {
                    both.countDown();
                    try {
                        met[p] = both.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
                assertTrue(met[0] && met[1], "round " + round + ": the two parts did not run at the same time");
            }
        });
    }

    @Test
    void theCallerSeesEveryPartsWritesWhenRunReturns() {
        assertTimeoutPreemptively(LIMIT, () -> {
            for (int round = 0; round < 2000; round++) {
                int[] plain = new int[8];
                int r = round;
                Parallel.run(2, 8, p -> plain[p] = r + p);
                for (int p = 0; p < 8; p++) {
                    assertEquals(round + p, plain[p]);
                }
            }
        });
    }

    @Test
    void aPartsExceptionIsRethrownAndTheTeamStaysUsable() {
        assertTimeoutPreemptively(LIMIT, () -> {
            IllegalArgumentException thrown = new IllegalArgumentException("part 3 failed");
            for (int round = 0; round < 50; round++) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> Parallel.run(2, 8, p -> {
                            if (p == 3) {
                                throw thrown;
                            }
                        }));
                assertSame(thrown, e);
                assertArrayEquals(new int[] {1, 1, 1, 1}, runs(2, 4));
            }
        });
    }

    @Test
    void anInterruptOfTheCallerIsKept() {
        assertTimeoutPreemptively(LIMIT, () -> {
            Thread.currentThread().interrupt();
            int[] counts = runs(2, 16);
            assertTrue(Thread.interrupted(), "the interrupt status was lost");
            int[] expected = new int[16];
            java.util.Arrays.fill(expected, 1);
            assertArrayEquals(expected, counts);
        });
    }

    @Test
    void aCallFromInsideAPartRunsOnItsThread() {
        assertTimeoutPreemptively(LIMIT, () -> {
            AtomicIntegerArray inner = new AtomicIntegerArray(6);
            Parallel.run(2, 2, p -> Parallel.run(2, 3, q -> inner.incrementAndGet(3 * p + q)));
            for (int i = 0; i < 6; i++) {
                assertEquals(1, inner.get(i));
            }
        });
    }

    @Test
    void concurrentCallersEachGetAllTheirParts() throws InterruptedException {
        List<Thread> callers = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int c = 0; c < 4; c++) {
            Thread t = new Thread(() -> {
                try {
                    for (int round = 0; round < 500; round++) {
                        for (int count : runs(2, 8)) {
                            assertEquals(1, count);
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            callers.add(t);
            t.start();
        }
        for (Thread t : callers) {
            t.join(LIMIT.toMillis());
            assertTrue(!t.isAlive(), "a caller is stuck");
        }
        assertTrue(failures.isEmpty(), failures.toString());
    }

    /**
     * A started body runs on the loader while the caller goes on: it waits for the caller to pass
     * {@code start}, which on the caller's thread would time out. A second start while the first
     * is running runs on the caller's thread; await makes the body's writes visible and rethrows
     * its exception, and the loader takes the next start.
     */
    @Test
    void startedBodiesRunOnTheLoaderWhileTheCallerGoesOn() {
        assertTimeoutPreemptively(LIMIT, () -> {
            for (int round = 0; round < 200; round++) {
                CountDownLatch started = new CountDownLatch(1);
                CountDownLatch release = new CountDownLatch(1);
                Thread[] ran = new Thread[2];
                int[] written = new int[1];
                int r = round;
                Parallel.Started first = Parallel.start(p -> {
                    ran[0] = Thread.currentThread();
                    started.countDown();
                    try {
                        assertTrue(release.await(10, TimeUnit.SECONDS), "the caller did not go on");
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    written[0] = r;
                });
                assertTrue(started.await(10, TimeUnit.SECONDS));
                Parallel.start(p -> ran[1] = Thread.currentThread()).await();
                assertSame(Thread.currentThread(), ran[1], "the loader was busy: the second body ran here");
                release.countDown();
                first.await();
                assertTrue(ran[0] != Thread.currentThread());
                assertEquals(round, written[0]);
            }
            IllegalStateException thrown = new IllegalStateException("load failed");
            Parallel.Started failing = Parallel.start(p -> {
                throw thrown;
            });
            assertSame(thrown, assertThrows(IllegalStateException.class, failing::await));
            Thread[] after = new Thread[1];
            Parallel.start(p -> after[0] = Thread.currentThread()).await();
            assertTrue(after[0] != null && after[0] != Thread.currentThread(), "the loader took the next start");
        });
    }

    @Test
    void chunksCoverTheRangeOnceAtPaddedBounds() {
        int n = (int) (Engine.PARALLEL_WORK / 64 * 3 + 5);
        for (int threads = 1; threads <= 3; threads++) {
            AtomicIntegerArray seen = new AtomicIntegerArray(n);
            List<int[]> ranges = java.util.Collections.synchronizedList(new ArrayList<>());
            Parallel.chunks(threads, n, (from, to) -> {
                ranges.add(new int[] {from, to});
                for (int k = from; k < to; k++) {
                    seen.incrementAndGet(k);
                }
            });
            for (int k = 0; k < n; k++) {
                assertEquals(1, seen.get(k), "element " + k + " on " + threads + " threads");
            }
            assertEquals(threads == 1 ? 1 : 2 * threads, ranges.size());
            for (int[] r : ranges) {
                assertTrue(r[0] % Kernels.PAD == 0 && (r[1] == n || r[1] % Kernels.PAD == 0), r[0] + ".." + r[1]);
            }
        }
    }
}
