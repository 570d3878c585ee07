package io.wsstream.jetty.stream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.wsstream.api.Message;
import io.wsstream.common.codec.JsonCodec;
import io.wsstream.common.codec.ReceivedMessage;

import org.eclipse.jetty.websocket.core.Configuration;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.exception.BadPayloadException;
import org.eclipse.jetty.websocket.core.exception.MessageTooLargeException;
import org.eclipse.jetty.websocket.core.exception.ProtocolException;

/**
 * Makes whole messages of one stream's data frames, which Jetty's websocket-core hands over one by one and
 * whose payload is valid only until the frame's callback completes. A message in one frame is made straight
 * from the frame's payload (a text's {@code String} decoded from it); a fragmented one is gathered in an array
 * that grows with it, up to the message size limit. Core checks opcodes, their order and control frames; the
 * two checks it leaves to the endpoint are here: UTF-8 across fragments (1007) and the message size (1009),
 * both thrown as Jetty's exceptions that carry their close code.
 *
 * <p>Used by one thread at a time: Jetty hands a stream's frames over one after the other.
 */
final class MessageAssembler {
    /** The payload of an empty frame; only read, never moved, so one serves every stream. */
    private static final ByteBuffer NO_PAYLOAD = ByteBuffer.allocate(0);

    private final JsonCodec codec;
    /** The opcode of the fragmented message being gathered, or 0 when none is. */
    private byte opcode;
    private byte[] gathered;
    private int size;
    private int utf8 = Utf8Validation.COMPLETE;
    /** The byte size of the message last returned by {@link #accept}. */
    private int completedBytes;

    MessageAssembler(JsonCodec codec) {
        this.codec = codec;
    }

    /**
     * @param frame a TEXT, BINARY or CONTINUATION frame
     * @param limits the session's message size limits
     * @return the message this frame completes, or {@code null} when more fragments must follow
     * @throws MessageTooLargeException over the size limit of its kind (1009)
     * @throws BadPayloadException a text that is not UTF-8 (1007)
     */
    Message accept(Frame frame, Configuration limits) {
        ByteBuffer payload = frame.hasPayload() ? frame.getPayload() : NO_PAYLOAD;
        byte frameOpcode = frame.getOpCode();
        if (frameOpcode == OpCode.CONTINUATION) {
            if (opcode == 0) {
                throw new ProtocolException("continuation frame without a message to continue");
            }
            return continueMessage(payload, frame.isFin(), limits);
        }
        checkSize(frameOpcode, payload.remaining(), limits);
        if (frame.isFin()) {
            completedBytes = payload.remaining();
            return frameOpcode == OpCode.TEXT ? text(payload) : ReceivedMessage.binary(codec, ByteBuffer.wrap(copy(payload)));
        }
        opcode = frameOpcode;
        gathered = new byte[Math.max(payload.remaining(), 64)];
        size = 0;
        utf8 = Utf8Validation.COMPLETE;
        return continueMessage(payload, false, limits);
    }

    private Message continueMessage(ByteBuffer payload, boolean fin, Configuration limits) {
        int length = payload.remaining();
        checkSize(opcode, (long) size + length, limits);
        if (opcode == OpCode.TEXT) {
            utf8 = Utf8Validation.scan(payload, utf8);
            if (utf8 == Utf8Validation.INVALID || fin && utf8 != Utf8Validation.COMPLETE) {
                reset();
                throw new BadPayloadException.InvalidUtf8();
            }
        }
        if (size + length > gathered.length) {
            // Doubling, as a StringBuilder would: a message of many small fragments is copied O(log n) times.
            gathered = Arrays.copyOf(gathered, (int) Math.min(Math.max(size + length, 2L * gathered.length), Integer.MAX_VALUE - 8));
        }
        payload.get(payload.position(), gathered, size, length);
        size += length;
        if (!fin) {
            return null;
        }
        Message message = opcode == OpCode.TEXT
                ? ReceivedMessage.text(codec, new String(gathered, 0, size, StandardCharsets.UTF_8))
                : ReceivedMessage.binary(codec, ByteBuffer.wrap(gathered, 0, size));
        completedBytes = size;
        reset();
        return message;
    }

    /** @return the UTF-8 or binary size of the message {@link #accept} returned last */
    int completedBytes() {
        return completedBytes;
    }

    private Message text(ByteBuffer payload) {
        if (Utf8Validation.scan(payload, Utf8Validation.COMPLETE) != Utf8Validation.COMPLETE) {
            throw new BadPayloadException.InvalidUtf8();
        }
        String text = payload.hasArray()
                ? new String(payload.array(), payload.arrayOffset() + payload.position(), payload.remaining(), StandardCharsets.UTF_8)
                : new String(copy(payload), StandardCharsets.UTF_8);
        return ReceivedMessage.text(codec, text);
    }

    private void checkSize(byte kind, long bytes, Configuration limits) {
        long max = kind == OpCode.TEXT ? limits.getMaxTextMessageSize() : limits.getMaxBinaryMessageSize();
        if (max > 0 && bytes > max) {
            reset();
            throw new MessageTooLargeException((kind == OpCode.TEXT ? "Text" : "Binary") + " message too large: " + bytes + " > " + max);
        }
    }

    private void reset() {
        opcode = 0;
        gathered = null;
        size = 0;
        utf8 = Utf8Validation.COMPLETE;
    }

    private static byte[] copy(ByteBuffer payload) {
        byte[] bytes = new byte[payload.remaining()];
        payload.get(payload.position(), bytes);
        return bytes;
    }
}
