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
import io.wsstream.common.codec.ReceivedMessage;
import io.wsstream.common.stream.ControlFrames;
import io.wsstream.common.stream.SerialExecutor;
import io.wsstream.common.stream.StreamIds;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted connection: Jetty's listener on one side; on the other the handler
 * ({@link PushServerStream}) or the program ({@link PullServerStream}), chosen once when the stream is made.
 * This class keeps what both have: identity, sending with its outbound budget, counters, closing and keep-alive.
 *
 * <p>Jetty calls the listener methods on its I/O threads; what reaches the handler or the subscriber is handed to a
 * {@link SerialExecutor}, so it never overlaps and keeps its order. The listener does not auto-demand: the
 * subclass asks for the next frame ({@link #demandNext()}) when its side is ready. That is what gives each
 * stream its backpressure.
 *
 * <p>Over 300 lines because the send path, the closing handshake and Jetty's listener share the stream's closed
 * and closing flags on every message; split apart they would cost an indirection per send.
 */
public abstract class ServerStream implements WebsocketServerStream, Session.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(ServerStream.class);
    private static final ByteBuffer KEEP_ALIVE_PAYLOAD = ByteBuffer.allocate(0);

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
    /** Whether a frame has been demanded from Jetty and has not arrived yet. */
    private volatile boolean reading;
    private volatile Session session;
    private volatile StreamInfo info;
    private volatile int closeCode = CloseCodes.ABNORMAL;
    private volatile String closeReason = "";

    ServerStream(StreamRegistry registry, HandlerBinding binding, String path, String pathInfo, ServerSide server, Principal principal,
            Runnable releaseConnection) {
        this.registry = registry;
        this.principal = principal;
        this.releaseConnection = releaseConnection;
        this.binding = binding;
        this.path = path;
        this.pathInfo = pathInfo;
        this.server = server;
        this.handlerCalls = new SerialExecutor(registry.handlerThreads());
        this.outbound = new OutboundBudget(server.outboundLimitBytes());
    }

    /** Jetty opened the stream and it is in the registry: hand it to its handler or its program. */
    abstract void opened();

    /** A whole message arrived (Jetty's thread); no further frame is demanded until this side asks. */
    abstract void received(Message message);

    /** Jetty reported a failure; the close follows. */
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
        Session current = session;
        if (current != null && !closed.get()) {
            current.disconnect();
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
        Session current = session;
        if (current == null || !isOpen()) {
            return false;
        }
        if (liveness.silentSinceLastPing(reading && outbound.queued() == 0)) {
            return true;
        }
        current.sendPing(KEEP_ALIVE_PAYLOAD.slice(), Callback.from(liveness::pingWritten, failure -> {}));
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
        return new StreamStatistics(messagesIn, messagesOut, bytesIn, bytesOut);
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
        Session current = session;
        return !closed.get() && current != null && current.isOpen();
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
            session.sendText(text, completing(written, bytes));
        }
        return written;
    }

    @Override
    public CompletionStage<Void> sendBinary(ByteBuffer bytes) {
        int size = bytes.remaining();
        CompletableFuture<Void> written = new CompletableFuture<>();
        if (admit(written, size)) {
            session.sendBinary(bytes, completing(written, size));
        }
        return written;
    }

    @Override
    public CompletionStage<Void> sendPing(ByteBuffer payload) {
        ControlFrames.checkPingPayload(payload);
        CompletableFuture<Void> written = new CompletableFuture<>();
        if (isOpen()) {
            session.sendPing(payload, Callback.from(() -> written.complete(null), failure -> written.completeExceptionally(closedException(failure))));
        } else {
            written.completeExceptionally(closedException(null));
        }
        return written;
    }

    @Override
    public CompletionStage<Void> close(int code, String reason) {
        String text = ControlFrames.closeReason(code, reason);
        CompletableFuture<Void> written = new CompletableFuture<>();
        Session current = session;
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
        Session current = session;
        if (!closed.get() && current != null) {
            LOG.info("stream {}: the peer on {} did not answer the close within {} ms (stop.timeout.ms); disconnecting", id, path,
                    timeoutMillis);
            current.disconnect();
        }
    }

    void disconnectIfStillOpen() {
        Session current = session;
        if (!closed.get() && current != null) {
            LOG.warn("stream {}: close frame not written in time; disconnecting", id);
            current.disconnect();
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
    public void onWebSocketOpen(Session opened) {
        this.session = opened;
        this.info = new HandshakeInfo(opened, server.name(), principal);
        server.counters().accepted.increment();
        registry.opened(this);
        LOG.debug("stream {}: opened on {} from {}{}", id, path, info.remoteAddress(),
                principal == null ? "" : " as " + principal.getName());
        opened();
    }

    @Override
    public void onWebSocketText(String text) {
        frameArrived();
        countIn(Utf8.length(text));
        received(ReceivedMessage.text(registry.codec(), text));
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        frameArrived();
        // Jetty reuses the buffer once the callback completes; the message must outlive the call.
        ByteBuffer copy = ByteBuffer.allocate(payload.remaining());
        copy.put(payload).flip();
        callback.succeed();
        countIn(copy.remaining());
        received(ReceivedMessage.binary(registry.codec(), copy));
    }

    @Override
    public void onWebSocketPing(ByteBuffer payload) {
        frameArrived();
        session.sendPong(payload, Callback.NOOP);
        demandNext();
    }

    @Override
    public void onWebSocketPong(ByteBuffer payload) {
        frameArrived();
        demandNext();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.info("stream {}: {} on {}", id, cause.toString(), path);
        releaseConnection.run();
        failed(cause);
    }

    @Override
    public void onWebSocketClose(int code, String reason, Callback callback) {
        callback.succeed();
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeCode = code;
        closeReason = reason == null ? "" : reason;
        releaseConnection.run();
        server.counters().streamEnded(statistics(), () -> registry.closed(this));
        closedFuture.complete(null);
        LOG.debug("stream {}: closed {} {}", id, code, closeReason);
        ended(code, closeReason);
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
        Session current = session;
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
