package io.wsstream.api;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Objects;

/**
 * One message a {@link StreamManager#tap traffic tap} saw on a server stream: received from the peer or sent
 * to it. Exactly one of {@code text} and {@code bytes} is set.
 *
 * @param streamId the stream's {@link WebsocketStream#id() id}
 * @param path the stream's request path
 * @param direction {@link Direction#IN} for a message received, {@link Direction#OUT} for one sent
 * @param text the text of a text message, or {@code null}
 * @param bytes the payload of a binary message (read-only), or {@code null}
 * @param time when the stream received the message, or when the send was accepted
 * @since 1.1
 */
public record TappedMessage(String streamId, String path, Direction direction, String text, ByteBuffer bytes, Instant time) {

    /** Which way a tapped message went. */
    public enum Direction {
        /** Received from the peer. */
        IN,
        /** Sent to the peer (accepted for sending; it may still fail to be written). */
        OUT
    }

    public TappedMessage {
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(time, "time");
        if ((text == null) == (bytes == null)) {
            throw new IllegalArgumentException("exactly one of text and bytes must be given");
        }
        bytes = bytes == null ? null : bytes.asReadOnlyBuffer();
    }

    /** @return whether it is a text message */
    public boolean isText() {
        return text != null;
    }
}
