package io.wsstream.jetty.configuration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ServerSettingsTest {

    private static ServerSettings settings(Map<String, Object> configuration) {
        return ServerSettings.of(configuration, "default");
    }

    private static String refusal(Map<String, Object> configuration) {
        return assertThrows(IllegalArgumentException.class, () -> settings(configuration)).getMessage();
    }

    @Test
    void theDefaultsAreSafe() {
        ServerSettings defaults = settings(Map.of());
        assertEquals("default", defaults.name);
        assertEquals("127.0.0.1", defaults.host);
        assertEquals(8765, defaults.port);
        assertFalse(defaults.isSecure());
        assertTrue(defaults.maxConnections > 0);
        assertTrue(defaults.pingInterval.toMillis() > 0);
        assertTrue(defaults.permessageDeflate);
        assertFalse(defaults.origins.allows("https://evil.example", "127.0.0.1:8765", false));
    }

    @Test
    void aNamedFactoryConfigurationNamesTheServer() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("service.pid", "io.wsstream.server.factory~tls");
        properties.put("service.factoryPid", "io.wsstream.server.factory");
        assertEquals("tls", settings(properties).name);
        properties.put("name", "public");
        assertEquals("public", settings(properties).name, "explicit name wins");
    }

    @Test
    void onlyTheListeningSocketNeedsARestart() {
        ServerSettings before = settings(Map.of());
        assertFalse(before.needsRestart(settings(Map.of("max.connections", 5, "allowed.origins", new String[] {"*"},
                "ping.interval.ms", 10L, "idle.timeout.ms", 10L, "permessage.deflate", false))));
        assertTrue(before.needsRestart(settings(Map.of("port", 9999))));
        assertTrue(before.needsRestart(settings(Map.of("host", "0.0.0.0"))));
        assertTrue(before.needsRestart(settings(Map.of("name", "other"))));
        assertTrue(before.needsRestart(settings(Map.of("tls.keystore.path", "/etc/keystore.p12"))));
    }

    /** A Karaf .cfg file gives every value as text; typed values come from the web console or the API. */
    @Test
    void everyPropertyIsReadFromTextAsFromTypedValues() {
        Map<String, Object> text = new HashMap<>();
        text.put("name", "public");
        text.put("host", " 0.0.0.0 ");
        text.put("port", "8443");
        text.put("tls.keystore.path", "/etc/wsstream.p12");
        text.put("tls.keystore.type", "jks");
        text.put("tls.keystore.password", "secret");
        text.put("idle.timeout.ms", "1000");
        text.put("ping.interval.ms", "0");
        text.put("max.text.message.bytes", "100");
        text.put("max.binary.message.bytes", "200");
        text.put("max.frame.bytes", "300");
        text.put("max.connections", "7");
        text.put("allowed.origins", "https://a.example, https://b.example:8443");
        text.put("permessage.deflate", "FALSE");
        text.put("outbound.limit.bytes", "400");
        text.put("stop.timeout.ms", "500");
        ServerSettings fromText = settings(text);

        assertEquals("public", fromText.name);
        assertEquals("0.0.0.0", fromText.host);
        assertEquals(8443, fromText.port);
        assertEquals(new ServerSettings.TlsSettings("/etc/wsstream.p12", "JKS", "secret"), fromText.tls);
        assertEquals(Duration.ofMillis(1000), fromText.idleTimeout);
        assertEquals(Duration.ZERO, fromText.pingInterval);
        assertEquals(100, fromText.maxTextMessageBytes);
        assertEquals(200, fromText.maxBinaryMessageBytes);
        assertEquals(300, fromText.maxFrameBytes);
        assertEquals(7, fromText.maxConnections);
        assertTrue(fromText.origins.allows("https://b.example:8443", "127.0.0.1:8443", true));
        assertFalse(fromText.origins.allows("https://c.example", "127.0.0.1:8443", true));
        assertFalse(fromText.permessageDeflate);
        assertEquals(400, fromText.outboundLimitBytes);
        assertEquals(Duration.ofMillis(500), fromText.stopTimeout);

        Map<String, Object> typed = new HashMap<>(text);
        typed.put("port", 8443);
        typed.put("idle.timeout.ms", 1000L);
        typed.put("ping.interval.ms", 0L);
        typed.put("max.connections", 7);
        typed.put("allowed.origins", List.of("https://a.example", "https://b.example:8443"));
        typed.put("permessage.deflate", Boolean.FALSE);
        ServerSettings fromTyped = settings(typed);
        assertEquals(fromText.port, fromTyped.port);
        assertEquals(fromText.idleTimeout, fromTyped.idleTimeout);
        assertEquals(fromText.maxConnections, fromTyped.maxConnections);
        assertTrue(fromTyped.origins.allows("https://b.example:8443", "127.0.0.1:8443", true));
        assertFalse(fromTyped.permessageDeflate);
    }

    /** Every property with a value of the wrong type or out of range, and what the refusal says. */
    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("name", new String[] {"a", "b"}, "name=[\"a\", \"b\"] is not accepted (accepted: a text)"),
                Arguments.of("host", "", "host=\"\" is not accepted (accepted: a host name or address without spaces"),
                Arguments.of("host", "my host", "host=\"my host\" is not accepted"),
                Arguments.of("port", "abc", "port=\"abc\" is not accepted (accepted: a whole number from 0 to 65535)"),
                Arguments.of("port", 70000, "port=70000 is not accepted (accepted: a whole number from 0 to 65535)"),
                Arguments.of("port", "-1", "port=\"-1\" is not accepted (accepted: a whole number from 0 to 65535)"),
                Arguments.of("port", 80.5, "port=80.5 is not accepted (accepted: a whole number from 0 to 65535)"),
                Arguments.of("tls.keystore.path", new Object[] {new Object()}, "tls.keystore.path=[java.lang.Object@"),
                Arguments.of("tls.keystore.type", "PEM", "tls.keystore.type=\"PEM\" is not accepted (accepted: PKCS12 or JKS)"),
                Arguments.of("tls.keystore.password", List.of("one", "two"), "tls.keystore.password=(hidden) is not accepted (accepted: a text)"),
                Arguments.of("idle.timeout.ms", 0L, "idle.timeout.ms=0 is not accepted (accepted: a whole number of at least 1)"),
                Arguments.of("idle.timeout.ms", "5 min", "idle.timeout.ms=\"5 min\" is not accepted (accepted: a whole number of at least 1)"),
                Arguments.of("ping.interval.ms", -1L, "ping.interval.ms=-1 is not accepted (accepted: a whole number of at least 0)"),
                Arguments.of("max.text.message.bytes", "1MB", "max.text.message.bytes=\"1MB\" is not accepted (accepted: a whole number of at least 1)"),
                Arguments.of("max.binary.message.bytes", 0, "max.binary.message.bytes=0 is not accepted (accepted: a whole number of at least 1)"),
                Arguments.of("max.frame.bytes", "99999999999999999999", "max.frame.bytes=\"99999999999999999999\" is not accepted"),
                Arguments.of("max.connections", -1, "max.connections=-1 is not accepted (accepted: a whole number of at least 0)"),
                Arguments.of("max.connections", 3_000_000_000L, "max.connections=3000000000 is not accepted (accepted: a whole number of at least 0)"),
                Arguments.of("allowed.origins", "not an origin", "allowed.origins=\"not an origin\" is not accepted (accepted: origins such as "
                        + "https://app.example.com:8443, separated by commas, or *)"),
                Arguments.of("allowed.origins", new Object[] {Map.of()}, "allowed.origins=[{}] is not accepted"),
                Arguments.of("permessage.deflate", "yes", "permessage.deflate=\"yes\" is not accepted (accepted: true or false)"),
                Arguments.of("permessage.deflate", 1, "permessage.deflate=1 is not accepted (accepted: true or false)"),
                Arguments.of("outbound.limit.bytes", -4L, "outbound.limit.bytes=-4 is not accepted (accepted: a whole number of at least 1)"),
                Arguments.of("stop.timeout.ms", "soon", "stop.timeout.ms=\"soon\" is not accepted (accepted: a whole number of at least 0)"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("badValues")
    void aBadValueIsRefusedNamingThePropertyTheValueAndWhatIsAccepted(String property, Object value, String expected) {
        String refusal = refusal(Map.of(property, value));
        assertTrue(refusal.startsWith(expected), refusal);
    }

    @Test
    void everyBadValueIsNamedInTheOneRefusal() {
        String refusal = refusal(Map.of("port", "abc", "max.connections", "-1", "permessage.deflate", "yes"));
        assertTrue(refusal.contains("port=\"abc\""), refusal);
        assertTrue(refusal.contains("max.connections=\"-1\""), refusal);
        assertTrue(refusal.contains("permessage.deflate=\"yes\""), refusal);
        assertFalse(refusal.contains("\n"), refusal);
    }

    @Test
    void aRefusalIsOneLineAndNeverShowsThePassword() {
        assertEquals("host=\"a\\nb\" is not accepted (accepted: a host name or address without spaces, e.g. 127.0.0.1, or 0.0.0.0 "
                + "for every interface)", refusal(Map.of("host", "a\nb")));
        String longValue = "x".repeat(1000);
        assertTrue(refusal(Map.of("port", longValue)).length() < 400);
        assertFalse(refusal(Map.of("tls.keystore.password", new String[] {"secret", "more"})).contains("secret"));
    }

    @Test
    void theConfigurationIsNamedByItsPidAndForAFactoryConfigurationByItsName() {
        assertEquals("io.wsstream.server", ServerSettings.describeConfiguration(Map.of("service.pid", "io.wsstream.server"), "x"));
        assertEquals("io.wsstream.server", ServerSettings.describeConfiguration(Map.of(), "io.wsstream.server"),
                "the default server without a configuration");
        assertEquals("io.wsstream.server.factory~tls (factory io.wsstream.server.factory, configuration tls)",
                ServerSettings.describeConfiguration(Map.of("service.pid", "io.wsstream.server.factory~tls",
                        "service.factoryPid", "io.wsstream.server.factory"), "x"));
        assertEquals("io.wsstream.server.factory.4f1c (factory io.wsstream.server.factory)", ServerSettings.describeConfiguration(
                Map.of("service.pid", "io.wsstream.server.factory.4f1c", "service.factoryPid", "io.wsstream.server.factory"), "x"),
                "a factory configuration without a name");
    }

    @Test
    void allowedHostsGuardTheDefaultServerAgainstRebinding() {
        assertFalse(settings(Map.of()).hosts.allows("attacker.example:8765"));
        assertTrue(settings(Map.of("allowed.hosts", "app.example.com, other.example")).hosts.allows("app.example.com:8765"));
        assertTrue(settings(Map.of("allowed.hosts", new String[] {"*"})).hosts.allows("attacker.example:8765"));
        assertEquals("allowed.hosts=[\"https://app.example.com\"] is not accepted (accepted: host names or addresses without port, "
                + "such as app.example.com or [fe80::1], separated by commas, or *)",
                refusal(Map.of("allowed.hosts", new String[] {"https://app.example.com"})));
    }
}
