package org.rapaio.jupyter.kernel.channels;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

import org.rapaio.jupyter.kernel.core.ConnectionProperties;
import org.rapaio.jupyter.kernel.message.HMACDigest;
import org.rapaio.jupyter.kernel.message.Message;
import org.rapaio.org.zeromq.SocketType;
import org.rapaio.org.zeromq.ZMQ;

/**
 * LotteryLab's replacement for the kernel's control channel (rapaio-jupyter-kernel 3.0.1): it
 * handles {@code interrupt_request} and {@code shutdown_request} while the shell thread may be
 * busy running a cell. Unlike the kernel's version, its thread handles requests in a request
 * context of its own (see {@link Channels}), so an interrupt leaves the running cell's reply and
 * console alone and is itself answered on this channel, and the thread is named
 * {@code Control-N} (the kernel's version called it {@code Shell-N}, like the shell's).
 */
public final class ControlChannel extends AbstractChannel {

    private static final Logger LOGGER = Logger.getLogger(ControlChannel.class.getSimpleName());
    private static final long LOOP_SLEEP = 50;
    private static final AtomicInteger ID = new AtomicInteger();

    private volatile LoopThread loopThread;

    public ControlChannel(Channels channels, ZMQ.Context context, HMACDigest hmacGenerator) {
        super(channels, "ControlChannel", context, SocketType.ROUTER, hmacGenerator);
    }

    @Override
    public void bind(ConnectionProperties connProps) {
        if (loopThread != null) {
            throw new IllegalStateException("Channel already bound.");
        }
        String threadName = "Control-" + ID.getAndIncrement();
        String addr = connProps.formatAddress(connProps.controlPort());
        LOGGER.info(logPrefix + "Binding to " + addr);
        socket.bind(addr);

        ZMQ.Poller poller = ctx.poller(1);
        poller.register(socket, ZMQ.Poller.POLLIN);
        loopThread = new LoopThread(threadName, LOOP_SLEEP, new Runnable() {
            private boolean hasOwnContext;

            @Override
            public void run() {
                if (!hasOwnContext) {
                    channels.useOwnContextOnThisThread(ControlChannel.this);
                    hasOwnContext = true;
                }
                if (poller.poll(0) > 0) {
                    handle(readMessage());
                }
            }
        });
        loopThread.start();
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private void handle(Message<?> message) {
        var type = message.header().type();
        MessageHandler handler = channels.getHandler(type);
        if (handler == null) {
            LOGGER.severe(logPrefix + "Unhandled message: " + type.name());
            return;
        }
        LOGGER.info(logPrefix + "Handling message: " + type.name());
        channels.setMsgId(message.getId());
        try {
            handler.handle(message);
        } catch (RuntimeException e) {
            LOGGER.severe(logPrefix + "Exception handling " + type.name() + ". "
                    + e.getClass().getSimpleName() + ": " + e.getLocalizedMessage());
        } finally {
            channels.runAfterActions();
            channels.freeMsgId();
        }
        if (channels.isMarkedForShutdown()) {
            LOGGER.info(logPrefix + "Shutting down connection marked for shutdown.");
            channels.close();
        }
    }

    @Override
    public void close() {
        if (loopThread != null) {
            loopThread.shutdown();
        }
        super.close();
    }

    @Override
    public void joinUntilClose() {
        if (loopThread != null) {
            try {
                loopThread.join();
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
