package io.wsstream.bridge.pump;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.wsstream.api.CloseCodes;
import io.wsstream.api.Message;
import io.wsstream.api.StreamClosedException;
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
 * <p>All callbacks run on the channel group's threads or the stream's signal threads and never block.
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
    private final int window;
    private final int chunkBytes;
    private final Traffic traffic;
    private final CompletableFuture<Void> finished = new CompletableFuture<>();

    // guarded by this
    private final Deque<ByteBuffer> freeBuffers = new ArrayDeque<>();
    private int buffersMade;
    private boolean reading;
    private int sendsInFlight;
    private boolean tcpEndOfStream;
    private final Deque<ByteBuffer> toWrite = new ArrayDeque<>();
    private boolean writing;
    private Flow.Subscription subscription;
    private boolean wsDone;
    private boolean wsCloseSent;
    private boolean tcpOutputShut;
    private boolean tcpClosed;
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
        this.window = window;
        this.chunkBytes = chunkBytes;
        this.ending = ending;
        this.timer = timer;
        this.lingerMillis = lingerMillis;
        this.traffic = traffic;
    }

    /** Starts both directions. */
    public void start() {
        ws.messages().subscribe(new WebsocketToTcp());
        readTcp();
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

    // ---- TCP -> websocket ----

    /** Reads into a free buffer, unless a read is under way, none is free, or the input ended. */
    private void readTcp() {
        ByteBuffer buffer;
        synchronized (this) {
            if (reading || tcpEndOfStream || tcpClosed) {
                return;
            }
            buffer = freeBuffers.poll();
            if (buffer == null && buffersMade < window) {
                buffer = ByteBuffer.allocateDirect(chunkBytes);
                buffersMade++;
            }
            if (buffer == null) {
                return; // every buffer is being sent: backpressure from the websocket
            }
            reading = true;
        }
        try {
            tcp.read(buffer, buffer, new CompletionHandler<Integer, ByteBuffer>() {
                @Override
                public void completed(Integer count, ByteBuffer filled) {
                    read(count, filled);
                }

                @Override
                public void failed(Throwable failure, ByteBuffer unused) {
                    synchronized (ByteBridge.this) {
                        reading = false;
                    }
                    tcpFailed(failure);
                }
            });
        } catch (RuntimeException closed) {
            synchronized (this) {
                reading = false;
            }
            tcpFailed(closed);
        }
    }

    private void read(int count, ByteBuffer filled) {
        boolean discard;
        boolean closeWebsocketNow = false;
        boolean closeSocketNow = false;
        synchronized (this) {
            if (count < 0) {
                reading = false;
                tcpEndOfStream = true;
                freeBuffers.add(filled);
                closeSocketNow = wsDone;
                closeWebsocketNow = !wsDone && sendsInFlight == 0;
            }
            discard = wsDone;
            if (count >= 0 && !discard) {
                sendsInFlight++;
            }
        }
        if (count < 0) {
            LOG.debug("{}: TCP end of stream", name);
            if (closeSocketNow) {
                closeTcp();
            } else if (closeWebsocketNow) {
                closeWebsocket(ending.eofCode, ending.eofReason);
            } // else: the last send to complete closes the websocket
            return;
        }
        if (discard) {
            // Nobody to send to: read and drop until the peer closes, or the linger time ends.
            filled.clear();
            release(filled);
            readFinished();
            readTcp();
            return;
        }
        filled.flip();
        traffic.readFromTcp(count);
        ws.sendBinary(filled).whenComplete((written, failure) -> sent(filled, failure));
        // Only now may the next read start: a read completing on another thread must not send its chunk
        // before this one (the sends' order is the stream's byte order).
        readFinished();
        readTcp();
    }

    private synchronized void readFinished() {
        reading = false;
    }

    private void sent(ByteBuffer buffer, Throwable failure) {
        if (failure != null && !(unwrap(failure) instanceof StreamClosedException)) {
            LOG.debug("{}: websocket send failed", name, failure);
        }
        boolean closeWebsocketNow;
        synchronized (this) {
            sendsInFlight--;
            closeWebsocketNow = tcpEndOfStream && sendsInFlight == 0 && !wsDone;
        }
        buffer.clear();
        release(buffer);
        if (closeWebsocketNow) {
            closeWebsocket(ending.eofCode, ending.eofReason);
        } else {
            readTcp();
        }
    }

    private synchronized void release(ByteBuffer buffer) {
        freeBuffers.add(buffer);
    }

    private void tcpFailed(Throwable failure) {
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

    // ---- websocket -> TCP ----

    /**
     * Demands {@code window} messages, writes them in order, demands one more per message written. Messages
     * arrive only as demanded (stream-common's pull inbox keeps to the demand); should one arrive beyond it,
     * it simply waits in the queue: the demand stays one per written message.
     */
    private final class WebsocketToTcp implements Flow.Subscriber<Message> {
        @Override
        public void onSubscribe(Flow.Subscription granted) {
            synchronized (ByteBridge.this) {
                subscription = granted;
            }
            granted.request(window);
        }

        @Override
        public void onNext(Message message) {
            if (message.isText()) {
                closeWebsocket(CloseCodes.UNSUPPORTED_DATA, "text messages are not bridged: send binary");
                return;
            }
            ByteBuffer next;
            synchronized (ByteBridge.this) {
                if (tcpClosed || tcpOutputShut) {
                    return;
                }
                toWrite.add(message.bytes());
                if (writing) {
                    return;
                }
                writing = true;
                next = toWrite.poll();
            }
            writeTcp(next);
        }

        @Override
        public void onError(Throwable failure) {
            LOG.debug("{}: websocket ended: {}", name, failure.toString());
            websocketEnded();
        }

        @Override
        public void onComplete() {
            LOG.debug("{}: websocket ended normally", name);
            websocketEnded();
        }
    }

    private void writeTcp(ByteBuffer bytes) {
        try {
            tcp.write(bytes, null, new CompletionHandler<Integer, Void>() {
                @Override
                public void completed(Integer count, Void attachment) {
                    traffic.writtenToTcp(count);
                    if (bytes.hasRemaining()) {
                        writeTcp(bytes);
                    } else {
                        written();
                    }
                }

                @Override
                public void failed(Throwable failure, Void attachment) {
                    writeFailed(failure);
                }
            });
        } catch (RuntimeException closed) {
            writeFailed(closed);
        }
    }

    private void writeFailed(Throwable failure) {
        synchronized (this) {
            writing = false;
            toWrite.clear();
        }
        tcpFailed(failure);
    }

    private void written() {
        Flow.Subscription demand;
        ByteBuffer next;
        boolean shutDown;
        synchronized (this) {
            next = toWrite.poll();
            writing = next != null;
            demand = wsDone ? null : subscription;
            shutDown = wsDone && next == null;
        }
        if (demand != null) {
            demand.request(1);
        }
        if (next != null) {
            writeTcp(next);
        } else if (shutDown) {
            finishTcpAfterWebsocket();
        }
    }

    private void websocketEnded() {
        boolean pendingWrite;
        synchronized (this) {
            wsDone = true;
            pendingWrite = writing;
        }
        if (!pendingWrite) {
            finishTcpAfterWebsocket();
        }
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
    private void finishTcpAfterWebsocket() {
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

    // ---- closing ----

    private void closeWebsocket(int code, String reason) {
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

    private void closeTcp() {
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

    private static Throwable unwrap(Throwable failure) {
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
