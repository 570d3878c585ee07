package io.wsstream.client.stream;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;

import io.wsstream.api.CloseCodes;
import io.wsstream.api.StreamClosedException;
import io.wsstream.api.client.ReconnectPolicy;
import io.wsstream.api.client.WebsocketClientStream;
import io.wsstream.common.stream.PullInbox;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where one {@link ClientStream} stands: the connection it has now (none while it connects or waits to reconnect),
 * whether it is closing, and how it ended. Connections come and go as their {@link ClientConnection} reports; a
 * connection that fails or drops with a {@linkplain ReconnectPolicy#RECONNECT_CODES reconnectable code} is replaced
 * by {@link ConnectionAttempts} as the policy allows; a close of the stream ends the attempts.
 *
 * <p>Changes are made under one lock, which {@link ConnectionAttempts} shares; what the send path reads is volatile
 * and read without it. Called on Jetty's I/O threads, the client's timer and the thread that closes the stream.
 */
final class ConnectionState {
    /** The stream's logger: one category for a client stream's lines. */
    private static final Logger LOG = LoggerFactory.getLogger(ClientStream.class);

    private final ClientStream stream;
    private final PullInbox inbox;
    private final ScheduledExecutorService timer;
    private final ConnectionAttempts attempts;
    private final CompletableFuture<WebsocketClientStream> opened = new CompletableFuture<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final Object lock = new Object();

    // written under lock, read without it
    private volatile ClientConnection current;
    private volatile boolean closing;
    private volatile int closeCode = CloseCodes.ABNORMAL;
    private volatile String closeReason = "";

    ConnectionState(ClientStream stream, PullInbox inbox, Dialer dialer, ScheduledExecutorService timer) {
        this.stream = stream;
        this.inbox = inbox;
        this.timer = timer;
        this.attempts = new ConnectionAttempts(stream, this, lock, dialer, timer);
    }

    /** Makes the first attempt. */
    void start() {
        attempts.dial();
    }

    CompletableFuture<WebsocketClientStream> opened() {
        return opened;
    }

    CompletableFuture<Void> ended() {
        return ended;
    }

    /** @return the session of the current connection, or {@code null} while there is none or the stream closes */
    Session openSession() {
        ClientConnection connection = current;
        return connection == null || closing ? null : connection.session();
    }

    /** @return the connection now, {@code null} while connecting or waiting to reconnect */
    ClientConnection current() {
        return current;
    }

    /** @return whether {@code connection} is the stream's connection now (not one abandoned while connecting) */
    boolean isCurrent(ClientConnection connection) {
        return current == connection;
    }

    StreamClosedException closedException(Throwable cause) {
        return new StreamClosedException(closeCode, closeReason, cause);
    }

    /**
     * Closes the stream once: the current connection with a closing handshake, or, while connecting or waiting to
     * reconnect, at once.
     *
     * @param reason checked already ({@code ControlFrames.closeReason})
     */
    CompletionStage<Void> close(int code, String reason) {
        ClientConnection connection;
        synchronized (lock) {
            if (isClosingOrEnded()) {
                return CompletableFuture.completedFuture(null);
            }
            closing = true;
            connection = current;
            attempts.cancel();
        }
        if (connection == null) {
            // Connecting or waiting to reconnect: nothing to close on the wire.
            end(code, reason);
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> written = connection.close(code, reason, timer);
        // A paused consumer has no read outstanding; the peer's close frame must still be read.
        inbox.drainForClose();
        return written;
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
        LOG.debug("client stream {}: ended {} {}", stream.id(), code, reason);
        inbox.close(code, reason);
        opened.completeExceptionally(new StreamClosedException(code, reason));
    }

    /** @return whether the stream closes or has ended: no further attempt then. Called under the lock. */
    boolean isClosingOrEnded() {
        return closing || ended.isDone();
    }

    /** @return whether the stream has ended for good */
    boolean hasEnded() {
        return ended.isDone();
    }

    /** The dial failed and the policy allows no retry: the stream ends. */
    void connectingFailed(Throwable failure) {
        if (!opened.isDone()) {
            LOG.debug("client stream {}: {}", stream.id(), failure.toString());
            opened.completeExceptionally(failure);
            end(CloseCodes.ABNORMAL, "connection failed: " + failure.getMessage());
        } else {
            end(closeCode, closeReason);
        }
    }

    /** A connection opened (Jetty's thread): it becomes the current one, unless the stream is closing. */
    void connected(ClientConnection connection) {
        boolean abandon;
        synchronized (lock) {
            abandon = isClosingOrEnded();
            attempts.opened(!abandon);
            if (!abandon) {
                current = connection;
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
        if (opened.complete(stream)) {
            LOG.debug("client stream {}: open to {}", stream.id(), stream.uri());
        } else {
            LOG.info("client stream {}: reconnected to {}", stream.id(), stream.uri());
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
        if (!reconnect || !attempts.retryLater("connection closed " + code + " " + reason)) {
            end(code, reason);
        }
    }
}
