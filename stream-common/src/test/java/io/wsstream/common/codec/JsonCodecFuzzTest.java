package io.wsstream.common.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.google.gson.reflect.TypeToken;

import io.wsstream.api.MessageFormatException;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The JSON codec on any text a peer can send: a value of the asked type or {@link MessageFormatException}
 * (which a stream turns into close 1007 when it escapes a handler), never another exception, also for
 * nesting far deeper than a stack and numbers out of range; a binary message asked for JSON gives
 * {@link BinaryMessageDecodeException} (close 1003). Whatever is encoded decodes to itself.
 */
class JsonCodecFuzzTest {
    private static final JsonCodec CODEC = new JsonCodec();

    record Reading(String sensor, double value, List<String> tags) {}

    @Provide
    Arbitrary<Type> types() {
        return Arbitraries.of(Object.class, String.class, Long.class, int.class, double.class, Boolean.class, Reading.class,
                new TypeToken<Map<String, Object>>() {}.getType(), new TypeToken<List<Long>>() {}.getType(), int[].class);
    }

    @Property
    void anyTextDecodesOrIsAMessageFormatException(@ForAll("texts") String text, @ForAll("types") Type type) {
        try {
            CODEC.decode(text, type, false);
        } catch (MessageFormatException refused) {
            assertTrue(refused.getMessage() != null);
        }
    }

    @Property
    void anyTextMessageGivesAMapOrAMessageFormatException(@ForAll("texts") String text) {
        try {
            Map<String, Object> map = ReceivedMessage.text(CODEC, text).asMap();
            assertTrue(map != null || "null".equals(text.strip()), text);
        } catch (MessageFormatException refused) {
            assertTrue(refused.getMessage() != null);
        }
    }

    @Property(tries = 100)
    void aBinaryMessageAskedForJsonIsABinaryMessageDecodeException(@ForAll("texts") String text) {
        ReceivedMessage binary = ReceivedMessage.binary(CODEC, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        assertThrows(BinaryMessageDecodeException.class, binary::asMap);
        assertThrows(BinaryMessageDecodeException.class, () -> binary.as(Object.class));
    }

    @Property
    void whateverTextIsEncodedDecodesToItself(@ForAll("anyStrings") String text) {
        Map<String, Object> value = Map.of("text", text, "list", List.of(text, 1L));

        assertEquals(value, CODEC.decode(CODEC.encode(value), new TypeToken<Map<String, Object>>() {}.getType(), true));
    }

    /** Any text a websocket can carry: well-formed UTF-16 (a lone surrogate has no UTF-8 form). */
    @Provide
    Arbitrary<String> anyStrings() {
        return Arbitraries.strings().all().ofMaxLength(60).filter(text -> StandardCharsets.UTF_8.newEncoder().canEncode(text));
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> json = Arbitraries.of("{\"n\":42,\"x\":1.5,\"s\":\"\\u00e9\",\"l\":[1,2,{\"a\":null}],\"b\":true}",
                "{\"sensor\":\"t1\",\"value\":21.5,\"tags\":[\"a\"]}", "[1,2,3]", "\"text\"", "42", "null", "true", "{}",
                "1e999", "-1e-999", "99999999999999999999999", "NaN", "{\"a\":1,\"a\":2}", "{a:1}", "'x'", "[1,]", "// c\n{}",
                "\"\\ud800\"", "{\"a\":1} {}", "\uFEFF{}");
        Arbitrary<String> pieces = Arbitraries.strings().withChars("{}[]\":,.-+eE0123456789 \\u\t\ntruefalsnl").ofMaxLength(30);
        Arbitrary<String> mangled = Combinators.combine(json, Arbitraries.integers().between(0, 80), pieces)
                .as((value, at, piece) -> {
                    int cut = Math.min(at, value.length());
                    return value.substring(0, cut) + piece + value.substring(Math.min(cut + piece.length() % 3, value.length()));
                });
        Arbitrary<String> deep = Combinators.combine(Arbitraries.of("[", "{\"a\":", "[{\"b\":"), Arbitraries.integers().between(200, 100_000),
                Arbitraries.of("", "1", "]", "}"))
                .as((open, depth, close) -> open.repeat(depth) + close.repeat(depth));
        Arbitrary<String> long_ = Combinators.combine(Arbitraries.of("\"", "[", "1"), Arbitraries.integers().between(1_000, 200_000))
                .as((start, length) -> start + "9".repeat(length));
        return Arbitraries.frequencyOf(
                Tuple.of(30, json),
                Tuple.of(30, mangled),
                Tuple.of(20, Arbitraries.strings().all().ofMaxLength(40)),
                Tuple.of(3, deep),
                Tuple.of(2, long_),
                Tuple.of(5, Arbitraries.of("", " ", "\u0000")));
    }
}
