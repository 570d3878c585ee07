package io.wsstream.common.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.google.gson.reflect.TypeToken;

import io.wsstream.api.MessageFormatException;

import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The JSON codec on any text a peer can send: a value of the asked type or {@link MessageFormatException}
 * (which a stream turns into close 1007 when it escapes a handler), never another exception, also for
 * nesting far deeper than a stack and numbers out of range; a binary message asked for JSON gives
 * {@link BinaryMessageDecodeException} (close 1003). Whatever is encoded decodes to itself.
 */
class JsonCodecFuzzTest {
    private static final JsonCodec CODEC = new JsonCodec();
    /** Longer texts are described by their length and start: a 200,000-character text would bury a failure report. */
    private static final int DESCRIBED_LENGTH = 120;

    record Reading(String sensor, double value, List<String> tags) {}

    @Test
    void anyTextDecodesOrIsAMessageFormatException() {
        qt().withExamples(1000).forAll(texts(), types()).checkAssert((text, type) -> {
            try {
                CODEC.decode(text, type, false);
            } catch (MessageFormatException refused) {
                assertTrue(refused.getMessage() != null);
            }
        });
    }

    @Test
    void anyTextMessageGivesAMapOrAMessageFormatException() {
        qt().withExamples(1000).forAll(texts()).checkAssert(text -> {
            try {
                Map<String, Object> map = ReceivedMessage.text(CODEC, text).asMap();
                assertTrue(map != null || "null".equals(text.strip()), text);
            } catch (MessageFormatException refused) {
                assertTrue(refused.getMessage() != null);
            }
        });
    }

    @Test
    void aBinaryMessageAskedForJsonIsABinaryMessageDecodeException() {
        qt().withExamples(100).forAll(texts()).checkAssert(text -> {
            ReceivedMessage binary = ReceivedMessage.binary(CODEC, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            assertThrows(BinaryMessageDecodeException.class, binary::asMap);
            assertThrows(BinaryMessageDecodeException.class, () -> binary.as(Object.class));
        });
    }

    @Test
    void whateverTextIsEncodedDecodesToItself() {
        qt().withExamples(1000).forAll(anyStrings()).checkAssert(text -> {
            Map<String, Object> value = Map.of("text", text, "list", List.of(text, 1L));

            assertEquals(value, CODEC.decode(CODEC.encode(value), new TypeToken<Map<String, Object>>() {}.getType(), true));
        });
    }

    private static Gen<Type> types() {
        return Generate.pick(List.of(Object.class, String.class, Long.class, int.class, double.class, Boolean.class, Reading.class,
                new TypeToken<Map<String, Object>>() {}.getType(), new TypeToken<List<Long>>() {}.getType(), int[].class));
    }

    /**
     * Any text a websocket can carry: well-formed UTF-16 (a lone surrogate has no UTF-8 form), so up to 60 code
     * points of any plane but the surrogates' range.
     */
    private static Gen<String> anyStrings() {
        Gen<Integer> codePoint = Generate.oneOf(Generate.range(0, Character.MIN_SURROGATE - 1),
                Generate.range(Character.MAX_SURROGATE + 1, Character.MAX_VALUE),
                Generate.range(Character.MIN_SUPPLEMENTARY_CODE_POINT, Character.MAX_CODE_POINT));
        return lists().of(codePoint).ofSizeBetween(0, 60)
                .map(codePoints -> new String(codePoints.stream().mapToInt(Integer::intValue).toArray(), 0, codePoints.size()))
                .describedAs(JsonCodecFuzzTest::describe);
    }

    private static Gen<String> texts() {
        Gen<String> json = Generate.pick(List.of("{\"n\":42,\"x\":1.5,\"s\":\"\\u00e9\",\"l\":[1,2,{\"a\":null}],\"b\":true}",
                "{\"sensor\":\"t1\",\"value\":21.5,\"tags\":[\"a\"]}", "[1,2,3]", "\"text\"", "42", "null", "true", "{}",
                "1e999", "-1e-999", "99999999999999999999999", "NaN", "{\"a\":1,\"a\":2}", "{a:1}", "'x'", "[1,]", "// c\n{}",
                "\"\\ud800\"", "{\"a\":1} {}", "\uFEFF{}"));
        String pieceCharacters = "{}[]\":,.-+eE0123456789 \\u\t\ntruefalsnl";
        Gen<String> pieces = textOf(Generate.pick(pieceCharacters.chars().mapToObj(c -> (char) c).toList()), 30);
        Gen<String> mangled = json.zip(integers().between(0, 80), pieces, (value, at, piece) -> {
            int cut = Math.min(at, value.length());
            return value.substring(0, cut) + piece + value.substring(Math.min(cut + piece.length() % 3, value.length()));
        });
        Gen<String> deep = Generate.pick(List.of("[", "{\"a\":", "[{\"b\":")).zip(integers().between(200, 100_000), Generate.pick(List.of("", "1", "]", "}")),
                (open, depth, close) -> open.repeat(depth) + close.repeat(depth));
        Gen<String> long_ = Generate.pick(List.of("\"", "[", "1")).zip(integers().between(1_000, 200_000), (start, length) -> start + "9".repeat(length));
        return Generate.frequency(
                Pair.of(30, json),
                Pair.of(30, mangled),
                Pair.of(20, textOf(Generate.characters(Character.MIN_VALUE, Character.MAX_VALUE), 40)),
                Pair.of(3, deep),
                Pair.of(2, long_),
                Pair.of(5, Generate.pick(List.of("", " ", "\u0000")))).describedAs(JsonCodecFuzzTest::describe);
    }

    /** @return text of up to {@code maxLength} of the characters, lone surrogates and control characters included */
    private static Gen<String> textOf(Gen<Character> character, int maxLength) {
        return lists().of(character).ofSizeBetween(0, maxLength)
                .map(characters -> characters.stream().map(String::valueOf).collect(Collectors.joining()));
    }

    /** @return the text quoted in printable ASCII (others as {@code \\uXXXX}), a long one cut short with its length */
    private static String describe(String text) {
        String shown = text.length() > DESCRIBED_LENGTH ? text.substring(0, DESCRIBED_LENGTH) : text;
        String escaped = shown.chars()
                .mapToObj(c -> c >= ' ' && c < 0x7f ? String.valueOf((char) c) : String.format("\\u%04x", c))
                .collect(Collectors.joining());
        return '"' + escaped + '"' + (text.length() > DESCRIBED_LENGTH ? "... (" + text.length() + " characters)" : "");
    }
}
