package io.wsstream.bridge.pump;

import java.io.IOException;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.wsstream.api.WebsocketPullStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries the bytes of one TCP connection over one websocket stream, both ways, as binary messages.
 *
 * <p>Backpressure, and memory bounded per connection, by a window of {@code window} messages each way:
 * TCP to websocket uses {@code window} direct read buffers of {@code chunkBytes} (direct: the socket reads
 * into them without a copy, worth about a third more throughput), and a buffer is read into again
 * only once its message was written to the websocket; websocket to TCP demands {@code window} messages and
 * one more each time one has been written to TCP. A slow TCP peer therefore stops the websocket reads, and
 * a slow websocket peer stops the TCP reads; TCP flow control does the rest on either side. Memory per
 * connection: about {@code window x chunkBytes} one way and {@code window x} the largest message the
 * other. A window of 1 is strict stop-and-wait; a few messages keep both sockets busy.
 *
 * <p>Endings: TCP end of stream closes the websocket with the {@link Ending}'s code for it, once the data
 * read before it has been sent; a TCP error closes it with the error code and the error as reason. When the
 * websocket ends, the TCP output is shut down after the last write (FIN), and the socket closed once the
 * peer has closed its side too, or after {@code lingerMillis}; closing at once could turn the FIN into a
 * reset that discards data the peer has not read yet. (An asynchronous socket cannot be reset on purpose:
 * it has no {@code SO_LINGER}, so an error on the websocket side also ends in an orderly close.) A text
 * message is not bridged: it closes the websocket with 1003.
 *
 * <p>The two directions are {@link TcpToWebsocket} and {@link WebsocketToTcp}; this class starts them and keeps
 * what they share: the ends of either side, and closing each side once. One lock, this object's, guards all of it,
 * the directions' own state included, so that a decision that looks at both (the last send after TCP's end) is made
 * at once. All callbacks run on the channel group's threads or the stream's signal threads and never block.
 */
public final class ByteBridge {
    private static final Logger LOG = LoggerFactory.getLogger(ByteBridge.class);
    private static final int MAX_REASON_BYTES = 123;

    /** The close codes and reasons used on the websocket for what happens on the TCP side. */
    public static final class Ending {
        final int eofCode;
        final String eofReason;
        final int errorCode;
        final String errorPrefix;

        public Ending(int eofCode, String eofReason, int errorCode, String errorPrefix) {
            this.eofCode = eofCode;
            this.eofReason = eofReason;
            this.errorCode = errorCode;
            this.errorPrefix = errorPrefix;
        }
    }

    private final String name;
    private final WebsocketPullStream ws;
    private final AsynchronousSocketChannel tcp;
    private final Ending ending;
    private final ScheduledExecutorService timer;
    private final long lingerMillis;
    private final TcpToWebsocket tcpToWebsocket;
    private final WebsocketToTcp websocketToTcp;
    private final CompletableFuture<Void> finished = new CompletableFuture<>();

    // guarded by this; the directions read and set the first four
    /** TCP input ended, or failed: nothing more is read. */
    boolean tcpEndOfStream;
    /** The websocket ended: nothing more arrives, and what is read from TCP is dropped. */
    boolean wsDone;
    boolean tcpOutputShut;
    boolean tcpClosed;
    private boolean wsCloseSent;
    private ScheduledFuture<?> linger;

    /**
     * @param window messages in flight each way, at least 1
     * @param chunkBytes the size of a read buffer, so the largest message sent
     * @param traffic counts the bytes carried each way
     */
    public ByteBridge(String name, WebsocketPullStream ws, AsynchronousSocketChannel tcp, int window, int chunkBytes,
            Ending ending, ScheduledExecutorService timer, long lingerMillis, Traffic traffic) {
        if (window < 1 || chunkBytes < 1) {
            throw new IllegalArgumentException("window and chunk size must be positive: " + window + ", " + chunkBytes);
        }
        this.name = name;
        this.ws = ws;
        this.tcp = tcp;
        this.ending = ending;
        this.timer = timer;
        this.lingerMillis = lingerMillis;
        this.tcpToWebsocket = new TcpToWebsocket(this, name, ws, tcp, window, chunkBytes, traffic);
        this.websocketToTcp = new WebsocketToTcp(this, name, tcp, window, traffic);
    }

