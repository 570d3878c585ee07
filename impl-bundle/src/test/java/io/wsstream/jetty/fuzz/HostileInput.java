package io.wsstream.jetty.fuzz;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import net.jqwik.api.arbitraries.StringArbitrary;

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

    private HostileInput() {}

    /** @return any text: mostly short, sometimes empty, one time in a hundred huge */
    public static Arbitrary<String> strings() {
        return Arbitraries.frequencyOf(
                Tuple.of(45, Arbitraries.strings().all().ofMaxLength(40)),
                Tuple.of(45, significant()),
                Tuple.of(1, huge()),
                Tuple.of(9, Arbitraries.of("")));
    }

    /** @return {@link #strings()}, or {@code null} one time in ten */
    public static Arbitrary<String> nullableStrings() {
        return strings().injectNull(0.1);
    }

    /** @return short strings of ASCII letters, digits and {@link #SIGNIFICANT} and tricky characters */
    public static StringArbitrary significant() {
        return Arbitraries.strings().alpha().numeric().withChars(SIGNIFICANT).withChars(TRICKY_CASE)
                .withChars(SURROGATES_AND_MARKS).withCharRange('\u0080', '\u00ff').ofMaxLength(40);
    }

    /**
     * @return strings of 9,000 to 20,000 characters (a short random piece repeated): more than Jetty's 8 KiB
     *     limit of a request's headers lets reach a handshake check. Not longer: the JDK lower-cases a run of
     *     U+0130 in quadratic time (100,000 of them take seconds), which only such lengths would show.
     */
    public static Arbitrary<String> huge() {
        return Combinators.combine(significant().ofMinLength(1).ofMaxLength(16), Arbitraries.integers().between(9_000, 20_000))
                .as((piece, chars) -> piece.repeat(chars / piece.length() + 1));
    }

    /**
     * @param examples well-formed values of the input
     * @return the examples as they are, cut short, or with hostile text glued in at any place
     */
    public static Arbitrary<String> mangled(String... examples) {
        Arbitrary<String> example = Arbitraries.of(List.of(examples));
        Arbitrary<String> glued = Combinators.combine(example, Arbitraries.integers().between(0, 64), significant())
                .as((value, at, piece) -> {
                    int cut = Math.min(at, value.length());
                    return value.substring(0, cut) + piece + value.substring(cut);
                });
        Arbitrary<String> replaced = Combinators.combine(example, Arbitraries.integers().between(0, 64), Arbitraries.integers().between(0, 8),
                significant().ofMaxLength(3)).as((value, at, length, piece) -> {
                    int from = Math.min(at, value.length());
                    int to = Math.min(from + length, value.length());
                    return value.substring(0, from) + piece + value.substring(to);
                });
        Arbitrary<String> cut = Combinators.combine(example, Arbitraries.integers().between(0, 64))
                .as((value, at) -> value.substring(0, Math.min(at, value.length())));
        return Arbitraries.oneOf(example, glued, replaced, cut);
    }
}
