package io.wsstream.jetty.stream;

import java.nio.ByteBuffer;

/**
 * Checks bytes for well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF)
 * without decoding them, across any number of pieces: a text message's fragments may split a character.
 * The state between pieces is one {@code int}, so that checking allocates nothing and a stream keeps no
 * extra object for it.
 */
final class Utf8Validation {
    /** The state before the first byte and after every complete character. */
    static final int COMPLETE = 0;
    /** The state after a byte that no well-formed UTF-8 can contain; it stays so. */
    static final int INVALID = -1;

    private Utf8Validation() {}

    /**
     * @param bytes read from position to limit; the buffer is not changed
     * @param state {@link #COMPLETE} for the first piece, else what the previous piece returned
     * @return {@link #INVALID}, {@link #COMPLETE}, or the state of a character that continues in the next piece
     */
    static int scan(ByteBuffer bytes, int state) {
        if (state == INVALID) {
            return INVALID;
        }
        // The state packs the continuation bytes still needed and the bounds of the next one.
        int needed = state & 0xFF;
        int lower = needed == 0 ? 0x80 : (state >>> 8) & 0xFF;
        int upper = needed == 0 ? 0xBF : (state >>> 16) & 0xFF;
        for (int i = bytes.position(), end = bytes.limit(); i < end; i++) {
            int b = bytes.get(i) & 0xFF;
            if (needed > 0) {
                if (b < lower || b > upper) {
                    return INVALID;
                }
                needed--;
                lower = 0x80;
                upper = 0xBF;
            } else if (b >= 0x80) {
                if (b >= 0xC2 && b <= 0xDF) {
                    needed = 1;
                } else if (b >= 0xE0 && b <= 0xEF) {
                    needed = 2;
                    lower = b == 0xE0 ? 0xA0 : 0x80; // overlong
                    upper = b == 0xED ? 0x9F : 0xBF; // surrogates
                } else if (b >= 0xF0 && b <= 0xF4) {
                    needed = 3;
                    lower = b == 0xF0 ? 0x90 : 0x80; // overlong
                    upper = b == 0xF4 ? 0x8F : 0xBF; // above U+10FFFF
                } else {
                    return INVALID;
                }
            }
        }
        return needed == 0 ? COMPLETE : needed | lower << 8 | upper << 16;
    }
}
