package io.wsstream.jetty.handshake;

import java.util.Base64;
import java.util.Locale;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;

/**
 * RFC 6455 section 4.2.1 checks of an opening handshake, made before Jetty sees it: Jetty answers some
 * malformed handshakes with 404 or upgrades them anyway; clients deserve the precise status.
 */
final class HandshakeCheck {
    static final String SUPPORTED_VERSION = "13";
    private static final int KEY_BYTES = 16;

    /** What to answer; {@link #PASSED} lets the upgrade go ahead. */
    static final class Verdict {
        static final Verdict PASSED = new Verdict(0, null, null, null);

        final int status;
        final String message;
        final HttpHeader extraHeader;
        final String extraValue;

        private Verdict(int status, String message, HttpHeader extraHeader, String extraValue) {
            this.status = status;
            this.message = message;
            this.extraHeader = extraHeader;
            this.extraValue = extraValue;
        }

        boolean passed() {
            return this == PASSED;
        }

        static Verdict refuse(int status, String message) {
            return new Verdict(status, message, null, null);
        }

        static Verdict refuse(int status, String message, HttpHeader header, String value) {
            return new Verdict(status, message, header, value);
        }
    }

    private HandshakeCheck() {}

    /**
     * @param upgrade the {@code Upgrade} header, or {@code null}
     * @return {@link Verdict#PASSED}, or the status the handshake deserves
     */
    static Verdict check(String method, String upgrade, String connection, String key, String version) {
        if (upgrade == null || !containsToken(upgrade, "websocket")) {
            return Verdict.refuse(HttpStatus.UPGRADE_REQUIRED_426, "this is a websocket endpoint: upgrade required",
                    HttpHeader.UPGRADE, "websocket");
        }
        if (!"GET".equals(method)) {
            return Verdict.refuse(HttpStatus.METHOD_NOT_ALLOWED_405, "a websocket handshake is a GET, not " + method,
                    HttpHeader.ALLOW, "GET");
        }
        if (connection == null || !containsToken(connection, "upgrade")) {
            return Verdict.refuse(HttpStatus.BAD_REQUEST_400, "the Connection header must contain 'Upgrade'");
        }
        if (version == null) {
            return Verdict.refuse(HttpStatus.BAD_REQUEST_400, "Sec-WebSocket-Version is missing",
                    HttpHeader.SEC_WEBSOCKET_VERSION, SUPPORTED_VERSION);
        }
        if (!SUPPORTED_VERSION.equals(version.trim())) {
            return Verdict.refuse(HttpStatus.UPGRADE_REQUIRED_426, "unsupported Sec-WebSocket-Version " + version,
                    HttpHeader.SEC_WEBSOCKET_VERSION, SUPPORTED_VERSION);
        }
        if (!isValidKey(key)) {
            return Verdict.refuse(HttpStatus.BAD_REQUEST_400, "Sec-WebSocket-Key must be 16 bytes in base64");
        }
        return Verdict.PASSED;
    }

    static boolean isValidKey(String key) {
        if (key == null) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key.trim()).length == KEY_BYTES;
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }

    private static boolean containsToken(String header, String token) {
        for (String part : header.split(",")) {
            if (part.trim().toLowerCase(Locale.ROOT).equals(token)) {
                return true;
            }
        }
        return false;
    }
}
