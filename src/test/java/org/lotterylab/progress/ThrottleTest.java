package org.lotterylab.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ThrottleTest {
    static final long MS = 1_000_000L;

    @Test
    void passesAtMostOneUpdatePerIntervalAndTheLastAtClose() {
        AtomicLong now = new AtomicLong();
        List<String> shown = new ArrayList<>();
        Throttle t = new Throttle(shown::add, 500 * MS, now::get);
        t.update("a");              // t = 0: the first passes at once
        now.set(100 * MS);
        t.update("b");              // held
        now.set(200 * MS);
        t.update("c");              // replaces b
        now.set(500 * MS);
        t.update("d");              // 500 ms after a: passes, c is dropped
        now.set(999 * MS);
        t.update("e");              // 499 ms after d: held
        assertEquals(List.of("a", "d"), shown);
        t.close();                  // e is the final state
        assertEquals(List.of("a", "d", "e"), shown);
        now.set(5000 * MS);
        t.update("late");           // after close: dropped
        t.close();
        assertEquals(List.of("a", "d", "e"), shown);
    }

    @Test
    void closeAfterAPassedUpdateAddsNothing() {
        AtomicLong now = new AtomicLong();
        List<String> shown = new ArrayList<>();
        Throttle t = new Throttle(shown::add, 500 * MS, now::get);
        t.update("a");
        now.set(600 * MS);
        t.update("b");
        t.close();
        assertEquals(List.of("a", "b"), shown);
    }

    @Test
    void concurrentUpdatesNeverOverlapAndTheLastOneShows() throws Exception {
        List<String> shown = Collections.synchronizedList(new ArrayList<>());
        AtomicLong inside = new AtomicLong();
        AtomicLong overlaps = new AtomicLong();
        Throttle t = new Throttle(s -> {
            if (inside.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            shown.add(s);
            inside.decrementAndGet();
        }, 0, System::nanoTime);
        List<Thread> threads = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            int id = k;
            threads.add(new Thread(() -> {
                for (int i = 0; i < 2000; i++) {
                    t.update(id + ":" + i);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread th : threads) {
            th.join();
        }
        t.update("final");
        t.close();
        assertEquals(0, overlaps.get());
        assertEquals(8001, shown.size(), "interval 0 passes every update");
        assertEquals("final", shown.get(shown.size() - 1));
    }
}
