package io.wsstream.jetty.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Utf8ValidationTest {

    private static int scan(int... bytes) {
        byte[] array = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            array[i] = (byte) bytes[i];
        }
        return Utf8Validation.scan(ByteBuffer.wrap(array), Utf8Validation.COMPLETE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plain ascii", "é", "€", "𝄞 clef", "mixed é€𝄞 text"})
    void wellFormedTextIsComplete(String text) {
        assertEquals(Utf8Validation.COMPLETE, Utf8Validation.scan(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0));
    }

    @Test
    void malformedSequencesAreInvalid() {
        assertEquals(Utf8Validation.INVALID, scan(0xC3, 0x28), "a lead byte without its continuation");
        assertEquals(Utf8Validation.INVALID, scan(0x80), "a lone continuation byte");
        assertEquals(Utf8Validation.INVALID, scan(0xC0, 0xAF), "overlong two bytes");
        assertEquals(Utf8Validation.INVALID, scan(0xE0, 0x80, 0xAF), "overlong three bytes");
        assertEquals(Utf8Validation.INVALID, scan(0xF0, 0x80, 0x80, 0xAF), "overlong four bytes");
        assertEquals(Utf8Validation.INVALID, scan(0xED, 0xA0, 0x80), "a UTF-16 surrogate");
        assertEquals(Utf8Validation.INVALID, scan(0xF4, 0x90, 0x80, 0x80), "above U+10FFFF");
        assertEquals(Utf8Validation.INVALID, scan(0xF5, 0x80, 0x80, 0x80), "a lead byte past F4");
        assertEquals(Utf8Validation.INVALID, scan(0xFF), "FF");
    }

    @Test
    void aCharacterSplitBetweenPiecesCarriesOver() {
        int state = scan('a', 0xE2, 0x82);
        assertNotEquals(Utf8Validation.COMPLETE, state, "the euro sign is not finished");
        assertNotEquals(Utf8Validation.INVALID, state);
        assertEquals(Utf8Validation.COMPLETE, Utf8Validation.scan(ByteBuffer.wrap(new byte[] {(byte) 0xAC, 'b'}), state));
        assertEquals(Utf8Validation.INVALID, Utf8Validation.scan(ByteBuffer.wrap(new byte[] {0x28}), state));
    }

    @Test
    void theBoundsOfTheSecondByteCarryOverAPieceBoundary() {
        int afterSurrogateLead = scan(0xED);
        assertEquals(Utf8Validation.INVALID, Utf8Validation.scan(ByteBuffer.wrap(new byte[] {(byte) 0xA0, (byte) 0x80}), afterSurrogateLead));
        assertEquals(Utf8Validation.COMPLETE, Utf8Validation.scan(ByteBuffer.wrap(new byte[] {(byte) 0x9F, (byte) 0xBF}), afterSurrogateLead));
    }

    @Test
    void onlyTheRemainingBytesAreRead() {
        ByteBuffer buffer = ByteBuffer.wrap(new byte[] {(byte) 0xFF, 'o', 'k', (byte) 0xFF});
        buffer.position(1).limit(3);
        assertEquals(Utf8Validation.COMPLETE, Utf8Validation.scan(buffer, Utf8Validation.COMPLETE));
        assertEquals(1, buffer.position(), "the buffer is not consumed");
    }

    /** Agrees with the JDK's strict decoder on random bytes, whole and split at every point. */
    @Test
    void agreesWithTheJdkDecoder() {
        Random random = new Random(15);
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes = new byte[random.nextInt(8)];
            for (int i = 0; i < bytes.length; i++) {
                // Mostly bytes from the interesting ranges.
                bytes[i] = (byte) (random.nextBoolean() ? 0x80 + random.nextInt(0x80) : random.nextInt(256));
            }
            boolean valid = jdkAccepts(bytes);
            for (int split = 0; split <= bytes.length; split++) {
                int state = Utf8Validation.scan(ByteBuffer.wrap(bytes, 0, split), Utf8Validation.COMPLETE);
                state = Utf8Validation.scan(ByteBuffer.wrap(bytes, split, bytes.length - split), state);
                assertEquals(valid, state == Utf8Validation.COMPLETE, () -> "bytes " + java.util.Arrays.toString(bytes));
            }
        }
    }

    private static boolean jdkAccepts(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException malformed) {
            return false;
        }
    }
}
