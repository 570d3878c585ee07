package io.wsstream.jetty.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import java.util.Optional;

import io.wsstream.jetty.fuzz.HandshakeHeaders;
import io.wsstream.jetty.fuzz.HostileInput;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The origin check on any input: the allow-list either builds or is refused with
 * {@link IllegalArgumentException} (which {@code ServerSettings} turns into a refused configuration), and a
 * handshake's {@code Origin} and {@code Host} get a yes or no, never an exception. It fails closed: a page
 * origin is let in only when it is the server's own or listed.
 *
 * <p>The headers come from {@link HandshakeHeaders}, shared with the property tests of any further check of
 * the same headers (a {@code Host} check: its own class beside this one, fed {@code HandshakeHeaders.hosts()}).
 */
class OriginCheckFuzzTest {
    private static final OriginCheck SAME_ORIGIN_ONLY = OriginCheck.of(List.of());

    @Test
    void anAllowListBuildsOrIsRefusedWithIllegalArgumentException() {
        qt().withExamples(500).forAll(allowLists()).checkAssert(allowedOrigins -> {
            Optional<OriginCheck> check = build(allowedOrigins);
            check.ifPresent(built -> assertNotNull(built.describe()));
        });
    }

    @Test
    void anyHandshakeGetsAnAnswer() {
        qt().withExamples(500).forAll(allowLists(), HandshakeHeaders.origins(), HandshakeHeaders.hosts(), booleans().all())
                .checkAssert((allowedOrigins, origin, host, secure) -> build(allowedOrigins).ifPresent(check -> check.allows(origin, host, secure)));
    }

    @Test
    void withoutAnAllowListOnlyTheServersOwnOriginIsLetIn() {
        qt().withExamples(500).forAll(HandshakeHeaders.origins(), HandshakeHeaders.hosts(), booleans().all()).checkAssert((origin, host, secure) -> {
            if (origin != null && SAME_ORIGIN_ONLY.allows(origin, host, secure)) {
                String own = OriginCheck.normalize((secure ? "https://" : "http://") + host.trim());
                assertNotNull(own, "let in for a Host that is no origin: " + host);
                assertEquals(own, OriginCheck.normalize(origin.trim()));
            }
        });
    }

    @Test
    void theNullOriginOfSandboxesAndFilesIsNeverLetIn() {
        qt().withExamples(500).forAll(HandshakeHeaders.hosts(), booleans().all())
                .checkAssert((host, secure) -> assertFalse(SAME_ORIGIN_ONLY.allows("null", host, secure)));
    }

    @Test
    void aNormalizedOriginIsSchemeHostAndPort() {
        qt().withExamples(500).forAll(HandshakeHeaders.origins()).checkAssert(origin -> {
            String normalized = origin == null ? null : OriginCheck.normalize(origin);
            if (normalized != null) {
                assertTrue(normalized.matches("[a-z][a-z0-9+.-]*://[^/?#@]+:\\d+"), normalized);
            }
        });
    }

    private static Optional<OriginCheck> build(List<String> allowedOrigins) {
        try {
            return Optional.of(OriginCheck.of(allowedOrigins));
        } catch (IllegalArgumentException refused) {
            assertTrue(refused.getMessage().startsWith("allowed.origins"), refused.getMessage());
            return Optional.empty();
        }
    }

    private static Gen<List<String>> allowLists() {
        return lists().of(Generate.oneOf(
                HostileInput.mangled("https://app.example.com", "http://localhost:3000", "*", "https://a.example, https://b.example:8443"),
                HostileInput.nullableStrings())).ofSizeBetween(0, 4).describedAs(HostileInput::describe);
    }
}
