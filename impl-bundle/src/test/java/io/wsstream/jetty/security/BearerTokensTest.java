package io.wsstream.jetty.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

class BearerTokensTest {

    @Test
    void theAuthorizationHeaderComesFirst() {
        assertEquals(Optional.of("abc"), BearerTokens.find("Bearer abc", List.of("wsstream.bearer.xyz")));
        assertEquals(Optional.of("abc"), BearerTokens.find("bearer   abc ", List.of()));
        assertEquals(Optional.of("xyz"), BearerTokens.find("Basic dXNlcjpwYXNz", List.of("chat", "wsstream.bearer.xyz")));
        assertEquals(Optional.empty(), BearerTokens.find(null, List.of("chat", "wsstream.bearer")));
    }

    @Test
    void theMarkerIsSelectedOnlyWhenATokenCameWithIt() {
        assertTrue(BearerTokens.offersBearerSubprotocol(List.of("wsstream.bearer", "wsstream.bearer.eyJhbGciOi.x.y")));
        assertFalse(BearerTokens.offersBearerSubprotocol(List.of("wsstream.bearer")));
        assertFalse(BearerTokens.offersBearerSubprotocol(List.of("wsstream.bearer.token")));
    }

    @Test
    void tokensAreRemovedFromTheHeadersHandlersSee() {
        Map<String, List<String>> headers = new TreeMap<>();
        headers.put("sec-websocket-protocol", List.of("chat, wsstream.bearer, wsstream.bearer.secret"));
        BearerTokens.redactSubprotocols(headers);
        assertEquals(List.of("chat, wsstream.bearer"), headers.get("sec-websocket-protocol"));

        headers.put("sec-websocket-protocol", List.of("wsstream.bearer.secret"));
        BearerTokens.redactSubprotocols(headers);
        assertFalse(headers.containsKey("sec-websocket-protocol"));
    }
}
