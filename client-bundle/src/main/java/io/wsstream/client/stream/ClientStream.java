package io.wsstream.client.stream;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

import io.wsstream.api.CloseCodes;
import io.wsstream.api.Message;
import io.wsstream.api.client.ClientOptions;
import io.wsstream.api.client.ReconnectPolicy;
import io.wsstream.api.client.WebsocketClientStream;
import io.wsstream.common.codec.JsonCodec;
import io.wsstream.common.stream.ControlFrames;
import io.wsstream.common.stream.InboxPullStream;
import io.wsstream.common.stream.PullInbox;
import io.wsstream.common.stream.SerialExecutor;
import io.wsstream.common.stream.StreamIds;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One client stream: a {@link WebsocketClientStream} over a succession of Jetty sessions, one at a time. Without a
 * {@link ReconnectPolicy} there is exactly one; with one, a connection that fails or drops with a
 * {@linkplain ReconnectPolicy#RECONNECT_CODES reconnectable code} is replaced, and the stream's subscriber,
 * its demand and its attributes carry over. This class is the stream's face: its identity, sending and the
 * pull side; which connection it has, and its closing and end, are its {@link ConnectionState}'s.
 *
 * <p>The listeners do not auto-demand: a frame is read from the network only when the subscriber has demand
 * (see {@link PullInbox}), as on the server. Jetty calls the listeners on its I/O threads; the subscriber is
 * called on a {@link SerialExecutor}. Any thread may send or close.
 */
public final class ClientStream implements WebsocketClientStream, InboxPullStream {
    private final String id = StreamIds.next();
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    private final URI uri;
    private final ClientOptions options;
    private final JsonCodec codec;
    private final PullInbox inbox;
    private final ConnectionState state;

    public ClientStream(URI uri, ClientOptions options, Dialer dialer, ScheduledExecutorService timer, Executor signals,
            JsonCodec codec) {
        this.uri = uri;
        this.options = options;
        this.codec = codec;
        this.inbox = new PullInbox(new SerialExecutor(signals), this::readNext,
                () -> close(CloseCodes.NORMAL, "consumer cancelled"));
        this.state = new ConnectionState(this, inbox, dialer, timer);
    }

    /** Makes the first attempt; {@link #opened()} tells how it went. */
    public void start() {
        state.start();
    }

    /** @return completed with this stream once a connection is open, or exceptionally when none could be made */
    public CompletionStage<WebsocketClientStream> opened() {
        return state.opened();
    }

    /** @return completed once the stream has ended for good, opened or not */
    public CompletionStage<Void> ended() {
        return state.ended();
    }

    /** Closes with the code, or gives up connecting; @return {@link #ended()} */
    public CompletionStage<Void> shutdown(int code, String reason) {
        close(code, reason);
        return state.ended();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Map<String, Object> attributes() {
        return attributes;
    }

    @Override
    public boolean isOpen() {
        Session session = state.openSession();
        return session != null && session.isOpen();
    }

    // ---- sending: any thread ----

    @Override
    public CompletionStage<Void> send(Object value) {
        return sendText(codec.encode(value));
    }

    @Override
    public CompletionStage<Void> sendText(String text) {
        Session session = state.openSession();
        if (session == null) {
            return notOpen();
        }
        CompletableFuture<Void> written = new CompletableFuture<>();
        session.sendText(text, completing(written));
        return written;
    }

    @Override
    public CompletionStage<Void> sendBinary(ByteBuffer bytes) {
        Session session = state.openSession();
        if (session == null) {
            return notOpen();
        }
        CompletableFuture<Void> written = new CompletableFuture<>();
        session.sendBinary(bytes, completing(written));
        return written;
    }

    @Override
    public CompletionStage<Void> sendPing(ByteBuffer payload) {
        ControlFrames.checkPingPayload(payload);
        Session session = state.openSession();
        if (session == null) {
            return notOpen();
        }
        CompletableFuture<Void> written = new CompletableFuture<>();
        session.sendPing(payload, completing(written));
        return written;
    }

    private CompletableFuture<Void> notOpen() {
        return CompletableFuture.failedFuture(state.closedException(null));
    }

    private Callback completing(CompletableFuture<Void> written) {
        return Callback.from(() -> written.complete(null), failure -> written.completeExceptionally(state.closedException(failure)));
    }

    @Override
    public CompletionStage<Void> close(int code, String reason) {
        return state.close(code, ControlFrames.closeReason(code, reason));
    }

    // ---- for the stream's connections ----

    ConnectionState state() {
        return state;
    }

    /** A message arrived on the current connection (Jetty's thread); its read is answered. */
    void received(Message message) {
        inbox.deliver(message);
    }

    URI uri() {
        return uri;
    }

    ClientOptions options() {
        return options;
    }

    JsonCodec codec() {
        return codec;
    }

    /** Asks the current connection for one frame; nothing while there is none (the next one asks when it opens). */
    private void readNext() {
        ClientConnection connection = state.current();
        if (connection != null) {
            connection.demand();
        }
    }

    @Override
    public PullInbox inbox() {
        return inbox;
    }

    @Override
    public String toString() {
        return "client stream " + id + " to " + uri;
    }
}
