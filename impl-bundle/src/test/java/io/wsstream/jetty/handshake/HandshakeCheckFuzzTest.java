package io.wsstream.jetty.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.util.Base64;
import java.util.Set;

import io.wsstream.jetty.fuzz.HostileInput;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Any handshake headers get a verdict: passed, or 400, 405 or 426 (what {@code RoutingHandler} answers),
 * never an exception; and only a handshake that RFC 6455 accepts passes.
 */
class HandshakeCheckFuzzTest {
    private static final Set<Integer> REFUSALS = Set.of(400, 405, 426);

    record Handshake(String method, String upgrade, String connection, String key, String version) {}

    @Test
    void everyHandshakeGetsAVerdict() {
        qt().withExamples(500).forAll(handshakes()).checkAssert(handshake -> {
            HandshakeCheck.Verdict verdict = HandshakeCheck.check(handshake.method(), handshake.upgrade(), handshake.connection(),
                    handshake.key(), handshake.version());

            if (verdict.passed()) {
                assertEquals("GET", handshake.method());
                assertEquals(HandshakeCheck.SUPPORTED_VERSION, handshake.version().trim());
                assertEquals(16, Base64.getDecoder().decode(handshake.key().trim()).length);
            } else {
                assertTrue(REFUSALS.contains(verdict.status), "status " + verdict.status);
                assertTrue(verdict.message != null && !verdict.message.isEmpty());
            }
        });
    }

    @Test
    void anyKeyIsValidOrNotWithoutAnException() {
        qt().withExamples(500).forAll(keys()).checkAssert(HandshakeCheck::isValidKey);
    }

    private static Gen<Handshake> handshakes() {
        return methods().zip(upgrades(), connections(), keys(), versions(), Handshake::new).describedAs(HostileInput::describe);
    }

    private static Gen<String> methods() {
        return Generate.oneOf(HostileInput.mangled("GET", "POST", "HEAD"), HostileInput.nullableStrings());
    }

    private static Gen<String> upgrades() {
        return Generate.oneOf(HostileInput.mangled("websocket", "WebSocket", "h2c, websocket"), HostileInput.nullableStrings());
    }

    private static Gen<String> connections() {
        return Generate.oneOf(HostileInput.mangled("Upgrade", "keep-alive, Upgrade"), HostileInput.nullableStrings());
    }

    private static Gen<String> keys() {
        return Generate.oneOf(HostileInput.mangled("dGhlIHNhbXBsZSBub25jZQ==", "AAAAAAAAAAAAAAAAAAAAAA=="), HostileInput.nullableStrings())
                .describedAs(HostileInput::describe);
    }

    private static Gen<String> versions() {
        return Generate.oneOf(HostileInput.mangled("13", " 13 ", "8"), HostileInput.nullableStrings());
    }
}
