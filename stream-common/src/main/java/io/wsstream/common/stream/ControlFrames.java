package io.wsstream.common.stream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import io.wsstream.api.CloseCodes;

/**
 * What a stream checks before it sends a control frame (RFC 6455 section 5.5): a control frame carries at most
 * 125 bytes, so a close reason, which follows the 2-byte code, at most 123. Checked before anything is sent, so
 * that a caller's mistake is the {@code IllegalArgumentException} that {@code WebsocketStream} documents, thrown
 * to the caller.
 */
public final class ControlFrames {
    private static final int MAX_PING_BYTES = 125;
    private static final int MAX_REASON_BYTES = 123;

    private ControlFrames() {}

    /**
     * @param reason {@code null} for none
     * @return the reason to send: {@code ""} for none
     * @throws IllegalArgumentException for a code that may not be sent or a reason over 123 bytes of UTF-8
     */
    public static String closeReason(int code, String reason) {
        if (!CloseCodes.isSendable(code)) {
            throw new IllegalArgumentException("close code " + code + " may not be sent");
        }
        String text = reason == null ? "" : reason;
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES) {
            throw new IllegalArgumentException("a close reason has at most 123 bytes of UTF-8");
        }
        return text;
    }

    /** @throws IllegalArgumentException for a payload over 125 bytes */
    public static void checkPingPayload(ByteBuffer payload) {
        if (payload.remaining() > MAX_PING_BYTES) {
            throw new IllegalArgumentException("a ping payload has at most 125 bytes, not " + payload.remaining());
        }
    }
}
