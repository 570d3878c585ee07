package io.wsstream.benchmark;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/**
 * The three message kinds of the benchmark. Each message carries its sequence number, so an echo is
 * checked against exactly what was sent; a server that decodes and re-encodes JSON gives back the same
 * text, as all three encode compactly with Gson configured alike.
 */
public enum Payload {
    /** 64 bytes of ASCII text, echoed on {@code /bench/echo}. */
    TEXT_64("text64", "/bench/echo", "64-byte text"),
    /** 4 KiB binary, echoed on {@code /bench/echo}. */
    BINARY_4K("binary4k", "/bench/echo", "4 KiB binary"),
    /** A small JSON object (about 100 bytes), decoded and re-encoded by the handler on {@code /bench/json}. */
    JSON_SMALL("json", "/bench/json", "small JSON");

    static final int TEXT_LENGTH = 64;
    static final int BINARY_LENGTH = 4096;

    private final String key;
    private final String path;
    private final String label;

    Payload(String key, String path, String label) {
        this.key = key;
        this.path = path;
        this.label = label;
    }

    /** @return the short name used in the results */
    public String key() {
        return key;
    }

    /** @return the server path that handles this kind */
    public String path() {
        return path;
    }

    /** @return a human-readable name */
    public String label() {
        return label;
    }

    public boolean isText() {
        return this != BINARY_4K;
    }

    /** @return the text of message {@code seq}; only for text kinds */
    public String text(long seq) {
        switch (this) {
            case TEXT_64: {
                String head = "seq=" + seq + ";";
                char[] chars = new char[TEXT_LENGTH];
                Arrays.fill(chars, 'x');
                head.getChars(0, head.length(), chars, 0);
                return new String(chars);
            }
            case JSON_SMALL:
                return "{\"seq\":" + seq + ",\"type\":\"quote\",\"symbol\":\"ACME\",\"price\":101.25,\"qty\":300,"
                        + "\"tags\":[\"fast\",\"small\"],\"ok\":true}";
            default:
                throw new IllegalStateException(this + " is binary");
        }
    }

    /** A reusable binary message: 4 KiB of fixed noise, the sequence number in the first 8 bytes. */
    public static final class Binary {
        private final byte[] bytes = new byte[BINARY_LENGTH];

        public Binary(long noiseSeed) {
            new Random(noiseSeed).nextBytes(bytes);
        }

        /** @return a buffer over message {@code seq}; valid until the next call */
        public ByteBuffer message(long seq) {
            ByteBuffer.wrap(bytes).putLong(0, seq);
            return ByteBuffer.wrap(bytes);
        }

        /** @return whether {@code received} is message {@code seq} */
        public boolean matches(long seq, ByteBuffer received) {
            return received.remaining() == bytes.length && received.getLong(received.position()) == seq
                    && received.equals(ByteBuffer.wrap(bytes));
        }
    }

    /** @return the UTF-8 size of a typical message of this kind */
    public int typicalBytes() {
        return isText() ? text(1000).getBytes(StandardCharsets.UTF_8).length : BINARY_LENGTH;
    }
}
