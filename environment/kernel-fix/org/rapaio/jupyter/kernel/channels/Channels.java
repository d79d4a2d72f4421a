package org.rapaio.jupyter.kernel.channels;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;

import org.rapaio.jupyter.kernel.core.ConnectionProperties;
import org.rapaio.jupyter.kernel.core.RapaioKernel;
import org.rapaio.jupyter.kernel.core.java.RapaioExecutionControl;
import org.rapaio.jupyter.kernel.message.ContentType;
import org.rapaio.jupyter.kernel.message.HMACDigest;
import org.rapaio.jupyter.kernel.message.Message;
import org.rapaio.jupyter.kernel.message.MessageId;
import org.rapaio.jupyter.kernel.message.MessageType;
import org.rapaio.jupyter.kernel.message.messages.ErrorReply;
import org.rapaio.jupyter.kernel.message.messages.IOPubStatus;
import org.rapaio.jupyter.kernel.message.messages.IOPubStream;
import org.rapaio.org.zeromq.ZMQ;

/**
 * LotteryLab's replacement for the kernel's hub of channels (rapaio-jupyter-kernel 3.0.1), put
 * ahead of the kernel jar by {@code ./lab setup}; its public methods are the ones the rest of the
 * kernel calls. It differs from the kernel's own version in two ways, each a bug of that version
 * (and it tells the engine when a cell begins, so that an interrupt stops the rest of its cell):
 * <ul>
 *   <li><b>A request context per channel thread.</b> The kernel's version kept one "current
 *       request" and one stack of after-actions for all threads, so an {@code interrupt_request}
 *       handled on the control thread overwrote the running {@code execute_request}'s id and ran
 *       its after-actions (reply, restore {@code System.out}, unbind the console) too early: the
 *       cell's reply went out with the wrong parent, the notebook never saw the cell end, and
 *       later cells ran without output. Here the control thread has a context of its own (see
 *       {@link #useOwnContextOnThisThread}), and replies go back on the channel the request came
 *       in on. Every other thread, the shell loop and the threads that run a cell's code (which
 *       write to stdout and display figures), uses the shell's context.</li>
 *   <li><b>Handlers before sockets.</b> The kernel's version bound the sockets and started the
 *       polling threads before it filled its handler map (a plain map, written while a polling
 *       thread read it), so a {@code kernel_info_request} read in between was dropped as
 *       "Unhandled message" or killed the thread; the notebook server does not resend it and
 *       waited 60 s. Here every handler is registered, in an immutable map, before any socket
 *       is bound, so no request can come in before its handler exists.</li>
 * </ul>
 */
@SuppressWarnings({"unchecked", "rawtypes"})
public final class Channels {

    private final ConnectionProperties connProps;
    private final ZMQ.Context ctx;

    private final HeartbeatChannel heartbeat;
    private final ShellChannel shell;
    private final ControlChannel control;
    private final StdinChannel stdin;
    private final IOPubChannel iopub;
    /** In binding order: iopub first, so the first handled request can already publish; shell last. */
    private final List<AbstractChannel> channels;

    /** Filled once, before any socket is bound; empty until then. */
    private volatile Map<MessageType<?>, MessageHandler> handlers = Map.of();
    private final RequestContext shellContext;
    private final ThreadLocal<RequestContext> ownContext = new ThreadLocal<>();

    private volatile boolean connected;
    private volatile boolean shutdownRequested;

    public Channels(ConnectionProperties connProps) throws NoSuchAlgorithmException, InvalidKeyException {
        this.connProps = connProps;
        this.ctx = ZMQ.context(1);
        HMACDigest hmacDigest = connProps.createHMACDigest();
        heartbeat = new HeartbeatChannel(this, ctx, hmacDigest);
        shell = new ShellChannel(this, ctx, hmacDigest, this);
        control = new ControlChannel(this, ctx, hmacDigest);
        stdin = new StdinChannel(this, ctx, hmacDigest);
        iopub = new IOPubChannel(this, ctx, hmacDigest);
        channels = List.of(iopub, heartbeat, stdin, control, shell);
        shellContext = new RequestContext(shell);
    }

