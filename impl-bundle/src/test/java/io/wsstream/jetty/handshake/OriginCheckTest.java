package io.wsstream.jetty.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OriginCheckTest {
    private final OriginCheck sameOriginOnly = OriginCheck.of(List.of());

    @Test
    void noOriginIsNoBrowserAndAllowed() {
        assertTrue(sameOriginOnly.allows(null, "127.0.0.1:8765", false));
    }

    @ParameterizedTest(name = "Origin {0}, Host {1}, secure {2} -> {3}")
    @CsvSource({
        "http://127.0.0.1:8765, 127.0.0.1:8765, false, true",
        "HTTP://LOCALHOST:8765, localhost:8765, false, true",
        "http://example.com, example.com, false, true",
        "http://example.com:80, example.com, false, true",
        "https://example.com, example.com:443, true, true",
        "https://example.com, example.com, false, false",
        "http://example.com, example.com, true, false",
        "http://127.0.0.1:8766, 127.0.0.1:8765, false, false",
        "http://evil.example, 127.0.0.1:8765, false, false",
        "null, 127.0.0.1:8765, false, false",
        "http://127.0.0.1:8765.evil.example, 127.0.0.1:8765, false, false",
        "http://user@127.0.0.1:8765, 127.0.0.1:8765, false, false",
        "http://[::1]:8765, [::1]:8765, false, true",
    })
    void theServersOwnOriginIsTheSchemeOfTheConnectionAndTheHostHeader(String origin, String host, boolean secure, boolean allowed) {
        assertEquals(allowed, sameOriginOnly.allows(origin, host, secure));
    }

    @Test
    void anAllowListAddsExactOrigins() {
        OriginCheck listed = OriginCheck.of(List.of("https://app.example.com", "http://localhost:3000/"));
        assertTrue(listed.allows("https://app.example.com:443", "127.0.0.1:8765", false));
        assertTrue(listed.allows("http://localhost:3000", "127.0.0.1:8765", false));
        assertFalse(listed.allows("https://other.example.com", "127.0.0.1:8765", false));
        assertFalse(listed.allows("http://app.example.com", "127.0.0.1:8765", false));
    }

    @Test
    void oneStringMayListSeveralOrigins() {
        OriginCheck listed = OriginCheck.of(List.of("https://a.example.com, https://b.example.com"));
        assertTrue(listed.allows("https://a.example.com", "127.0.0.1:8765", false));
        assertTrue(listed.allows("https://b.example.com", "127.0.0.1:8765", false));
    }

    @Test
    void starIsAnExplicitOptInToEveryOrigin() {
        assertTrue(OriginCheck.of(List.of("*")).allows("https://evil.example", "127.0.0.1:8765", false));
        assertTrue(OriginCheck.of(List.of("*")).allows("null", "127.0.0.1:8765", false));
    }

    @Test
    void entriesThatAreNoOriginsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> OriginCheck.of(List.of("app.example.com")));
        assertThrows(IllegalArgumentException.class, () -> OriginCheck.of(List.of("https://app.example.com/path")));
        assertThrows(IllegalArgumentException.class, () -> OriginCheck.of(List.of("ftp://app.example.com")));
    }
}
