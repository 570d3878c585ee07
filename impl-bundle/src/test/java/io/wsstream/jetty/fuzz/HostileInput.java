package io.wsstream.jetty.fuzz;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Generators of what an attacker or a careless configuration may hand a parser: any Unicode text (lone
 * surrogates included), control characters, the characters URL, path and header-list parsers care about,
 * empty and huge strings, and well-formed values with such pieces cut out or glued in.
 *
 * <p>Used by the property tests of every parser of outside input; {@link HandshakeHeaders} builds the
 * handshake headers from them.
 */
public final class HostileInput {
    /** Characters with a meaning to URL, path, header-list and LDAP parsers, and control characters. */
    private static final String SIGNIFICANT = "/\\.%:@[]?#*,;=&|!()<>~\"' \t\r\n\u0000\u0001\u001f\u007f";
    /** Characters whose case mapping changes the length of a string, or is not ASCII. */
    private static final String TRICKY_CASE = "\u0130\u0131\u212a\u017f\u00df\ufb00";
    private static final String SURROGATES_AND_MARKS = "\ud800\udbff\udc00\udfff\ufeff\ufffd\u200b";
    private static final String LETTERS_AND_DIGITS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    /** Longer values are described by their length and start: a 20,000-character value would bury a failure report. */
    private static final int DESCRIBED_LENGTH = 120;

    private HostileInput() {}

    /** @return any text: mostly short, sometimes empty, one time in a hundred huge */
    public static Gen<String> strings() {
        return Generate.frequency(
                Pair.of(45, anyText(40)),
                Pair.of(45, significant()),
                Pair.of(1, huge()),
                Pair.of(9, Generate.constant(""))).describedAs(HostileInput::describe);
    }

    /** @return {@link #strings()}, or {@code null} one time in ten */
    public static Gen<String> nullableStrings() {
        return Generate.frequency(Pair.of(9, strings()), Pair.of(1, Generate.constant((String) null))).describedAs(HostileInput::describe);
    }

    /** @return strings of up to 40 characters: ASCII letters and digits, {@link #SIGNIFICANT} and tricky characters */
    public static Gen<String> significant() {
        return significant(0, 40);
    }

    /**
     * @param minLength fewest characters
     * @param maxLength most characters
     * @return strings of ASCII letters and digits, {@link #SIGNIFICANT} and tricky characters, each kind as
     *     likely as the others (so that the few significant characters are not drowned by letters)
     */
    public static Gen<String> significant(int minLength, int maxLength) {
        Gen<Character> character = Generate.oneOf(pickFrom(LETTERS_AND_DIGITS), pickFrom(SIGNIFICANT), pickFrom(TRICKY_CASE),
                pickFrom(SURROGATES_AND_MARKS), Generate.characters('\u0080', '\u00ff'));
        return textOf(character, minLength, maxLength);
    }

    /**
     * @param maxLength most characters
     * @return any UTF-16 text, lone surrogates and control characters included
     */
    public static Gen<String> anyText(int maxLength) {
        return textOf(Generate.characters(Character.MIN_VALUE, Character.MAX_VALUE), 0, maxLength);
    }

    /**
     * @return strings of 9,000 to 20,000 characters (a short random piece repeated): more than Jetty's 8 KiB
     *     limit of a request's headers lets reach a handshake check. Not longer: the JDK lower-cases a run of
     *     U+0130 in quadratic time (100,000 of them take seconds), which only such lengths would show.
     */
    public static Gen<String> huge() {
        return significant(1, 16).zip(integers().between(9_000, 20_000), (piece, chars) -> piece.repeat(chars / piece.length() + 1))
                .describedAs(HostileInput::describe);
    }

    /**
     * @param examples well-formed values of the input
     * @return the examples as they are, cut short, or with hostile text glued in at any place
     */
    public static Gen<String> mangled(String... examples) {
        Gen<String> example = Generate.pick(List.of(examples));
        Gen<Integer> at = integers().between(0, 64);
        Gen<String> glued = example.zip(at, significant(), (value, position, piece) -> {
            int cut = Math.min(position, value.length());
            return value.substring(0, cut) + piece + value.substring(cut);
        });
        Gen<String> replaced = example.zip(at, integers().between(0, 8), significant(0, 3), (value, position, length, piece) -> {
            int from = Math.min(position, value.length());
            int to = Math.min(from + length, value.length());
            return value.substring(0, from) + piece + value.substring(to);
        });
        Gen<String> cut = example.zip(at, (value, position) -> value.substring(0, Math.min(position, value.length())));
        return Generate.oneOf(example, glued, replaced, cut).describedAs(HostileInput::describe);
    }

    /**
     * @param value a generated value (text, list, array, map or {@code null})
     * @return the value in printable ASCII, control characters and non-ASCII as {@code \\uXXXX}, a long one cut
     *     short with its length: what a failure report shows of it
     */
    public static String describe(Object value) {
        String text = value instanceof Object[] array ? array.getClass().getSimpleName() + Arrays.deepToString(array) : String.valueOf(value);
        String shown = text.length() > DESCRIBED_LENGTH ? text.substring(0, DESCRIBED_LENGTH) : text;
        String escaped = shown.chars()
                .mapToObj(c -> c >= ' ' && c < 0x7f ? String.valueOf((char) c) : String.format("\\u%04x", c))
                .collect(Collectors.joining());
        String quoted = value instanceof String ? '"' + escaped + '"' : escaped;
        return text.length() > DESCRIBED_LENGTH ? quoted + "... (" + text.length() + " characters)" : quoted;
    }

    private static Gen<Character> pickFrom(String characters) {
        return Generate.pick(characters.chars().mapToObj(c -> (char) c).toList());
    }

    private static Gen<String> textOf(Gen<Character> character, int minLength, int maxLength) {
        return lists().of(character).ofSizeBetween(minLength, maxLength)
                .map(characters -> characters.stream().map(String::valueOf).collect(Collectors.joining()));
    }
}
