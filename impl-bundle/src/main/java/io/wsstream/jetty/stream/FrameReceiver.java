package io.wsstream.jetty.stream;

import java.util.concurrent.atomic.AtomicLongFieldUpdater;

import io.wsstream.api.Message;

import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;

/**
 * The receiving side of one {@link ServerStream}: the frames Jetty hands to the stream, made into messages by the
 * {@link MessageAssembler}, control frames answered, and the demand for the next frame. It also judges whether the
 * peer still answers ({@link PeerLiveness}), since only this side sees what arrives and whether a frame is awaited.
 *
 * <p>Core does not demand by itself: a frame is demanded when the stream's side is ready for it
 * ({@link #demandNext()}), which is what gives each stream its backpressure. Frames arrive on Jetty's I/O
 * threads, one at a time; the keep-alive tick runs on the registry's timer.
 */
final class FrameReceiver {
    // Counters as updated fields rather than AtomicLong objects: tens of bytes less on every idle stream.
    private static final AtomicLongFieldUpdater<FrameReceiver> MESSAGES_IN = AtomicLongFieldUpdater.newUpdater(FrameReceiver.class, "messagesIn");
    private static final AtomicLongFieldUpdater<FrameReceiver> BYTES_IN = AtomicLongFieldUpdater.newUpdater(FrameReceiver.class, "bytesIn");

    private final ServerStream stream;
    private final MessageAssembler assembler;
    private final TrafficTaps taps;
    private final PeerLiveness liveness = new PeerLiveness();
    /** Whether a frame has been demanded from Jetty and has not arrived yet. */
    private volatile boolean reading;
    private volatile long messagesIn;
    private volatile long bytesIn;

    FrameReceiver(ServerStream stream, StreamRegistry registry) {
        this.stream = stream;
        this.assembler = new MessageAssembler(registry.codec());
        this.taps = registry.taps();
    }

    long messagesIn() {
        return messagesIn;
    }

    long bytesIn() {
        return bytesIn;
    }

    /**
     * A keep-alive tick, on the timer thread: judges the peer, then sends the next ping.
     *
     * @param sender the stream's sending side: a peer reads our ping only after the data queued ahead of it
     * @return {@code true} when the peer stopped answering and the stream should be closed
     */
    boolean keepAliveTick(StreamSender sender) {
        CoreSession current = stream.session();
        if (current == null || !stream.isOpen()) {
            return false;
        }
        if (liveness.silentSinceLastPing(reading && sender.queued() == 0)) {
            return true;
        }
        current.sendFrame(new Frame(OpCode.PING), Callback.from(liveness::pingWritten, failure -> {}), false);
        return false;
    }

    /** Jetty's {@code onFrame}: one frame, on an I/O thread. */
    void onFrame(Frame frame, Callback callback) {
        frameArrived();
        switch (frame.getOpCode()) {
            case OpCode.PING:
                // The pong carries the ping's payload, which is valid until the frame's callback completes.
                stream.session().sendFrame(new Frame(OpCode.PONG).setPayload(frame.getPayload()), Callback.from(() -> {
                    callback.succeeded();
                    demandNext();
                }, failure -> {
                    // The output may have closed while the ping arrived; the close follows.
                    callback.succeeded();
                    demandNext();
                }), false);
                break;
            case OpCode.PONG:
                callback.succeeded();
                demandNext();
                break;
            case OpCode.CLOSE:
                CloseStatus status = CloseStatus.getCloseStatus(frame);
                // Core answers the close frame once the callback succeeded.
                callback.succeeded();
                stream.ended(status);
                break;
            default:
                dataFrame(frame, callback);
        }
    }

    private void dataFrame(Frame frame, Callback callback) {
        Message message;
        try {
            message = assembler.accept(frame, stream.session());
        } catch (RuntimeException invalid) {
            // Core closes with the code the exception carries (1007, 1009) and reports it to onError.
            callback.failed(invalid);
            return;
        }
        // The message no longer refers to the frame's payload: Jetty may reuse it.
        callback.succeeded();
        if (message == null) {
            demandNext(); // more fragments of the message
        } else {
            countIn(assembler.completedBytes());
            taps.received(stream, message);
            stream.received(message);
        }
    }

    private void countIn(int bytes) {
        MESSAGES_IN.incrementAndGet(this);
        BYTES_IN.addAndGet(this, bytes);
    }

    private void frameArrived() {
        reading = false;
        liveness.heard();
    }

    /**
     * Asks Jetty for the next frame. Also after our own close frame went out: the peer's close frame
     * must still be read for the closing handshake to finish.
     */
    void demandNext() {
        CoreSession current = stream.session();
        if (current != null && !stream.isClosed()) {
            try {
                reading = true;
                current.demand();
            } catch (IllegalStateException inputClosed) {
                // The connection ended between the check and the call; onWebSocketClose follows.
            }
        }
    }
}
