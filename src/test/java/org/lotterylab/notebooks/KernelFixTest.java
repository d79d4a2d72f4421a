package org.lotterylab.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel's channel polling thread as environment/kernel-fix replaces it, compiled from that
 * source here: a poll that throws must not end the loop (the kernel's start-up race threw a
 * NullPointerException on the first request), and shutdown must.
 */
class KernelFixTest {
    private static final Path SOURCE = Path.of("environment/kernel-fix/org/rapaio/jupyter/kernel/channels/LoopThread.java");

    @Test
    void aFailingPollDoesNotEndTheLoopAndShutdownDoes(@TempDir Path out) throws Exception {
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", out.toString(),
                SOURCE.toAbsolutePath().toString()), "environment/kernel-fix does not compile");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {out.toUri().toURL()}, null)) {
            Class<?> loop = loader.loadClass("org.rapaio.jupyter.kernel.channels.LoopThread");
            AtomicInteger polls = new AtomicInteger();
            CountDownLatch third = new CountDownLatch(3);
            Runnable body = () -> {
                polls.incrementAndGet();
                third.countDown();
                if (polls.get() == 1) {
                    throw new NullPointerException("handlers not registered yet");
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
    }
}
