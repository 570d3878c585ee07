package io.wsstream.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.wsstream.bridge.config.InvalidProperty;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForwarderSettingsTest {

    private static ForwarderSettings read(Object... keysAndValues) {
        Map<String, Object> properties = new HashMap<>(Map.of("listen.port", "16379", "url", "ws://remote-host:8765/redis"));
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return ForwarderSettings.read(properties);
    }

    @Test
    void websocketUrlsAreAccepted() {
        assertEquals(URI.create("ws://127.0.0.1:8080/chain"), ForwarderSettings.websocketUri("ws://127.0.0.1:8080/chain"));
        assertEquals("wss", ForwarderSettings.websocketUri("WSS://example.org/x").getScheme().toLowerCase());
    }

    @Test
    void otherSchemesFailTheConfiguration() {
        IllegalArgumentException http = assertThrows(IllegalArgumentException.class,
                () -> ForwarderSettings.websocketUri("http://127.0.0.1:8080/chain"));
        assertTrue(http.getMessage().contains("ws:// or wss://"), http.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ForwarderSettings.websocketUri("/chain"));
        assertThrows(IllegalArgumentException.class, () -> ForwarderSettings.websocketUri("not a uri"));
        assertEquals("url=http://127.0.0.1:8080/chain: accepted a ws:// or wss:// URL with a host",
                assertThrows(InvalidProperty.class, () -> read("url", "http://127.0.0.1:8080/chain")).getMessage());
    }

    @Test
    void aHostIsRequired() {
        IllegalArgumentException noHost = assertThrows(IllegalArgumentException.class,
                () -> ForwarderSettings.websocketUri("ws:///chain"));
        assertTrue(noHost.getMessage().contains("host"), noHost.getMessage());
    }

    @Test
    void theReadmeExampleFromACfgFileHasTheDefaults() {
        ForwarderSettings settings = read();
        assertEquals("127.0.0.1:16379", settings.listens());
        assertEquals(URI.create("ws://remote-host:8765/redis"), settings.url);
        assertEquals(10_000, settings.options.connectTimeout().toMillis());
        assertEquals(300_000, settings.options.idleTimeout().toMillis());
        assertEquals(1024 * 1024, settings.options.maxMessageBytes());
        assertEquals(List.of(), settings.options.subprotocols());
        assertTrue(settings.options.reconnect().isEmpty(), "a byte stream cannot resume on a new connection");
    }

    @Test
    void subprotocolsComeFromOneTextWithCommasAndMustBeTokens() {
        assertEquals(List.of("binary", "base64"), read("subprotocols", "binary, base64").options.subprotocols());
        assertEquals("subprotocols", assertThrows(InvalidProperty.class, () -> read("subprotocols", "a b")).property());
    }

    @Test
    void aTrustStoreMustBeAReadableFileOfAKnownType(@TempDir Path folder) throws IOException {
        Path store = Files.write(folder.resolve("trust.p12"), new byte[] {1});
        assertEquals(store, read("trust.store", store.toString()).options.trustStore().orElseThrow());
        assertEquals("trust.store=" + folder.resolve("missing.p12") + ": accepted a readable PKCS12 or JKS file, or nothing for the JVM's default trust",
                assertThrows(InvalidProperty.class, () -> read("trust.store", folder.resolve("missing.p12").toString())).getMessage());
        assertEquals("trust.store.type", assertThrows(InvalidProperty.class, () -> read("trust.store.type", "PEM")).property());
        assertEquals("JKS", read("trust.store", store.toString(), "trust.store.type", "jks").options.trustStoreType());
    }

    @Test
    void sameAddressIsSeen() {
        assertTrue(read().listensLike(read("url", "ws://elsewhere/x")));
        assertTrue(!read().listensLike(read("listen.port", 16380)));
    }
}
