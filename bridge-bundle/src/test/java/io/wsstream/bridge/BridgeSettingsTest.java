package io.wsstream.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;

import io.wsstream.bridge.config.InvalidProperty;

import org.junit.jupiter.api.Test;

class BridgeSettingsTest {

    private static BridgeSettings read(Object... keysAndValues) {
        Map<String, Object> properties = new HashMap<>(Map.of("path", "/vnc", "target.port", "5900"));
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return BridgeSettings.read(properties);
    }

    @Test
    void theReadmeExampleFromACfgFileHasTheDefaults() {
        BridgeSettings settings = BridgeSettings.read(Map.of("path", "/redis", "target.host", "127.0.0.1", "target.port", "6379"));
        assertEquals("/redis", settings.path);
        assertEquals("127.0.0.1:6379", settings.target());
        assertEquals("", settings.servers);
        assertEquals(10_000, settings.connectTimeoutMillis);
        assertEquals(64 * 1024, settings.chunkBytes);
        assertEquals(4, settings.window);
        assertEquals(64, settings.backlog);
        assertEquals(256, settings.maxConnections);
        assertEquals(5_000, settings.lingerMillis);
    }

    @Test
    void thePathMustBeAWebsocketPath() {
        assertEquals("path=vnc: accepted a websocket path such as /vnc or /devices/*",
            assertThrows(InvalidProperty.class, () -> read("path", "vnc")).getMessage());
        assertEquals("path is missing: accepted a text (required)",
            assertThrows(InvalidProperty.class, () -> BridgeSettings.read(Map.of("target.port", 1))).getMessage());
    }

    @Test
    void theServerFilterMustBeAnLdapFilter() {
        assertEquals("(wsstream.server.name=internal)", read("wsstream.target", "(wsstream.server.name=internal)").servers);
        InvalidProperty refused = assertThrows(InvalidProperty.class, () -> read("wsstream.target", "wsstream.server.name=internal"));
        assertEquals("wsstream.target", refused.property());
    }

    @Test
    void theTargetHostMayNotBeEmpty() {
        assertEquals("target.host", assertThrows(InvalidProperty.class, () -> read("target.host", "")).property());
    }
}
