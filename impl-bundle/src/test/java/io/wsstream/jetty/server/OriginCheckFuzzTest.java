package io.wsstream.jetty.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import io.wsstream.jetty.fuzz.HandshakeHeaders;
import io.wsstream.jetty.fuzz.HostileInput;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

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

    @Property(tries = 500)
    void anAllowListBuildsOrIsRefusedWithIllegalArgumentException(@ForAll("allowLists") List<String> allowedOrigins) {
        Optional<OriginCheck> check = build(allowedOrigins);
        check.ifPresent(built -> assertNotNull(built.describe()));
    }

    @Property(tries = 500)
    void anyHandshakeGetsAnAnswer(@ForAll("allowLists") List<String> allowedOrigins, @ForAll("origins") String origin,
            @ForAll("hosts") String host, @ForAll boolean secure) {
        build(allowedOrigins).ifPresent(check -> check.allows(origin, host, secure));
    }

    @Property(tries = 500)
    void withoutAnAllowListOnlyTheServersOwnOriginIsLetIn(@ForAll("origins") String origin, @ForAll("hosts") String host,
            @ForAll boolean secure) {
        if (origin != null && SAME_ORIGIN_ONLY.allows(origin, host, secure)) {
            String own = OriginCheck.normalize((secure ? "https://" : "http://") + host.trim());
            assertNotNull(own, "let in for a Host that is no origin: " + host);
            assertEquals(own, OriginCheck.normalize(origin.trim()));
        }
    }

    @Property(tries = 500)
    void theNullOriginOfSandboxesAndFilesIsNeverLetIn(@ForAll("hosts") String host, @ForAll boolean secure) {
        assertFalse(SAME_ORIGIN_ONLY.allows("null", host, secure));
    }

    @Property(tries = 500)
    void aNormalizedOriginIsSchemeHostAndPort(@ForAll("origins") String origin) {
        String normalized = origin == null ? null : OriginCheck.normalize(origin);
        if (normalized != null) {
            assertTrue(normalized.matches("[a-z][a-z0-9+.-]*://[^/?#@]+:\\d+"), normalized);
        }
    }

    private static Optional<OriginCheck> build(List<String> allowedOrigins) {
        try {
            return Optional.of(OriginCheck.of(allowedOrigins));
        } catch (IllegalArgumentException refused) {
            assertTrue(refused.getMessage().startsWith("allowed.origins"), refused.getMessage());
            return Optional.empty();
        }
    }

    @Provide
    Arbitrary<List<String>> allowLists() {
        return Arbitraries.oneOf(
                HostileInput.mangled("https://app.example.com", "http://localhost:3000", "*", "https://a.example, https://b.example:8443"),
                HostileInput.nullableStrings()).list().ofMaxSize(4);
    }

    @Provide
    Arbitrary<String> origins() {
        return HandshakeHeaders.origins();
    }

    @Provide
    Arbitrary<String> hosts() {
        return HandshakeHeaders.hosts();
    }
}
