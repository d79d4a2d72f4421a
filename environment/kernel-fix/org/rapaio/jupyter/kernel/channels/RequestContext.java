package org.rapaio.jupyter.kernel.channels;

import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;

import org.rapaio.jupyter.kernel.message.MessageId;

/**
 * What {@link Channels} knows about the request one thread is handling: its id (the parent of
 * every reply and output it causes), the actions to run once it is handled, and the channel its
 * replies go back on. The shell loop and the threads running a cell's code share the shell's
 * context; the control loop has its own, so an interrupt cannot disturb a running cell's.
 */
final class RequestContext {

    /** Written by the context's loop thread, read by the threads running a cell's code. */
    volatile MessageId<?> msgId;
    /** Last in, first out. */
    final Deque<Runnable> afterActions = new ConcurrentLinkedDeque<>();
    final AbstractChannel replies;

    RequestContext(AbstractChannel replies) {
        this.replies = replies;
    }
}
