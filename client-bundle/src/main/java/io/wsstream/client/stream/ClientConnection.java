package io.wsstream.client.stream;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.wsstream.common.codec.ReceivedMessage;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty's listener for one connection of a {@link ClientStream}; called on Jetty's I/O threads. Public: Jetty binds
 * its methods by method handles.
 */
public final class ClientConnection implements Session.Listener {
    /** The stream's logger: one category for a client stream's lines. */
    private static final Logger LOG = LoggerFactory.getLogger(ClientStream.class);
    /** How long a close may wait for the peer's close frame before the connection is dropped. */
    static final Duration CLOSE_HANDSHAKE_TIMEOUT = Duration.ofSeconds(5);

    private final ClientStream stream;
    private volatile Session session;
    private boolean readOutstanding;

    ClientConnection(ClientStream stream) {
        this.stream = stream;
    }

    /** @return the open Jetty session, or {@code null} before it opened */
    Session session() {
        return session;
    }

    /** Demands one frame unless a demand is outstanding already: Jetty allows one at a time. */
    synchronized void demand() {
        if (readOutstanding || session == null) {
            return;
        }
        readOutstanding = true;
        try {
            session.demand();
        } catch (IllegalStateException inputClosed) {
            // The connection ended between the check and the call; onWebSocketClose follows.
        }
    }

    /**
     * Starts the closing handshake on this connection, and drops the connection if the peer's close frame has not
     * ended the stream within {@link #CLOSE_HANDSHAKE_TIMEOUT}.
     *
     * @param reason checked already ({@code ControlFrames.closeReason})
     * @return completed once the close frame was written, or could not be
     */
    CompletableFuture<Void> close(int code, String reason, ScheduledExecutorService timer) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        session.close(code, reason, Callback.from(() -> written.complete(null), failure -> written.complete(null)));
        long timeout = CLOSE_HANDSHAKE_TIMEOUT.toMillis();
        timer.schedule(() -> {
            if (!stream.state().hasEnded()) {
                LOG.info("client stream {}: no close frame from {} within {} ms; disconnecting", stream.id(), stream.uri(), timeout);
                session.disconnect();
            }
        }, timeout, TimeUnit.MILLISECONDS);
        return written;
    }

    private synchronized void frameArrived() {
        readOutstanding = false;
    }

    @Override
    public void onWebSocketOpen(Session opened) {
        opened.setIdleTimeout(stream.options().idleTimeout());
        opened.setMaxTextMessageSize(stream.options().maxMessageBytes());
        opened.setMaxBinaryMessageSize(stream.options().maxMessageBytes());
        session = opened;
        stream.state().connected(this);
    }

    /**
     * A connection abandoned while connecting (never the current one) is closing on its own, apart from the
     * stream: its data frames are dropped, and it demands again itself, as nothing else will, until the
     * peer's close frame is read.
     */
    private boolean abandoned() {
        return !stream.state().isCurrent(this);
    }

    private void dropAndReadOn() {
        frameArrived();
        demand();
    }

    @Override
    public void onWebSocketText(String text) {
        if (abandoned()) {
            dropAndReadOn();
            return;
        }
        frameArrived();
        stream.received(ReceivedMessage.text(stream.codec(), text));
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        // Jetty reuses the buffer once the callback completes; the message must outlive the call.
        if (abandoned()) {
            callback.succeed();
            dropAndReadOn();
            return;
        }
        ByteBuffer copy = ByteBuffer.allocate(payload.remaining());
        copy.put(payload).flip();
        callback.succeed();
        frameArrived();
        stream.received(ReceivedMessage.binary(stream.codec(), copy));
    }

    /** A ping is a pong that is answered. */
    @Override
    public void onWebSocketPing(ByteBuffer payload) {
        session.sendPong(payload, Callback.NOOP);
        onWebSocketPong(payload);
    }

    @Override
    public void onWebSocketPong(ByteBuffer payload) {
        frameArrived();
        demand();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("{}: {}", stream, cause.toString());
    }

    @Override
    public void onWebSocketClose(int code, String reason, Callback callback) {
        callback.succeed();
        stream.state().connectionClosed(this, code, reason == null ? "" : reason);
    }
}
