package io.wsstream.api;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A bidirectional websocket channel: send, close, per-stream state.
 *
 * <p>All methods are thread safe. Send stages complete on an I/O thread of the server once the frame
 * has been written to the network, or complete exceptionally with a {@link StreamClosedException}
 * when the stream closed before that: do not block in their continuations.
 */
@ProviderType
public interface WebsocketStream {

    /** @return a random 128-bit, URL-safe identifier, unique for the life of the server */
    String id();

    /** @return {@code true} until a close frame has been sent or received, or the connection dropped */
    boolean isOpen();

    /**
     * Sends a value encoded as JSON text: a {@code Map}, a record, a POJO, a {@code String}, a number.
     *
     * @param value the value to encode; {@code null} sends the JSON literal {@code null}
     * @return a stage completed when the frame is written
     */
    CompletionStage<Void> send(Object value);

    /** @return a stage completed when the text frame is written */
    CompletionStage<Void> sendText(String text);

    /**
     * Sends the remaining bytes of the buffer as one binary message. The buffer must not be modified
     * until the returned stage completes.
     *
     * @return a stage completed when the binary frame is written
     */
    CompletionStage<Void> sendBinary(ByteBuffer bytes);

    /**
     * Sends a ping; the peer answers with a pong carrying the same payload.
     *
     * @param payload at most 125 bytes
     * @return a stage completed when the ping frame is written
     * @throws IllegalArgumentException if the payload is longer than 125 bytes
     */
    CompletionStage<Void> sendPing(ByteBuffer payload);

    /**
     * Starts the closing handshake. Calling it again, or on a closed stream, has no further effect and
     * returns a completed stage.
     *
     * @param code a code that may be sent on the wire (RFC 6455 section 7.4): 1000-1003, 1007-1014
     *     or 3000-4999; never 1005, 1006 or 1015
     * @param reason at most 123 bytes of UTF-8; {@code null} for none
     * @return a stage completed when the close frame is written
     * @throws IllegalArgumentException for a code that may not be sent or a reason that is too long
     */
    CompletionStage<Void> close(int code, String reason);

    /**
     * Closes the stream gracefully with 1000, which also removes it from the {@link StreamManager}.
     *
     * @return a stage completed when the close frame is written
     */
    default CompletionStage<Void> stop() {
        return close(CloseCodes.NORMAL, "stopped");
    }

    /** @return mutable, thread-safe state kept for this stream while it is open (no {@code null} keys or values) */
    Map<String, Object> attributes();

    /**
     * Pull style: the stream's incoming messages as a publisher with real backpressure. The demand a
     * subscriber signals with {@code request(n)} is the demand passed to the network: while it is zero,
     * nothing more is read from the socket, so nothing is ever dropped, and a fast peer is held back by
     * TCP flow control. Note that pings and the close frame are not read either while demand is zero,
     * so a consumer that pauses for longer than the idle timeout sees the stream time out.
     *
     * <p>One subscriber per stream; a second one is refused with {@code onError(IllegalStateException)}.
     * The publisher completes when the stream closes normally (1000 or 1001) and signals
     * {@link StreamClosedException} otherwise. Signals arrive on a wsstream executor thread, in order.
     *
     * @throws IllegalStateException on a stream served by a push {@link StreamHandler}
     */
    Flow.Publisher<Message> messages();

    /**
     * Pull style sugar on {@link #messages()}: the next message. One call may be outstanding at a time.
     *
     * @return a stage completed with the next message, or exceptionally with {@link StreamClosedException}
     *     when the stream closed first
     * @throws IllegalStateException on a push-style stream, after {@link #messages()} was subscribed, or
     *     while a previous receive() is outstanding
     */
    CompletionStage<Message> receive();
}