    /**
     * Registers the kernel's handlers, then binds the sockets and starts the polling threads.
     * A second call does nothing.
     */
    public synchronized void connect(RapaioKernel kernel) {
        if (connected) {
            return;
        }
        kernel.registerChannels(this);
        handlers = Map.ofEntries(
                Map.entry(MessageType.SHELL_EXECUTE_REQUEST, (MessageHandler) kernel::handleExecuteRequest),
                Map.entry(MessageType.SHELL_INSPECT_REQUEST, (MessageHandler) kernel::handleInspectRequest),
                Map.entry(MessageType.SHELL_COMPLETE_REQUEST, (MessageHandler) kernel::handleCompleteRequest),
                Map.entry(MessageType.SHELL_HISTORY_REQUEST, (MessageHandler) kernel::handleHistoryRequest),
                Map.entry(MessageType.SHELL_IS_COMPLETE_REQUEST, (MessageHandler) kernel::handleIsCompleteRequest),
                Map.entry(MessageType.SHELL_KERNEL_INFO_REQUEST, (MessageHandler) kernel::handleKernelInfoRequest),
                Map.entry(MessageType.CONTROL_SHUTDOWN_REQUEST, (MessageHandler) kernel::handleShutdownRequest),
                Map.entry(MessageType.CONTROL_INTERRUPT_REQUEST, (MessageHandler) kernel::handleInterruptRequest),
                Map.entry(MessageType.CUSTOM_COMM_OPEN, (MessageHandler) kernel::handleCommOpenCommand),
                Map.entry(MessageType.CUSTOM_COMM_MSG, (MessageHandler) kernel::handleCommMsgCommand),
                Map.entry(MessageType.CUSTOM_COMM_CLOSE, (MessageHandler) kernel::handleCommCloseCommand),
                Map.entry(MessageType.SHELL_COMM_INFO_REQUEST, (MessageHandler) kernel::handleCommInfoRequest));
        channels.forEach(c -> c.bind(connProps));
        iopub.sendMessage(new Message<>(MessageType.IOPUB_STATUS, IOPubStatus.STARTING));
        connected = true;
    }

    /** The handler of a message type, or null for a type the kernel does not handle. */
    public <T> MessageHandler<T> getHandler(MessageType<T> type) {
        return handlers.get(type);
    }

    public void close() {
        channels.forEach(AbstractChannel::close);
        ctx.close();
    }

    public void joinUntilClose() {
        channels.forEach(AbstractChannel::joinUntilClose);
    }

    /**
     * Gives the calling thread a request context of its own, replying on {@code replies}, instead
     * of the shell's. The control channel's thread calls this before it handles its first request.
     */
    void useOwnContextOnThisThread(AbstractChannel replies) {
        ownContext.set(new RequestContext(replies));
    }

    private RequestContext context() {
        RequestContext own = ownContext.get();
        return own != null ? own : shellContext;
    }

    /** Whether the calling thread's context is inside a request (outputs have a parent to go to). */
    public boolean hasMsgId() {
        return context().msgId != null;
    }

    /**
     * Makes {@code msgId} the parent of what the calling thread's context publishes and replies.
     * The shell loop calls this before it handles each request; for an {@code execute_request}
     * it tells the engine that a new cell begins (see {@link RapaioExecutionControl#cellStarts()}).
     */
    public void setMsgId(MessageId<?> msgId) {
        RequestContext c = context();
        c.msgId = msgId;
        if (c == shellContext && msgId != null && msgId.header() != null
                && MessageType.SHELL_EXECUTE_REQUEST.equals(msgId.header().type())) {
            RapaioExecutionControl.cellStarts();
        }
    }

    public void freeMsgId() {
        context().msgId = null;
    }

    public void markForShutdown() {
        shutdownRequested = true;
    }

    public boolean isMarkedForShutdown() {
        return shutdownRequested;
    }

    public void writeToStdOut(String msg) {
        publish(new IOPubStream(IOPubStream.StreamName.OUT, msg));
    }

    public void writeToStdErr(String msg) {
        publish(new IOPubStream(IOPubStream.StreamName.ERR, msg));
    }

    public String readFromStdIn() {
        return stdin.getInput(context().msgId, "", false);
    }

    public <T extends ContentType<T>> void publish(T content) {
        iopub.sendMessage(new Message<>(context().msgId, content.type(), content));
    }

    /** Replies to the calling thread's current request, on the channel that request came in on. */
    public <T extends ContentType<T>> void reply(T content) {
        RequestContext c = context();
        c.replies.sendMessage(new Message<>(c.msgId, content.type(), content));
    }

    public void replyError(MessageType<?> type, ErrorReply error) {
        RequestContext c = context();
        c.replies.sendMessage(new Message(c.msgId, type, error));
    }

    /** Runs {@code action} when the calling thread's current request has been handled (last in, first out). */
    public void scheduleAfter(Runnable action) {
        context().afterActions.push(action);
    }

    /** Runs and forgets the after-actions of the calling thread's context, newest first. */
    public void runAfterActions() {
        RequestContext c = context();
        Runnable action;
        while ((action = c.afterActions.pollFirst()) != null) {
            action.run();
        }
    }

    public void busyThenIdle() {
        publish(IOPubStatus.BUSY);
        scheduleAfter(() -> publish(IOPubStatus.IDLE));
    }
}
