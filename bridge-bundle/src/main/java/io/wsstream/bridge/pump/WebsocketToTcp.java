package io.wsstream.bridge.pump;

import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Flow;

import io.wsstream.api.CloseCodes;
import io.wsstream.api.Message;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The websocket to TCP direction of a {@link ByteBridge}: demands {@code window} messages, writes them to TCP in
 * order, and demands one more per message written. A slow TCP peer therefore stops the websocket reads. Messages
 * arrive only as demanded (stream-common's pull inbox keeps to the demand); should one arrive beyond it, it simply
 * waits in the queue: the demand stays one per written message. A text message closes the websocket with 1003.
 *
 * <p>Its state is guarded by the bridge's lock, which also guards the state both directions share (the ends of
 * either side). Called on the stream's signal threads and the channel group's threads; never blocks.
 */
final class WebsocketToTcp implements Flow.Subscriber<Message> {
    /** The bridge's logger: one category for a connection's lines. */
    private static final Logger LOG = LoggerFactory.getLogger(ByteBridge.class);

    private final ByteBridge bridge;
    private final String name;
    private final AsynchronousSocketChannel tcp;
    private final int window;
    private final Traffic traffic;

    // guarded by bridge
    private final Deque<ByteBuffer> toWrite = new ArrayDeque<>();
    private boolean writing;
    private Flow.Subscription subscription;

    WebsocketToTcp(ByteBridge bridge, String name, AsynchronousSocketChannel tcp, int window, Traffic traffic) {
        this.bridge = bridge;
        this.name = name;
        this.tcp = tcp;
        this.window = window;
        this.traffic = traffic;
    }

    @Override
    public void onSubscribe(Flow.Subscription granted) {
        synchronized (bridge) {
            subscription = granted;
        }
        granted.request(window);
    }

    @Override
    public void onNext(Message message) {
        if (message.isText()) {
            bridge.closeWebsocket(CloseCodes.UNSUPPORTED_DATA, "text messages are not bridged: send binary");
            return;
        }
        ByteBuffer next;
        synchronized (bridge) {
            if (bridge.tcpClosed || bridge.tcpOutputShut) {
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
        synchronized (bridge) {
            writing = false;
            toWrite.clear();
        }
        bridge.tcpFailed(failure);
    }

    private void written() {
        Flow.Subscription demand;
        ByteBuffer next;
        boolean shutDown;
        synchronized (bridge) {
            next = toWrite.poll();
            writing = next != null;
            demand = bridge.wsDone ? null : subscription;
            shutDown = bridge.wsDone && next == null;
        }
        if (demand != null) {
            demand.request(1);
        }
        if (next != null) {
            writeTcp(next);
        } else if (shutDown) {
            bridge.finishTcpAfterWebsocket();
        }
    }

    private void websocketEnded() {
        boolean pendingWrite;
        synchronized (bridge) {
            bridge.wsDone = true;
            pendingWrite = writing;
        }
        if (!pendingWrite) {
            bridge.finishTcpAfterWebsocket();
        }
        bridge.lingerThenClose();
    }
}