    /** Starts both directions. */
    public void start() {
        ws.messages().subscribe(websocketToTcp);
        tcpToWebsocket.readTcp();
    }

    /** @return completed when both sides are closed */
    public CompletionStage<Void> finished() {
        return finished;
    }

    /** Ends the bridge from outside (the configuration went away): closes the websocket with the code, and TCP. */
    public void abort(int code, String reason) {
        closeWebsocket(code, reason);
        closeTcp();
    }

    // ---- the ends of either side ----

    /** TCP failed, reading or writing: the websocket is closed with the error, then TCP. */
    void tcpFailed(Throwable failure) {
        boolean quiet;
        synchronized (this) {
            quiet = tcpClosed || wsDone;
            tcpEndOfStream = true;
        }
        if (!quiet) {
            LOG.debug("{}: TCP failed: {}", name, failure.toString());
            closeWebsocket(ending.errorCode, ending.errorPrefix + describe(failure));
        }
        closeTcp();
    }

    /** TCP's input ended and every chunk read before it was sent: the websocket is closed with the code for it. */
    void closeWebsocketAtTcpEnd() {
        closeWebsocket(ending.eofCode, ending.eofReason);
    }

    /** The websocket ended (by {@link WebsocketToTcp}): TCP is closed after {@code lingerMillis} at the latest. */
    void lingerThenClose() {
        // Whatever is still to write or to read: the TCP side gets lingerMillis, then it is closed. Scheduled
        // under the lock that closeTcp() takes, so it either sees this task and cancels it, or ran before.
        boolean stopping = false;
        synchronized (this) {
            if (!tcpClosed && linger == null) {
                try {
                    linger = timer.schedule(this::closeTcp, lingerMillis, TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException rejected) {
                    stopping = true;
                }
            }
        }
        if (stopping) {
            closeTcp();
        }
        finishIfBothClosed();
    }

    /** The websocket ended and nothing is left to write: FIN, then close when the peer is done too. */
    void finishTcpAfterWebsocket() {
        boolean closeNow;
        synchronized (this) {
            if (tcpClosed || tcpOutputShut) {
                return;
            }
            tcpOutputShut = true;
            closeNow = tcpEndOfStream;
        }
        try {
            tcp.shutdownOutput();
        } catch (IOException | RuntimeException e) {
            closeNow = true;
        }
        if (closeNow) {
            closeTcp();
        }
    }

    void closeWebsocket(int code, String reason) {
        synchronized (this) {
            if (wsCloseSent) {
                return;
            }
            wsCloseSent = true;
        }
        try {
            ws.close(code, truncate(reason));
        } catch (RuntimeException e) {
            LOG.debug("{}: closing the websocket failed", name, e);
        }
    }

    void closeTcp() {
        ScheduledFuture<?> lingering;
        synchronized (this) {
            if (tcpClosed) {
                return;
            }
            tcpClosed = true;
            lingering = linger;
            linger = null;
        }
        if (lingering != null) {
            // Not needed any more; cancelled, the timer lets go of this bridge and its buffers at once.
            lingering.cancel(false);
        }
        try {
            tcp.close();
        } catch (IOException e) {
            LOG.debug("{}: closing TCP", name, e);
        }
        finishIfBothClosed();
    }

    private void finishIfBothClosed() {
        synchronized (this) {
            if (!tcpClosed || !wsDone) {
                return;
            }
        }
        finished.complete(null);
    }

    static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** @return a short reason: the exception's message, or its simple class name when it has none */
    public static String describe(Throwable failure) {
        Throwable t = unwrap(failure);
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }

    /** @return the reason cut to at most 123 bytes of UTF-8, the limit of a close frame */
    public static String truncate(String reason) {
        if (reason.getBytes(StandardCharsets.UTF_8).length <= MAX_REASON_BYTES) {
            return reason;
        }
        StringBuilder cut = new StringBuilder();
        int bytes = 3; // the ellipsis "..."
        for (int i = 0; i < reason.length(); ) {
            int codePoint = reason.codePointAt(i);
            int length = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + length > MAX_REASON_BYTES) {
                break;
            }
            cut.appendCodePoint(codePoint);
            bytes += length;
            i += Character.charCount(codePoint);
        }
        return cut.append("...").toString();
    }
}
