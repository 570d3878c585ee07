package io.wsstream.api;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A bidirectional websocket channel: send, close, per-stream state. How its incoming messages are read
 * depends on its mode, and each mode has its own type: a stream served by a {@link StreamHandler} (push)
 * is a {@link WebsocketServerStream}, whose messages go to the handler; a stream whose messages the program
 * reads (pull: a client stream, a stream of a {@link PullStreamEndpoint}) is a {@link WebsocketPullStream}.
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
}
