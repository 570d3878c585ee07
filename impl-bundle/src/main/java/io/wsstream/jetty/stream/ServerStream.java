package io.wsstream.jetty.stream;

import java.nio.ByteBuffer;
import java.security.Principal;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.wsstream.api.CloseCodes;
import io.wsstream.api.Message;
import io.wsstream.api.StreamClosedException;
import io.wsstream.api.StreamInfo;
import io.wsstream.api.StreamStatistics;
import io.wsstream.api.WebsocketServerStream;
import io.wsstream.common.stream.SerialExecutor;
import io.wsstream.common.stream.StreamIds;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted connection: Jetty's websocket-core session on one side; on the other the handler
 * ({@link PushServerStream}) or the program ({@link PullServerStream}), chosen once when the stream is made.
 * This class keeps what both have: the stream's identity and its life from open to closed; its
 * {@link StreamSender} sends (the outbound budget, the close this side starts) and its {@link FrameReceiver}
 * receives (frames into messages, demand, keep-alive).
 *
 * <p>The stream is the core {@link FrameHandler} itself, not an endpoint of Jetty's jetty-api layer: that layer
 * assembles every text message in a fresh builder as large as the input buffer, and adds wrappers per frame; the
 * {@link MessageAssembler} makes a message straight from the frame. Jetty calls the frame handler on its I/O
 * threads; what reaches the handler or the subscriber is handed to a {@link SerialExecutor}, so it never overlaps
 * and keeps its order. The subclass asks for the next frame ({@link #demandNext()}) when its side is ready.
 */
public abstract class ServerStream implements WebsocketServerStream, FrameHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ServerStream.class);

    private final String id = StreamIds.next();
    private volatile Map<String, Object> attributes;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CompletableFuture<Void> closedFuture = new CompletableFuture<>();
    private final StreamRegistry registry;
    final HandlerBinding binding;
    private final String path;
    private final String pathInfo;
    private final ServerSide server;
    /** Where the handler's or the subscriber's calls run, one at a time. */
    final SerialExecutor handlerCalls;
    private final StreamSender sender;
    private final FrameReceiver receiver;
    private final Principal principal;
    private final Runnable releaseConnection;
    /** The upgrade request's headers (Jetty's immutable fields), for {@link StreamInfo#headers()}. */
    private final HttpFields handshakeHeaders;
    private volatile CoreSession session;
    private volatile StreamInfo info;
    private volatile int closeCode = CloseCodes.ABNORMAL;
    private volatile String closeReason = "";

    ServerStream(StreamRegistry registry, HandlerBinding binding, String path, String pathInfo, ServerSide server, Principal principal,
            Runnable releaseConnection, HttpFields handshakeHeaders) {
        this.registry = registry;
        this.handshakeHeaders = handshakeHeaders;
        this.principal = principal;
        this.releaseConnection = releaseConnection;
        this.binding = binding;
        this.path = path;
        this.pathInfo = pathInfo;
        this.server = server;
        this.handlerCalls = registry.newHandlerCalls();
        this.sender = new StreamSender(this, registry, server);
        this.receiver = new FrameReceiver(this, registry);
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

    boolean isHandlerStillRegistered() {
        return binding.isRegistered();
    }

    int handlerCloseCode() {
        return binding.closeCode();
    }

    /** A keep-alive tick, on the timer thread; @return whether the peer stopped answering: close the stream */
    boolean keepAliveTick() {
        return receiver.keepAliveTick(sender);
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
        return new StreamStatistics(receiver.messagesIn(), sender.messagesOut(), receiver.bytesIn(), sender.bytesOut(), sender.queued());
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

    /** @return the session once Jetty opened the stream, {@code null} before */
    final CoreSession session() {
        return session;
    }

    /** @return whether the stream has closed: the peer's close frame arrived or the connection ended */
    final boolean isClosed() {
        return closed.get();
    }

    // ---- sending: any thread, by the stream's sender ----

    @Override
    public CompletionStage<Void> send(Object value) {
        return sendText(registry.codec().encode(value));
    }

    @Override
    public CompletionStage<Void> sendText(String text) {
        return sender.sendText(text, Utf8.length(text));
    }

    /** @param bytes the UTF-8 length of {@code text}, known to the caller (a broadcast measures once) */
    CompletionStage<Void> sendText(String text, int bytes) {
        return sender.sendText(text, bytes);
    }

    @Override
    public CompletionStage<Void> sendBinary(ByteBuffer bytes) {
        return sender.sendBinary(bytes);
    }

    @Override
    public CompletionStage<Void> sendPing(ByteBuffer payload) {
        return sender.sendPing(payload);
    }

    @Override
    public CompletionStage<Void> close(int code, String reason) {
        return sender.close(code, reason);
    }

    /** Drops the connection without a closing handshake: for peers that did not answer one in time. */
    void disconnect() {
        CoreSession current = session;
        if (current != null && !closed.get()) {
            current.abort();
        }
    }

    /** The peer did not finish the closing handshake this side started within {@code stop.timeout.ms}. */
    void disconnectUnanswered(long timeoutMillis) {
        if (!closed.get() && session != null) {
            LOG.info("stream {}: the peer on {} did not answer the close within {} ms (stop.timeout.ms); disconnecting", id, path,
                    timeoutMillis);
            disconnect();
        }
    }

    void disconnectIfStillOpen() {
        if (!closed.get() && session != null) {
            LOG.warn("stream {}: close frame not written in time; disconnecting", id);
            disconnect();
        }
    }

    final StreamClosedException closedException(Throwable cause) {
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
        receiver.onFrame(frame, callback);
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
    final void ended(CloseStatus status) {
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

    /** Asks Jetty for the next frame ({@link FrameReceiver#demandNext()}): the stream's backpressure. */
    final void demandNext() {
        receiver.demandNext();
    }

    @Override
    public String toString() {
        return "stream " + id + " on " + path;
    }
}
