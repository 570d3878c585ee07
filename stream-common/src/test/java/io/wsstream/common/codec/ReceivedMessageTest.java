package io.wsstream.common.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.wsstream.api.MessageFormatException;
import io.wsstream.api.TypeReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReceivedMessageTest {
    private final JsonCodec codec = new JsonCodec();

    record Reading(String sensor, double value, List<String> tags) {}

    @Test
    void integersStayLongAndFractionsDouble() {
        Map<String, Object> map = ReceivedMessage.text(codec, "{\"n\":42,\"x\":1.5,\"big\":9007199254740993}").asMap();
        assertEquals(42L, map.get("n"));
        assertEquals(1.5, map.get("x"));
        assertEquals(9007199254740993L, map.get("big"));
    }

    @Test
    void decodesRecords() {
        Reading reading = ReceivedMessage.text(codec, "{\"sensor\":\"t1\",\"value\":21.5,\"tags\":[\"a\"]}").as(Reading.class);
        assertEquals(new Reading("t1", 21.5, List.of("a")), reading);
    }

    @Test
    void decodesGenericTypesThroughATypeReference() {
        List<Reading> readings = ReceivedMessage.text(codec, "[{\"sensor\":\"t1\",\"value\":1.5,\"tags\":[]}]")
                .as(new TypeReference<List<Reading>>() {});
        assertEquals(List.of(new Reading("t1", 1.5, List.of())), readings);
    }

    @Test
    @SuppressWarnings("rawtypes")
    void aTypeReferenceWithoutATypeArgumentIsRefusedAtOnce() {
        assertThrows(IllegalStateException.class, () -> new TypeReference() {});
    }

    @Test
    void encodesRecordsAndNulls() {
        assertEquals("{\"sensor\":\"t1\",\"value\":2.0,\"tags\":null}", codec.encode(new Reading("t1", 2.0, null)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "not json", "{\"a\":1} trailing", "{a:1}", "", "'single'"})
    void malformedJsonIsAMessageFormatException(String text) {
        assertThrows(MessageFormatException.class, () -> ReceivedMessage.text(codec, text).asMap());
    }

    @Test
    void jsonThatIsNotAnObjectIsRefusedByAsMap() {
        assertThrows(MessageFormatException.class, () -> ReceivedMessage.text(codec, "[1,2]").asMap());
        assertEquals(List.of(1L, 2L), ReceivedMessage.text(codec, "[1,2]").as(List.class));
    }

    @Test
    void binaryMessagesKeepTheirBytesAndRefuseJson() {
        ReceivedMessage message = ReceivedMessage.binary(codec, ByteBuffer.wrap(new byte[] {1, 2, 3}));
        byte[] copy = new byte[3];
        message.bytes().get(copy);
        assertArrayEquals(new byte[] {1, 2, 3}, copy);
        assertEquals(3, message.bytes().remaining(), "bytes() gives a fresh view each call");
        assertThrows(BinaryMessageDecodeException.class, message::asMap);
        assertThrows(IllegalStateException.class, message::text);
    }

    @Test
    void textBytesAreUtf8() {
        ByteBuffer bytes = ReceivedMessage.text(codec, "é").bytes();
        byte[] utf8 = new byte[bytes.remaining()];
        bytes.get(utf8);
        assertArrayEquals("é".getBytes(StandardCharsets.UTF_8), utf8);
    }
}
