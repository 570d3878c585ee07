package io.wsstream.jetty.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HandshakeCheckTest {
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    @Test
    void aProperHandshakePasses() {
        assertTrue(HandshakeCheck.check("GET", "websocket", "keep-alive, Upgrade", KEY, "13").passed());
    }

    @ParameterizedTest(name = "{0} {1} / {2} / key {3} / version {4} -> {5}")
    @CsvSource(nullValues = "null", value = {
        "GET, null, Upgrade, " + KEY + ", 13, 426",
        "GET, h2c, Upgrade, " + KEY + ", 13, 426",
        "POST, websocket, Upgrade, " + KEY + ", 13, 405",
        "GET, websocket, keep-alive, " + KEY + ", 13, 400",
        "GET, websocket, null, " + KEY + ", 13, 400",
        "GET, websocket, Upgrade, null, 13, 400",
        "GET, websocket, Upgrade, c2hvcnQ=, 13, 400",
        "GET, websocket, Upgrade, not*base64, 13, 400",
        "GET, websocket, Upgrade, " + KEY + ", null, 400",
        "GET, websocket, Upgrade, " + KEY + ", 8, 426",
    })
    void malformedHandshakesGetTheirStatus(String method, String upgrade, String connection, String key, String version, int status) {
        HandshakeCheck.Verdict verdict = HandshakeCheck.check(method, upgrade, connection, key, version);
        assertFalse(verdict.passed());
        assertEquals(status, verdict.status);
    }

    @Test
    void versionRefusalsNameTheSupportedVersion() {
        assertEquals(HttpHeader.SEC_WEBSOCKET_VERSION, HandshakeCheck.check("GET", "websocket", "Upgrade", KEY, null).extraHeader);
        assertEquals("13", HandshakeCheck.check("GET", "websocket", "Upgrade", KEY, "8").extraValue);
    }
}
