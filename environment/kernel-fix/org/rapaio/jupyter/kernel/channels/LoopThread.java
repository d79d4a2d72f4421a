package org.rapaio.jupyter.kernel.channels;

/**
 * LotteryLab's replacement for the kernel's channel polling thread (rapaio-jupyter-kernel
 * 3.0.1 to 3.0.4), put ahead of the kernel jar on the kernel's class path by
 * {@code ./lab setup}.
 *
 * <p>The kernel's own version raises its {@code running} flag only after
 * {@code Thread.start()} has returned. When the new thread is scheduled first (about one
 * launch in ten here, more on a loaded 2-core machine) it sees the flag still down, leaves
 * its loop at once and dies: the shell or control channel is then never polled, and the
 * kernel never answers {@code kernel_info_request}. This version is running from
 * construction, so the loop body runs until {@link #shutdown()} or an interrupt, however
 * the threads are scheduled. The constructor and methods are the ones the kernel calls.
 */
public final class LoopThread extends Thread {

    private final long pauseMillis;
    private final Runnable body;
    private volatile boolean running = true;

    /**
     * @param name        thread name, as shown in thread dumps
     * @param pauseMillis sleep between two runs of {@code body}
     * @param body        one poll of the channel; runs first as soon as the thread starts
     */
    public LoopThread(String name, long pauseMillis, Runnable body) {
        super(name);
        this.pauseMillis = pauseMillis;
        this.body = body;
    }

    @Override
    public void run() {
        while (running) {
            body.run();
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                running = false;
            }
        }
    }

    /** Ends the loop after the current run of the body; a thread not yet started never runs it. */
    public void shutdown() {
        running = false;
    }
}
