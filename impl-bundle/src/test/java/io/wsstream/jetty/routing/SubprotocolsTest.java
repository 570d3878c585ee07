package io.wsstream.jetty.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class SubprotocolsTest {

    @Test
    void acceptsAStringAnArrayAndACollection() {
        assertEquals(List.of("chat.v1"), Subprotocols.parse("chat.v1"));
        assertEquals(List.of("chat.v2", "chat.v1"), Subprotocols.parse(new String[] {"chat.v2", "chat.v1"}));
        assertEquals(List.of("mqtt"), Subprotocols.parse(List.of("mqtt")));
        assertEquals(List.of(), Subprotocols.parse(null));
    }

    @Test
    void refusesWhatIsNotAnHttpToken() {
        assertThrows(IllegalArgumentException.class, () -> Subprotocols.parse("chat v1"));
        assertThrows(IllegalArgumentException.class, () -> Subprotocols.parse("a,b"));
        assertThrows(IllegalArgumentException.class, () -> Subprotocols.parse(""));
        assertThrows(IllegalArgumentException.class, () -> Subprotocols.parse(new String[] {"ok", "é"}));
        assertThrows(IllegalArgumentException.class, () -> Subprotocols.parse(42));
    }

    @Test
    void refusesTheReservedBearerName() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> Subprotocols.parse("wsstream.bearer"));
        assertTrue(refused.getMessage().contains("reserved"));
    }

    @Test
    void choosesTheClientsFirstOfferThatTheHandlerSpeaks() {
        assertEquals(Optional.of("chat.v1"), Subprotocols.choose(List.of("chat.v3", "chat.v1", "chat.v2"), List.of("chat.v2", "chat.v1")));
        assertEquals(Optional.empty(), Subprotocols.choose(List.of("mqtt"), List.of("chat.v1")));
        assertEquals(Optional.empty(), Subprotocols.choose(List.of("chat.v1"), List.of()));
    }
}
