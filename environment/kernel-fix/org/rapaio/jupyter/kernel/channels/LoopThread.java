package org.rapaio.jupyter.kernel.channels;

/**
 * LotteryLab's replacement for the kernel's channel polling thread (rapaio-jupyter-kernel
 * 3.0.1 to 3.0.4), put ahead of the kernel jar on the kernel's class path by
 * {@code ./lab setup}. It fixes two faults of the kernel's own version, each of which killed a
 * channel's thread, the shell's at start-up so that the kernel never answered
 * {@code kernel_info_request}:
 * <ul>
 *   <li>The kernel's version raises its {@code running} flag only after {@code Thread.start()}
 *       has returned; a thread scheduled first saw it down and left its loop at once. This one
 *       is running from construction.</li>
 *   <li>A poll that throws ended the kernel's thread, so one bad message silenced a channel for
 *       good. Here a failed poll is logged and the loop goes on. (The throw seen at start-up, a
 *       {@code NullPointerException} in {@code Channels.getHandler} for a request read before
 *       the handlers existed, no longer happens: our {@link Channels} registers them before any
 *       socket is bound.)</li>
 * </ul>
 * The constructor and methods are the ones the kernel calls.
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
            try {
                body.run();
            } catch (RuntimeException e) {
                System.err.println("[LoopThread " + getName() + "] a poll failed and its message was dropped: " + e);
            }
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
