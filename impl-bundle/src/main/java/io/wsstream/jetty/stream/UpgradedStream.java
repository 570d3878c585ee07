package io.wsstream.jetty.stream;

import java.nio.ByteBuffer;
import java.security.Principal;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.wsstream.api.CloseCodes;
import io.wsstream.api.StreamClosedException;
import io.wsstream.api.StreamInfo;
import io.wsstream.api.StreamStatistics;
import io.wsstream.api.WebsocketServerStream;
import io.wsstream.common.stream.ControlFrames;
import io.wsstream.common.stream.StreamIds;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.WebSocketConnection;
import org.eclipse.jetty.websocket.core.WebSocketCoreSession;

/**
 * A session that another bundle's upgrader opened (a Jakarta endpoint's, see
 * {@link io.wsstream.jetty.whiteboard.RouteSource}), seen as a server stream through its websocket-core session:
 * listed, sent to, pinged and closed by wsstream, while the upgrader's own frame handler serves it.
 *
 * <p>Sends go to the core session as whole messages; they do not wait for each other, as the upgrader's own sends
 * do not. Its statistics are its connection's: frames (control frames too) and bytes on the wire, counted by Jetty.
 * Thread safe; the keep-alive tick runs on the wsstream timer thread only.
 */
final class UpgradedStream implements WebsocketServerStream {
    private final String id = StreamIds.next();
    private final UpgradedStreams owner;
    private final CoreSession session;
    /** Jetty's connection under the session, whose counters are the stream's statistics; {@code null} if unknown. */
    private final WebSocketConnection connection;
    private final String path;
    private final String pathInfo;
    private final long upgraderServiceId;
    private final ServerSide server;
    private final StreamInfo info;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Map<String, Object> attributes;
    private volatile boolean pingWritten;
    /** Timer thread only: the connection's frame count when the previous keep-alive ping was sent. */
    private long framesAtPing = -1;

    UpgradedStream(UpgradedStreams owner, CoreSession session, String path, String pathInfo, long upgraderServiceId, ServerSide server,
            Principal principal, HttpFields handshakeHeaders) {
        this.owner = owner;
        this.session = session;
        this.connection = session instanceof WebSocketCoreSession core ? core.getConnection() : null;
        this.path = path;
        this.pathInfo = pathInfo;
        this.upgraderServiceId = upgraderServiceId;
        this.server = server;
        this.info = new HandshakeInfo(session, handshakeHeaders, server.name(), principal);
    }

    long upgraderServiceId() {
        return upgraderServiceId;
    }

    ServerSide server() {
        return server;
    }

    /** @return {@code true} the first time only: the stream ended now */
    boolean markEnded() {
        return ended.compareAndSet(false, true);
    }

    /**
     * A keep-alive tick, on the timer thread: judges the peer, then sends the next ping. The peer is silent when no
     * frame at all arrived since the previous ping went out.
     *
     * @return {@code true} when the peer stopped answering and the stream should be closed
     */
    boolean keepAliveTick() {
        if (!isOpen() || connection == null) {
            return false;
        }
        long frames = connection.getMessagesIn();
        boolean silent = pingWritten && frames == framesAtPing;
        framesAtPing = frames;
        pingWritten = false;
        if (silent) {
            return true;
        }
        session.sendFrame(new Frame(OpCode.PING), Callback.from(() -> pingWritten = true, failure -> {}), false);
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
        WebSocketConnection counted = connection;
        return counted == null ? new StreamStatistics(0, 0, 0, 0)
                : new StreamStatistics(counted.getMessagesIn(), counted.getMessagesOut(), counted.getBytesIn(), counted.getBytesOut());
    }

    @Override
    public boolean isOpen() {
        return !ended.get() && session.isOutputOpen();
    }

    @Override
    public Map<String, Object> attributes() {
        Map<String, Object> map = attributes;
        if (map == null) {
            synchronized (this) {
                map = attributes;
                if (map == null) {
                    attributes = map = new ConcurrentHashMap<>();
                }
            }
        }
        return map;
    }

    /** Encoded as JSON by the server's codec, as for every server stream: the upgrader's encoders are not asked. */
    @Override
    public CompletionStage<Void> send(Object value) {
        return sendText(owner.codec().encode(value));
    }

    @Override
    public CompletionStage<Void> sendText(String text) {
        return sendFrame(new Frame(OpCode.TEXT).setPayload(text));
    }

    @Override
    public CompletionStage<Void> sendBinary(ByteBuffer bytes) {
        return sendFrame(new Frame(OpCode.BINARY).setPayload(bytes));
    }

    @Override
    public CompletionStage<Void> sendPing(ByteBuffer payload) {
        ControlFrames.checkPingPayload(payload);
        return sendFrame(new Frame(OpCode.PING).setPayload(payload));
    }

    private CompletionStage<Void> sendFrame(Frame frame) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        if (closing.get() || !isOpen()) {
            written.completeExceptionally(new StreamClosedException(CloseCodes.ABNORMAL, "stream closed"));
            return written;
        }
        session.sendFrame(frame, Callback.from(() -> written.complete(null),
                failure -> written.completeExceptionally(new StreamClosedException(CloseCodes.ABNORMAL, "stream closed", failure))), false);
        return written;
    }

    /**
     * Closes through the core session, so the upgrader's endpoint learns the code as from a peer's close; a peer
     * that does not answer is disconnected after {@code stop.timeout.ms}, as for every close this side starts.
     */
    @Override
    public CompletionStage<Void> close(int code, String reason) {
        String text = ControlFrames.closeReason(code, reason);
        CompletableFuture<Void> written = new CompletableFuture<>();
        if (ended.get() || !session.isOutputOpen()) {
            written.complete(null);
            return written;
        }
        boolean first = closing.compareAndSet(false, true);
        session.close(code, text, Callback.from(() -> written.complete(null), failure -> written.complete(null)));
        if (first) {
            owner.disconnectAfter(this, server.stopTimeout());
        }
        return written;
    }

    /** Drops the connection if the closing handshake this side started has not finished. */
    void disconnectUnanswered() {
        if (!ended.get() && !session.isClosed()) {
            session.abort();
        }
    }

    @Override
    public String toString() {
        return "upgraded stream " + id + " on " + path;
    }
}
