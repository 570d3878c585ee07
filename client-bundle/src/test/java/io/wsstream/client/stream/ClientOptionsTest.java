package io.wsstream.client.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.wsstream.api.client.ClientOptions;
import io.wsstream.api.client.ReconnectPolicy;

import org.junit.jupiter.api.Test;

/** The API's option values, checked where they are used. */
class ClientOptionsTest {

    @Test
    void defaultsAreDocumented() {
        ClientOptions defaults = ClientOptions.defaults();
        assertEquals(List.of(), defaults.subprotocols());
        assertEquals(Map.of(), defaults.headers());
        assertEquals(Duration.ofSeconds(10), defaults.connectTimeout());
        assertEquals(1024 * 1024, defaults.maxMessageBytes());
        assertTrue(defaults.trustStore().isEmpty());
        assertFalse(defaults.insecureTrustAll());
        assertTrue(defaults.reconnect().isEmpty());
    }

    @Test
    void builderCopiesAndIsImmutable() {
        ClientOptions.Builder builder = ClientOptions.builder().subprotocols("binary", "base64").header("X-A", "1").header("X-A", "2");
        ClientOptions options = builder.build();
        builder.header("X-B", "3");
        assertEquals(List.of("binary", "base64"), options.subprotocols());
        assertEquals(Map.of("X-A", List.of("1", "2")), options.headers());
        assertThrows(UnsupportedOperationException.class, () -> options.headers().put("X-C", List.of()));
        assertEquals(options, options.toBuilder().build());
    }

    @Test
    void invalidValuesAreRefusedAtOnce() {
        assertThrows(IllegalArgumentException.class, () -> ClientOptions.builder().subprotocols("two words"));
        assertThrows(IllegalArgumentException.class, () -> ClientOptions.builder().header("Sec-WebSocket-Key", "x"));
        assertThrows(IllegalArgumentException.class, () -> ClientOptions.builder().header("X-A", "a\r\nInjected: 1"));
        assertThrows(IllegalArgumentException.class, () -> ClientOptions.builder().connectTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> ClientOptions.builder().maxMessageBytes(0));
        assertThrows(IllegalStateException.class,
            () -> ClientOptions.builder().insecureTrustAll().trustStore(Path.of("trust.p12"), "secret").build());
    }

    @Test
    void passwordIsNotShown() {
        String shown = ClientOptions.builder().trustStore(Path.of("trust.p12"), "secret").build().toString();
        assertFalse(shown.contains("secret"), shown);
    }

    @Test
    void backoffDoublesUpToTheMaximum() {
        ReconnectPolicy policy = ReconnectPolicy.exponential(Duration.ofMillis(100), Duration.ofSeconds(1));
        assertEquals(Duration.ofMillis(100), policy.delayBefore(1));
        assertEquals(Duration.ofMillis(200), policy.delayBefore(2));
        assertEquals(Duration.ofMillis(800), policy.delayBefore(4));
        assertEquals(Duration.ofSeconds(1), policy.delayBefore(5));
        assertEquals(Duration.ofSeconds(1), policy.delayBefore(1000));
        assertTrue(policy.allows(1_000_000));
        ReconnectPolicy limited = policy.withMaxAttempts(3).withMultiplier(1);
        assertTrue(limited.allows(3));
        assertFalse(limited.allows(4));
        assertEquals(Duration.ofMillis(100), limited.delayBefore(3));
        assertThrows(IllegalArgumentException.class, () -> ReconnectPolicy.exponential(Duration.ofSeconds(2), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> policy.withMultiplier(0.5));
    }
}
