package io.wsstream.jetty.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ServerSettingsTest {

    /** A ServerConfig with the annotation's defaults, some overridden (keys are the method names). */
    private static ServerConfig config(Map<String, Object> overrides) {
        return (ServerConfig) Proxy.newProxyInstance(ServerConfig.class.getClassLoader(), new Class<?>[] {ServerConfig.class},
                (proxy, method, args) -> overrides.containsKey(method.getName()) ? overrides.get(method.getName()) : method.getDefaultValue());
    }

    private static ServerSettings settings(Map<String, Object> overrides, Map<String, Object> properties) {
        return ServerSettings.of(config(overrides), properties, "default");
    }

    @Test
    void theDefaultsAreSafe() {
        ServerSettings defaults = settings(Map.of(), Map.of());
        assertEquals("default", defaults.name);
        assertEquals("127.0.0.1", defaults.host);
        assertFalse(defaults.isSecure());
        assertTrue(defaults.maxConnections > 0);
        assertTrue(defaults.pingInterval.toMillis() > 0);
        assertFalse(defaults.origins.allows("https://evil.example", "127.0.0.1:8765", false));
    }

    @Test
    void aNamedFactoryConfigurationNamesTheServer() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("service.pid", "io.wsstream.server.factory~tls");
        properties.put("service.factoryPid", "io.wsstream.server.factory");
        assertEquals("tls", settings(Map.of(), properties).name);
        assertEquals("public", settings(Map.of("name", "public"), properties).name, "explicit name wins");
    }

    @Test
    void onlyTheListeningSocketNeedsARestart() {
        ServerSettings before = settings(Map.of(), Map.of());
        assertFalse(before.needsRestart(settings(Map.of("max_connections", 5, "allowed_origins", new String[] {"*"},
                "ping_interval_ms", 10L, "idle_timeout_ms", 10L, "permessage_deflate", false), Map.of())));
        assertTrue(before.needsRestart(settings(Map.of("port", 9999), Map.of())));
        assertTrue(before.needsRestart(settings(Map.of("host", "0.0.0.0"), Map.of())));
        assertTrue(before.needsRestart(settings(Map.of("name", "other"), Map.of())));
        assertTrue(before.needsRestart(settings(Map.of("tls_keystore_path", "/etc/keystore.p12"), Map.of())));
    }

    @Test
    void invalidValuesNameTheirProperty() {
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> settings(Map.of("max_connections", -1), Map.of()));
        assertTrue(negative.getMessage().contains("max.connections"), negative.getMessage());
        assertThrows(IllegalArgumentException.class, () -> settings(Map.of("port", 70000), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> settings(Map.of("allowed_origins", new String[] {"not an origin"}), Map.of()));
    }

    @Test
    void allowedHostsGuardTheDefaultServerAgainstRebinding() {
        assertFalse(settings(Map.of(), Map.of()).hosts.allows("attacker.example:8765"));
        assertTrue(settings(Map.of("allowed_hosts", new String[] {"app.example.com"}), Map.of()).hosts.allows("app.example.com:8765"));
        IllegalArgumentException invalid = assertThrows(IllegalArgumentException.class,
                () -> settings(Map.of("allowed_hosts", new String[] {"https://app.example.com"}), Map.of()));
        assertTrue(invalid.getMessage().contains("allowed.hosts"), invalid.getMessage());
    }
}
