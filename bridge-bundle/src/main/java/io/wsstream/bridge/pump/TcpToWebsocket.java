package io.wsstream.bridge.pump;

import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.util.ArrayDeque;
import java.util.Deque;

import io.wsstream.api.StreamClosedException;
import io.wsstream.api.WebsocketPullStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP to websocket direction of a {@link ByteBridge}: reads into one of {@code window} direct buffers of
 * {@code chunkBytes} and sends what was read as a binary message; a buffer is read into again only once its
 * message was written to the websocket. A slow websocket peer therefore stops the TCP reads.
 *
 * <p>Its state is guarded by the bridge's lock, which also guards the state both directions share (the ends of
 * either side). Called on the channel group's threads and the stream's signal threads; never blocks.
 */
final class TcpToWebsocket {
    /** The bridge's logger: one category for a connection's lines. */
    private static final Logger LOG = LoggerFactory.getLogger(ByteBridge.class);

    private final ByteBridge bridge;
    private final String name;
    private final WebsocketPullStream ws;
    private final AsynchronousSocketChannel tcp;
    private final int window;
    private final int chunkBytes;
    private final Traffic traffic;

    // guarded by bridge
    private final Deque<ByteBuffer> freeBuffers = new ArrayDeque<>();
    private int buffersMade;
    private boolean reading;
    private int sendsInFlight;

    TcpToWebsocket(ByteBridge bridge, String name, WebsocketPullStream ws, AsynchronousSocketChannel tcp, int window, int chunkBytes,
            Traffic traffic) {
        this.bridge = bridge;
        this.name = name;
        this.ws = ws;
        this.tcp = tcp;
        this.window = window;
        this.chunkBytes = chunkBytes;
        this.traffic = traffic;
    }

    /** Reads into a free buffer, unless a read is under way, none is free, or the input ended. */
    void readTcp() {
        ByteBuffer buffer;
        synchronized (bridge) {
            if (reading || bridge.tcpEndOfStream || bridge.tcpClosed) {
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
                    synchronized (bridge) {
                        reading = false;
                    }
                    bridge.tcpFailed(failure);
                }
            });
        } catch (RuntimeException closed) {
            synchronized (bridge) {
                reading = false;
            }
            bridge.tcpFailed(closed);
        }
    }

    private void read(int count, ByteBuffer filled) {
        boolean discard;
        boolean closeWebsocketNow = false;
        boolean closeSocketNow = false;
        synchronized (bridge) {
            if (count < 0) {
                reading = false;
                bridge.tcpEndOfStream = true;
                freeBuffers.add(filled);
                closeSocketNow = bridge.wsDone;
                closeWebsocketNow = !bridge.wsDone && sendsInFlight == 0;
            }
            discard = bridge.wsDone;
            if (count >= 0 && !discard) {
                sendsInFlight++;
            }
        }
        if (count < 0) {
            LOG.debug("{}: TCP end of stream", name);
            if (closeSocketNow) {
                bridge.closeTcp();
            } else if (closeWebsocketNow) {
                bridge.closeWebsocketAtTcpEnd();
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

    private void readFinished() {
        synchronized (bridge) {
            reading = false;
        }
    }

    private void sent(ByteBuffer buffer, Throwable failure) {
        if (failure != null && !(ByteBridge.unwrap(failure) instanceof StreamClosedException)) {
            LOG.debug("{}: websocket send failed", name, failure);
        }
        boolean closeWebsocketNow;
        synchronized (bridge) {
            sendsInFlight--;
            closeWebsocketNow = bridge.tcpEndOfStream && sendsInFlight == 0 && !bridge.wsDone;
        }
        buffer.clear();
        release(buffer);
        if (closeWebsocketNow) {
            bridge.closeWebsocketAtTcpEnd();
        } else {
            readTcp();
        }
    }

    private void release(ByteBuffer buffer) {
        synchronized (bridge) {
            freeBuffers.add(buffer);
        }
    }
}
