package io.wsstream.jetty.stream;

import java.nio.ByteBuffer;
import java.security.Principal;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

import io.wsstream.api.CloseCodes;
import io.wsstream.api.Message;
import io.wsstream.api.StreamClosedException;
import io.wsstream.api.StreamInfo;
import io.wsstream.api.StreamStatistics;
import io.wsstream.api.WebsocketServerStream;
import io.wsstream.common.stream.ControlFrames;
import io.wsstream.common.stream.SerialExecutor;
import io.wsstream.common.stream.StreamIds;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted connection: Jetty's websocket-core session on one side; on the other the handler
 * ({@link PushServerStream}) or the program ({@link PullServerStream}), chosen once when the stream is made.
 * This class keeps what both have: identity, sending with its outbound budget, counters, closing and keep-alive.
 *
 * <p>The stream is the core {@link FrameHandler} itself, not an endpoint of Jetty's jetty-api layer: that layer
 * assembles every text message in a fresh builder as large as the input buffer, and adds wrappers per frame; the
 * {@link MessageAssembler} makes a message straight from the frame. Jetty calls the frame handler on its I/O threads; what reaches the
 * handler or the subscriber is handed to a {@link SerialExecutor}, so it never overlaps and keeps its order.
 * Core does not demand by itself: the subclass asks for the next frame ({@link #demandNext()}) when its side
 * is ready. That is what gives each stream its backpressure.
 *
 * <p>Over 300 lines because the send path, the closing handshake and Jetty's frame handler share the stream's
 * closed and closing flags on every message; split apart they would cost an indirection per send.
 */
public abstract class ServerStream implements WebsocketServerStream, FrameHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ServerStream.class);

    private final String id = StreamIds.next();
    private volatile Map<String, Object> attributes;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CompletableFuture<Void> closedFuture = new CompletableFuture<>();
    // Counters as updated fields rather than AtomicLong objects: tens of bytes less on every idle stream.
    private static final AtomicLongFieldUpdater<ServerStream> MESSAGES_IN = AtomicLongFieldUpdater.newUpdater(ServerStream.class, "messagesIn");
    private static final AtomicLongFieldUpdater<ServerStream> MESSAGES_OUT = AtomicLongFieldUpdater.newUpdater(ServerStream.class, "messagesOut");
    private static final AtomicLongFieldUpdater<ServerStream> BYTES_IN = AtomicLongFieldUpdater.newUpdater(ServerStream.class, "bytesIn");
    private static final AtomicLongFieldUpdater<ServerStream> BYTES_OUT = AtomicLongFieldUpdater.newUpdater(ServerStream.class, "bytesOut");
    private static final AtomicIntegerFieldUpdater<ServerStream> CLOSING = AtomicIntegerFieldUpdater.newUpdater(ServerStream.class, "closing");
    /** 1 once this side started the closing handshake: later sends fail at once, as Jetty's would. */
    private volatile int closing;
    private volatile long messagesIn;
    private volatile long messagesOut;
    private volatile long bytesIn;
    private volatile long bytesOut;
    private final StreamRegistry registry;
    final HandlerBinding binding;
    private final String path;
    private final String pathInfo;
    private final ServerSide server;
    /** Where the handler's or the subscriber's calls run, one at a time. */
    final SerialExecutor handlerCalls;
    private final OutboundBudget outbound;
    private final Principal principal;
    private final Runnable releaseConnection;
    private final PeerLiveness liveness = new PeerLiveness();
    private final MessageAssembler assembler;
    private final TrafficTaps taps;
    /** The upgrade request's headers (Jetty's immutable fields), for {@link StreamInfo#headers()}. */
    private final HttpFields handshakeHeaders;
    /** Whether a frame has been demanded from Jetty and has not arrived yet. */
    private volatile boolean reading;
    private volatile CoreSession session;
    private volatile StreamInfo info;
    private volatile int closeCode = CloseCodes.ABNORMAL;
    private volatile String closeReason = "";

    ServerStream(StreamRegistry registry, HandlerBinding binding, String path, String pathInfo, ServerSide server, Principal principal,
            Runnable releaseConnection, HttpFields handshakeHeaders) {
        this.registry = registry;
        this.handshakeHeaders = handshakeHeaders;
        this.assembler = new MessageAssembler(registry.codec());
        this.taps = registry.taps();
        this.principal = principal;
        this.releaseConnection = releaseConnection;
        this.binding = binding;
        this.path = path;
        this.pathInfo = pathInfo;
        this.server = server;
        this.handlerCalls = registry.newHandlerCalls();
        this.outbound = new OutboundBudget(server.outboundLimitBytes());
    }

    /** Jetty opened the stream and it is in the registry: hand it to its handler or its program. */
    abstract void opened();

    /** A whole message arrived (Jetty's thread); no further frame is demanded until this side asks. */
    abstract void received(Message message);

    /** Jetty reported a failure (a protocol error of the peer, a lost connection); the close follows. */
    abstract void failed(Throwable cause);

    /** The stream closed and left the registry; the binding must be released once. */
    abstract void ended(int code, String reason);

    /** This side sent its close frame; the peer's close frame must still be read. */
    void closeFrameSent() {
        // Push style demands after each handler call; a pull stream overrides this.
    }

    long handlerServiceId() {
        return binding.serviceId();
    }

    ServerSide server() {
        return server;
    }

    /** @return completed once the stream has closed and left the registry */
    CompletableFuture<Void> closedFuture() {
        return closedFuture;
    }

    /** Drops the connection without a closing handshake: for peers that did not answer one in time. */
    void disconnect() {
        CoreSession current = session;
        if (current != null && !closed.get()) {
            current.abort();
        }
    }

    boolean isHandlerStillRegistered() {
        return binding.isRegistered();
    }

    int handlerCloseCode() {
        return binding.closeCode();
    }

    /**
     * A keep-alive tick, on the timer thread: judges the peer, then sends the next ping.
     *
     * @return {@code true} when the peer stopped answering and the stream should be closed
     */
    boolean keepAliveTick() {
        CoreSession current = session;
        if (current == null || !isOpen()) {
            return false;
        }
        if (liveness.silentSinceLastPing(reading && outbound.queued() == 0)) {
            return true;
        }
        current.sendFrame(new Frame(OpCode.PING), Callback.from(liveness::pingWritten, failure -> {}), false);
        return false;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String pathInfo() {
        return pathInfo;
    }

    @Override
    public StreamInfo info() {
        return info;
    }

    @Override
    public StreamStatistics statistics() {
        return new StreamStatistics(messagesIn, messagesOut, bytesIn, bytesOut, outbound.queued());
    }

    private void countIn(int bytes) {
        MESSAGES_IN.incrementAndGet(this);
        BYTES_IN.addAndGet(this, bytes);
    }

    @Override
    public Map<String, Object> attributes() {
        Map<String, Object> map = attributes;
        if (map == null) {
            // Created on first use: most streams never store anything.
            synchronized (this) {
                map = attributes;
                if (map == null) {
                    attributes = map = new ConcurrentHashMap<>();
                }
            }
        }
        return map;
    }

    @Override
    public boolean isOpen() {
        CoreSession current = session;
        return !closed.get() && current != null && current.isOutputOpen();
    }

    // ---- sending: any thread ----

    @Override
    public CompletionStage<Void> send(Object value) {
        return sendText(registry.codec().encode(value));
    }

    @Override
    public CompletionStage<Void> sendText(String text) {
        return sendText(text, Utf8.length(text));
    }

    /** @param bytes the UTF-8 length of {@code text}, known to the caller (a broadcast measures once) */
    CompletionStage<Void> sendText(String text, int bytes) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        if (admit(written, bytes)) {
            taps.sent(this, text);
            session.sendFrame(new Frame(OpCode.TEXT).setPayload(text), completing(written, bytes), false);
        }
        return written;
    }

    @Override
    public CompletionStage<Void> sendBinary(ByteBuffer bytes) {
        int size = bytes.remaining();
        CompletableFuture<Void> written = new CompletableFuture<>();
        if (admit(written, size)) {
            taps.sent(this, bytes);
            session.sendFrame(new Frame(OpCode.BINARY).setPayload(bytes), completing(written, size), false);
        }
        return written;
    }

    @Override
    public CompletionStage<Void> sendPing(ByteBuffer payload) {
        ControlFrames.checkPingPayload(payload);
        CompletableFuture<Void> written = new CompletableFuture<>();
        if (isOpen()) {
            session.sendFrame(new Frame(OpCode.PING).setPayload(payload), Callback.from(() -> written.complete(null), failure -> written.completeExceptionally(closedException(failure))), false);
        } else {
            written.completeExceptionally(closedException(null));
        }
        return written;
    }

    @Override
    public CompletionStage<Void> close(int code, String reason) {
        String text = ControlFrames.closeReason(code, reason);
        CompletableFuture<Void> written = new CompletableFuture<>();
        CoreSession current = session;
        if (current == null || closed.get()) {
            written.complete(null);
        } else {
            boolean first = CLOSING.getAndSet(this, 1) == 0;
            current.close(code, text, Callback.from(() -> written.complete(null), failure -> written.complete(null)));
            closeFrameSent();
            if (first) {
                // Jetty waits for the peer's close frame until the idle timeout (minutes): a peer that never
                // answers, or never reads, would keep the stream in the manager that long.
                registry.disconnectAfter(this, server.stopTimeout());
            }
        }
        return written;
    }

    /** @return whether the send may go ahead; otherwise {@code written} has failed */
    private boolean admit(CompletableFuture<Void> written, int bytes) {
        // Our own flags, not Session.isOpen(), which takes Jetty's session lock on every send; a send that
        // races with the peer's close fails through its callback instead.
        if (closing != 0 || closed.get() || session == null) {
            written.completeExceptionally(closedException(null));
            return false;
        }
        if (!outbound.take(bytes)) {
            exceedOutboundLimit(bytes);
            written.completeExceptionally(new StreamClosedException(CloseCodes.POLICY_VIOLATION, "outbound limit exceeded"));
            return false;
        }
        return true;
    }

    private void exceedOutboundLimit(int bytes) {
        // Once: sends racing with this one (a broadcast, other threads) find the stream closing.
        if (closed.get() || !CLOSING.compareAndSet(this, 0, 1)) {
            return;
        }
        LOG.warn("stream {}: peer on {} does not read: {} bytes queued, {} more exceed the limit of {}; closing with 1008",
                id, path, outbound.queued(), bytes, outbound.limit());
        server.counters().closedOutboundLimit.increment();
        close(CloseCodes.POLICY_VIOLATION, "outbound limit exceeded");
        // The close frame queues behind the data the peer does not read: do not wait for it forever.
        registry.disconnectLater(this);
    }

    /** The peer did not finish the closing handshake this side started within {@code stop.timeout.ms}. */
    void disconnectUnanswered(long timeoutMillis) {
        CoreSession current = session;
        if (!closed.get() && current != null) {
            LOG.info("stream {}: the peer on {} did not answer the close within {} ms (stop.timeout.ms); disconnecting", id, path,
                    timeoutMillis);
            current.abort();
        }
    }

    void disconnectIfStillOpen() {
        CoreSession current = session;
        if (!closed.get() && current != null) {
            LOG.warn("stream {}: close frame not written in time; disconnecting", id);
            current.abort();
        }
    }

    private Callback completing(CompletableFuture<Void> written, int bytes) {
        return Callback.from(() -> {
            outbound.giveBack(bytes);
            MESSAGES_OUT.incrementAndGet(this);
            BYTES_OUT.addAndGet(this, bytes);
            written.complete(null);
        }, failure -> {
            outbound.giveBack(bytes);
            written.completeExceptionally(closedException(failure));
        });
    }

    private StreamClosedException closedException(Throwable cause) {
        return new StreamClosedException(closeCode, closeReason, cause);
    }

    // ---- Jetty's side: called on I/O threads ----

    @Override
    public void onOpen(CoreSession opened, Callback callback) {
        this.session = opened;
        this.info = new HandshakeInfo(opened, handshakeHeaders, server.name(), principal);
        server.counters().accepted.increment();
        registry.opened(this);
        LOG.debug("stream {}: opened on {} from {}{}", id, path, info.remoteAddress(),
                principal == null ? "" : " as " + principal.getName());
        callback.succeeded();
        opened();
    }

    @Override
    public void onFrame(Frame frame, Callback callback) {
        frameArrived();
        switch (frame.getOpCode()) {
            case OpCode.PING:
                // The pong carries the ping's payload, which is valid until the frame's callback completes.
                session.sendFrame(new Frame(OpCode.PONG).setPayload(frame.getPayload()), Callback.from(() -> {
                    callback.succeeded();
                    demandNext();
                }, failure -> {
                    // The output may have closed while the ping arrived; the close follows.
                    callback.succeeded();
                    demandNext();
                }), false);
                break;
            case OpCode.PONG:
                callback.succeeded();
                demandNext();
                break;
            case OpCode.CLOSE:
                CloseStatus status = CloseStatus.getCloseStatus(frame);
                // Core answers the close frame once the callback succeeded.
                callback.succeeded();
                ended(status);
                break;
            default:
                dataFrame(frame, callback);
        }
    }

    private void dataFrame(Frame frame, Callback callback) {
        Message message;
        try {
            message = assembler.accept(frame, session);
        } catch (RuntimeException invalid) {
            // Core closes with the code the exception carries (1007, 1009) and reports it to onError.
            callback.failed(invalid);
            return;
        }
        // The message no longer refers to the frame's payload: Jetty may reuse it.
        callback.succeeded();
        if (message == null) {
            demandNext(); // more fragments of the message
        } else {
            countIn(assembler.completedBytes());
            taps.received(this, message);
            received(message);
        }
    }

    @Override
    public void onError(Throwable cause, Callback callback) {
        LOG.info("stream {}: {} on {}", id, cause.toString(), path);
        releaseConnection.run();
        callback.succeeded();
        failed(cause);
    }

    @Override
    public void onClosed(CloseStatus status, Callback callback) {
        callback.succeeded();
        ended(status);
    }

    /** The peer's close frame arrived or the connection ended, whichever first: the stream is closed once. */
    private void ended(CloseStatus status) {
        if (status == null || !closed.compareAndSet(false, true)) {
            return;
        }
        closeCode = status.getCode();
        closeReason = status.getReason() == null ? "" : status.getReason();
        releaseConnection.run();
        server.counters().streamEnded(statistics(), binding.handlerPath(), closeCode, () -> registry.closed(this));
        closedFuture.complete(null);
        LOG.debug("stream {}: closed {} {}", id, closeCode, closeReason);
        ended(closeCode, closeReason);
    }

    private void frameArrived() {
        reading = false;
        liveness.heard();
    }

    /**
     * Asks Jetty for the next frame. Also after our own close frame went out: the peer's close frame
     * must still be read for the closing handshake to finish.
     */
    final void demandNext() {
        CoreSession current = session;
        if (current != null && !closed.get()) {
            try {
                reading = true;
                current.demand();
            } catch (IllegalStateException inputClosed) {
                // The connection ended between the check and the call; onWebSocketClose follows.
            }
        }
    }

    @Override
    public String toString() {
        return "stream " + id + " on " + path;
    }
}
