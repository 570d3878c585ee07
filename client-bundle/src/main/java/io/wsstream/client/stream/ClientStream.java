package io.wsstream.client.stream;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.wsstream.api.CloseCodes;
import io.wsstream.api.Message;
import io.wsstream.api.StreamClosedException;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client stream: a {@link WebsocketClientStream} over a succession of Jetty sessions, one at a time. Without a
 * {@link ReconnectPolicy} there is exactly one; with one, a connection that fails or drops with a
 * {@linkplain ReconnectPolicy#RECONNECT_CODES reconnectable code} is replaced, and the stream's subscriber,
 * its demand and its attributes carry over.
 *
 * <p>The listeners do not auto-demand: a frame is read from the network only when the subscriber has demand
 * (see {@link PullInbox}), as on the server. Jetty calls the listeners on its I/O threads; the subscriber is
 * called on a {@link SerialExecutor}.
 *
 * <p>Over 300 lines because sending, closing and replacing the connection share one lock and the stream's
 * current connection, closing flag and end; Jetty's listener ({@link ClientConnection}) and the pull side
 * ({@link PullInbox}) are apart already.
 */
public final class ClientStream implements WebsocketClientStream, InboxPullStream {
    private static final Logger LOG = LoggerFactory.getLogger(ClientStream.class);
    /** How long a close may wait for the peer's close frame before the connection is dropped. */
    static final Duration CLOSE_HANDSHAKE_TIMEOUT = Duration.ofSeconds(5);

    /** Opens one Jetty session to the stream's URI with the given listener. */
    @FunctionalInterface
    public interface Dialer {
        CompletableFuture<Session> dial(Session.Listener listener) throws Exception;
    }

    private final String id = StreamIds.next();
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    private final URI uri;
    private final ClientOptions options;
    private final Dialer dialer;
    private final ScheduledExecutorService timer;
    private final JsonCodec codec;
    private final PullInbox inbox;
    private final CompletableFuture<WebsocketClientStream> opened = new CompletableFuture<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final Object lock = new Object();

    // written under lock, read without it
    private volatile ClientConnection current;
    private volatile boolean closing;
    private volatile int closeCode = CloseCodes.ABNORMAL;
    private volatile String closeReason = "";
    // guarded by lock
    private int retries;
    private Future<?> pendingRetry;
    private CompletableFuture<Session> pendingDial;

    public ClientStream(URI uri, ClientOptions options, Dialer dialer, ScheduledExecutorService timer, Executor signals,
            JsonCodec codec) {
        this.uri = uri;
        this.options = options;
        this.dialer = dialer;
        this.timer = timer;
        this.codec = codec;
        this.inbox = new PullInbox(new SerialExecutor(signals), this::readNext,
                () -> close(CloseCodes.NORMAL, "consumer cancelled"));
    }

    /** Makes the first attempt; {@link #opened()} tells how it went. */
    public void start() {
        dial();
    }

    /** @return completed with this stream once a connection is open, or exceptionally when none could be made */
    public CompletionStage<WebsocketClientStream> opened() {
        return opened;
    }

    /** @return completed once the stream has ended for good, opened or not */
    public CompletionStage<Void> ended() {
        return ended;
    }

    /** Closes with the code, or gives up connecting; @return {@link #ended()} */
    public CompletionStage<Void> shutdown(int code, String reason) {
        close(code, reason);
        return ended;
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
        Session session = openSession();
        return session != null && session.isOpen();
    }

    // ---- sending: any thread ----

    @Override
    public CompletionStage<Void> send(Object value) {
        return sendText(codec.encode(value));
    }

    @Override
    public CompletionStage<Void> sendText(String text) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        Session session = openSession();
        if (session == null) {
            written.completeExceptionally(closedException(null));
        } else {
            session.sendText(text, completing(written));
        }
        return written;
    }

    @Override
    public CompletionStage<Void> sendBinary(ByteBuffer bytes) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        Session session = openSession();
        if (session == null) {
            written.completeExceptionally(closedException(null));
        } else {
            session.sendBinary(bytes, completing(written));
        }
        return written;
    }

    @Override
    public CompletionStage<Void> sendPing(ByteBuffer payload) {
        ControlFrames.checkPingPayload(payload);
        CompletableFuture<Void> written = new CompletableFuture<>();
        Session session = openSession();
        if (session == null) {
            written.completeExceptionally(closedException(null));
        } else {
            session.sendPing(payload, completing(written));
        }
        return written;
    }

    private Session openSession() {
        ClientConnection connection = current;
        return connection == null || closing ? null : connection.session();
    }

    private Callback completing(CompletableFuture<Void> written) {
        return Callback.from(() -> written.complete(null), failure -> written.completeExceptionally(closedException(failure)));
    }

    private StreamClosedException closedException(Throwable cause) {
        return new StreamClosedException(closeCode, closeReason, cause);
    }

    // ---- closing ----

    @Override
    public CompletionStage<Void> close(int code, String reason) {
        String text = ControlFrames.closeReason(code, reason);
        ClientConnection connection;
        synchronized (lock) {
            if (closing || ended.isDone()) {
                return CompletableFuture.completedFuture(null);
            }
            closing = true;
            connection = current;
            cancelPendingAttempts();
        }
        if (connection == null) {
            // Connecting or waiting to reconnect: nothing to close on the wire.
            end(code, text);
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> written = new CompletableFuture<>();
        connection.session().close(code, text, Callback.from(() -> written.complete(null), failure -> written.complete(null)));
        // A paused consumer has no read outstanding; the peer's close frame must still be read.
        inbox.drainForClose();
        timer.schedule(() -> {
            if (!ended.isDone()) {
                LOG.info("client stream {}: no close frame from {} within {} ms; disconnecting", id, uri,
                        CLOSE_HANDSHAKE_TIMEOUT.toMillis());
                connection.session().disconnect();
            }
        }, CLOSE_HANDSHAKE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return written;
    }

    private void cancelPendingAttempts() {
        if (pendingRetry != null) {
            pendingRetry.cancel(false);
            pendingRetry = null;
        }
        if (pendingDial != null) {
            pendingDial.cancel(false);
            pendingDial = null;
        }
    }

    /** The stream is over: no connection, no further attempt. Idempotent. */
    private void end(int code, String reason) {
        synchronized (lock) {
            if (ended.isDone()) {
                return;
            }
            current = null;
            closeCode = code;
            closeReason = reason;
            ended.complete(null);
        }
        LOG.debug("client stream {}: ended {} {}", id, code, reason);
        inbox.close(code, reason);
        opened.completeExceptionally(new StreamClosedException(code, reason));
    }

    // ---- connecting and reconnecting ----

    private void dial() {
        ClientConnection connection = new ClientConnection(this);
        CompletableFuture<Session> dialing;
        synchronized (lock) {
            if (closing || ended.isDone()) {
                return;
            }
            dialing = dialSafely(connection);
            pendingDial = dialing;
        }
        dialing.whenComplete((session, failure) -> {
            if (failure != null) {
                dialFailed(dialing, ConnectFailures.describe(uri, failure, options.connectTimeout()));
            }
        });
    }

    private CompletableFuture<Session> dialSafely(ClientConnection connection) {
        try {
            return dialer.dial(connection);
        } catch (Exception | LinkageError e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void dialFailed(CompletableFuture<Session> dialing, Throwable failure) {
        synchronized (lock) {
            if (pendingDial == dialing) {
                pendingDial = null;
            }
            if (closing || ended.isDone()) {
                return;
            }
        }
        if (!retryLater("connecting to " + uri + " failed: " + failure)) {
            if (!opened.isDone()) {
                LOG.debug("client stream {}: {}", id, failure.toString());
                opened.completeExceptionally(failure);
                end(CloseCodes.ABNORMAL, "connection failed: " + failure.getMessage());
            } else {
                end(closeCode, closeReason);
            }
        }
    }

    /** @return whether a retry was scheduled; {@code false} when the policy allows none (more) */
    private boolean retryLater(String why) {
        Optional<ReconnectPolicy> policy = options.reconnect();
        synchronized (lock) {
            if (policy.isEmpty() || closing || ended.isDone() || !policy.get().allows(retries + 1)) {
                if (policy.isPresent()) {
                    LOG.info("client stream {}: {}; giving up after {} retries", id, why, retries);
                }
                return false;
            }
            retries++;
            long delay = policy.get().delayBefore(retries).toMillis();
            long jittered = delay - (long) (delay * 0.2 * ThreadLocalRandom.current().nextDouble());
            LOG.info("client stream {}: {}; retry {} in {} ms", id, why, retries, jittered);
            pendingRetry = timer.schedule(this::dial, jittered, TimeUnit.MILLISECONDS);
            return true;
        }
    }

    /** A connection opened (Jetty's thread): it becomes the current one, unless the stream is closing. */
    void connected(ClientConnection connection) {
        boolean abandon;
        synchronized (lock) {
            pendingDial = null;
            abandon = closing || ended.isDone();
            if (!abandon) {
                current = connection;
                retries = 0;
                // A read outstanding on the previous connection carries over to this one.
                if (inbox.readOutstanding()) {
                    connection.demand();
                }
            }
        }
        if (abandon) {
            connection.session().close(CloseCodes.GOING_AWAY, "closed while connecting", Callback.NOOP);
            connection.demand();
            return;
        }
        if (opened.complete(this)) {
            LOG.debug("client stream {}: open to {}", id, uri);
        } else {
            LOG.info("client stream {}: reconnected to {}", id, uri);
        }
    }

    /** A connection closed (Jetty's thread): the stream ends, or reconnects as its policy says. */
    void connectionClosed(ClientConnection connection, int code, String reason) {
        boolean reconnect;
        synchronized (lock) {
            if (connection != current) {
                return; // abandoned while connecting, or already replaced
            }
            current = null;
            closeCode = code;
            closeReason = reason;
            reconnect = !closing && ReconnectPolicy.RECONNECT_CODES.contains(code);
        }
        if (!reconnect || !retryLater("connection closed " + code + " " + reason)) {
            end(code, reason);
        }
    }

    /** @return whether {@code connection} is the stream's connection now (not one abandoned while connecting) */
    boolean isCurrent(ClientConnection connection) {
        return current == connection;
    }

    /** A message arrived on the current connection (Jetty's thread); its read is answered. */
    void received(Message message) {
        inbox.deliver(message);
    }

    ClientOptions options() {
        return options;
    }

    JsonCodec codec() {
        return codec;
    }

    /** Asks the current connection for one frame; nothing while there is none (the next one asks when it opens). */
    private void readNext() {
        ClientConnection connection = current;
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
