package io.wsstream.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;

import org.junit.jupiter.api.Test;

class TcpToWebsocketForwarderTest {

    @Test
    void websocketUrlsAreAccepted() {
        assertEquals(URI.create("ws://127.0.0.1:8080/chain"), TcpToWebsocketForwarder.websocketUri("ws://127.0.0.1:8080/chain"));
        assertEquals("wss", TcpToWebsocketForwarder.websocketUri("WSS://example.org/x").getScheme().toLowerCase());
    }

    @Test
    void otherSchemesFailTheConfiguration() {
        IllegalArgumentException http = assertThrows(IllegalArgumentException.class,
                () -> TcpToWebsocketForwarder.websocketUri("http://127.0.0.1:8080/chain"));
        assertTrue(http.getMessage().contains("ws:// or wss://"), http.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TcpToWebsocketForwarder.websocketUri("/chain"));
        assertThrows(IllegalArgumentException.class, () -> TcpToWebsocketForwarder.websocketUri("not a uri"));
    }

    @Test
    void aHostIsRequired() {
        IllegalArgumentException noHost = assertThrows(IllegalArgumentException.class,
                () -> TcpToWebsocketForwarder.websocketUri("ws:///chain"));
        assertTrue(noHost.getMessage().contains("host"), noHost.getMessage());
    }
}
