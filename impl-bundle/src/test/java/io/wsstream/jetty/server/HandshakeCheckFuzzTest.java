package io.wsstream.jetty.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.Set;

import io.wsstream.jetty.fuzz.HostileInput;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Any handshake headers get a verdict: passed, or 400, 405 or 426 (what {@code RoutingHandler} answers),
 * never an exception; and only a handshake that RFC 6455 accepts passes.
 */
class HandshakeCheckFuzzTest {
    private static final Set<Integer> REFUSALS = Set.of(400, 405, 426);

    @Property(tries = 500)
    void everyHandshakeGetsAVerdict(@ForAll("methods") String method, @ForAll("upgrades") String upgrade,
            @ForAll("connections") String connection, @ForAll("keys") String key, @ForAll("versions") String version) {
        HandshakeCheck.Verdict verdict = HandshakeCheck.check(method, upgrade, connection, key, version);

        if (verdict.passed()) {
            assertEquals("GET", method);
            assertEquals(HandshakeCheck.SUPPORTED_VERSION, version.trim());
            assertEquals(16, Base64.getDecoder().decode(key.trim()).length);
        } else {
            assertTrue(REFUSALS.contains(verdict.status), "status " + verdict.status);
            assertTrue(verdict.message != null && !verdict.message.isEmpty());
        }
    }

    @Property(tries = 500)
    void anyKeyIsValidOrNotWithoutAnException(@ForAll("keys") String key) {
        HandshakeCheck.isValidKey(key);
    }

    @Provide
    Arbitrary<String> methods() {
        return Arbitraries.oneOf(HostileInput.mangled("GET", "POST", "HEAD"), HostileInput.nullableStrings());
    }

    @Provide
    Arbitrary<String> upgrades() {
        return Arbitraries.oneOf(HostileInput.mangled("websocket", "WebSocket", "h2c, websocket"), HostileInput.nullableStrings());
    }

    @Provide
    Arbitrary<String> connections() {
        return Arbitraries.oneOf(HostileInput.mangled("Upgrade", "keep-alive, Upgrade"), HostileInput.nullableStrings());
    }

    @Provide
    Arbitrary<String> keys() {
        return Arbitraries.oneOf(HostileInput.mangled("dGhlIHNhbXBsZSBub25jZQ==", "AAAAAAAAAAAAAAAAAAAAAA=="), HostileInput.nullableStrings());
    }

    @Provide
    Arbitrary<String> versions() {
        return Arbitraries.oneOf(HostileInput.mangled("13", " 13 ", "8"), HostileInput.nullableStrings());
    }
}
