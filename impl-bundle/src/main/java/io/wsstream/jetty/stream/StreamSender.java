package io.wsstream.jetty.stream;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

import io.wsstream.api.CloseCodes;
import io.wsstream.api.StreamClosedException;
import io.wsstream.common.stream.ControlFrames;

import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending side of one {@link ServerStream}: data frames within the stream's {@link OutboundBudget}, pings,
 * the close that this side starts, and the counts of what was written. A peer that does not read is closed
 * with 1008 once the budget is spent.
 *
 * <p>Any thread may send. A send reads the stream's own closing and closed flags, not Jetty's
 * {@code isOutputOpen()}, which takes the session's lock on every send; a send that races with the peer's close
 * fails through its callback instead. Write callbacks complete on Jetty's I/O threads.
 */
final class StreamSender {
    /** The stream's logger: one category for a stream's lines. */
    private static final Logger LOG = LoggerFactory.getLogger(ServerStream.class);
    // Counters as updated fields rather than AtomicLong objects: tens of bytes less on every idle stream.
    private static final AtomicLongFieldUpdater<StreamSender> MESSAGES_OUT = AtomicLongFieldUpdater.newUpdater(StreamSender.class, "messagesOut");
    private static final AtomicLongFieldUpdater<StreamSender> BYTES_OUT = AtomicLongFieldUpdater.newUpdater(StreamSender.class, "bytesOut");
    private static final AtomicIntegerFieldUpdater<StreamSender> CLOSING = AtomicIntegerFieldUpdater.newUpdater(StreamSender.class, "closing");

    private final ServerStream stream;
    private final StreamRegistry registry;
    private final ServerSide server;
    private final TrafficTaps taps;
    private final OutboundBudget budget;
    /** 1 once this side started the closing handshake: later sends fail at once, as Jetty's would. */
    private volatile int closing;
    private volatile long messagesOut;
    private volatile long bytesOut;

    StreamSender(ServerStream stream, StreamRegistry registry, ServerSide server) {
        this.stream = stream;
        this.registry = registry;
        this.server = server;
        this.taps = registry.taps();
        this.budget = new OutboundBudget(server.outboundLimitBytes());
    }

    long messagesOut() {
        return messagesOut;
    }

    long bytesOut() {
        return bytesOut;
    }

    /** @return bytes queued for the peer and not yet written */
    long queued() {
        return budget.queued();
    }

    /** @param bytes the UTF-8 length of {@code text}, known to the caller (a broadcast measures once) */
    CompletionStage<Void> sendText(String text, int bytes) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        if (admit(written, bytes)) {
            taps.sent(stream, text);
            stream.session().sendFrame(new Frame(OpCode.TEXT).setPayload(text), completing(written, bytes), false);
        }
        return written;
    }

    CompletionStage<Void> sendBinary(ByteBuffer bytes) {
        int size = bytes.remaining();
        CompletableFuture<Void> written = new CompletableFuture<>();
        if (admit(written, size)) {
            taps.sent(stream, bytes);
            stream.session().sendFrame(new Frame(OpCode.BINARY).setPayload(bytes), completing(written, size), false);
        }
        return written;
    }

    CompletionStage<Void> sendPing(ByteBuffer payload) {
        ControlFrames.checkPingPayload(payload);
        CompletableFuture<Void> written = new CompletableFuture<>();
        if (stream.isOpen()) {
            stream.session().sendFrame(new Frame(OpCode.PING).setPayload(payload),
                    Callback.from(() -> written.complete(null), failure -> written.completeExceptionally(stream.closedException(failure))), false);
        } else {
            written.completeExceptionally(stream.closedException(null));
        }
        return written;
    }

    /** Starts the closing handshake; the first close also bounds the wait for the peer's answer. */
    CompletionStage<Void> close(int code, String reason) {
        String text = ControlFrames.closeReason(code, reason);
        CompletableFuture<Void> written = new CompletableFuture<>();
        CoreSession current = stream.session();
        if (current == null || stream.isClosed()) {
            written.complete(null);
        } else {
            boolean first = CLOSING.getAndSet(this, 1) == 0;
            current.close(code, text, Callback.from(() -> written.complete(null), failure -> written.complete(null)));
            stream.closeFrameSent();
            if (first) {
                // Jetty waits for the peer's close frame until the idle timeout (minutes): a peer that never
                // answers, or never reads, would keep the stream in the manager that long.
                registry.disconnectAfter(stream, server.stopTimeout());
            }
        }
        return written;
    }

    /** @return whether the send may go ahead; otherwise {@code written} has failed */
    private boolean admit(CompletableFuture<Void> written, int bytes) {
        if (closing != 0 || stream.isClosed() || stream.session() == null) {
            written.completeExceptionally(stream.closedException(null));
            return false;
        }
        if (!budget.take(bytes)) {
            exceedOutboundLimit(bytes);
            written.completeExceptionally(new StreamClosedException(CloseCodes.POLICY_VIOLATION, "outbound limit exceeded"));
            return false;
        }
        return true;
    }

    private void exceedOutboundLimit(int bytes) {
        // Once: sends racing with this one (a broadcast, other threads) find the stream closing.
        if (stream.isClosed() || !CLOSING.compareAndSet(this, 0, 1)) {
            return;
        }
        LOG.warn("stream {}: peer on {} does not read: {} bytes queued, {} more exceed the limit of {}; closing with 1008",
                stream.id(), stream.path(), budget.queued(), bytes, budget.limit());
        server.counters().closedOutboundLimit.increment();
        close(CloseCodes.POLICY_VIOLATION, "outbound limit exceeded");
        // The close frame queues behind the data the peer does not read: do not wait for it forever.
        registry.disconnectLater(stream);
    }

    private Callback completing(CompletableFuture<Void> written, int bytes) {
        return Callback.from(() -> {
            budget.giveBack(bytes);
            MESSAGES_OUT.incrementAndGet(this);
            BYTES_OUT.addAndGet(this, bytes);
            written.complete(null);
        }, failure -> {
            budget.giveBack(bytes);
            written.completeExceptionally(stream.closedException(failure));
        });
    }
}
