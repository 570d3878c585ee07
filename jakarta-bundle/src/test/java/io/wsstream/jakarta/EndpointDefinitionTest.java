package io.wsstream.jakarta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import org.junit.jupiter.api.Test;

class EndpointDefinitionTest {
    @ServerEndpoint("/rooms/{room}")
    static class Room {}

    static class Programmatic extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {}
    }

    @Test
    void anAnnotatedEndpointIsServedOnItsAnnotationsPath() {
        EndpointDefinition room = EndpointDefinition.of(new Room(), Map.of());

        assertEquals("/rooms/{room}", room.path());
        assertTrue(room.isAnnotated());
    }

    @Test
    void thePathPropertyOverridesTheAnnotationAndTheAnnotationsTemplateStillBinds() {
        EndpointDefinition room = EndpointDefinition.of(new Room(), Map.of(EndpointDefinition.PATH, "/chat/{room}/live"));

        assertEquals("/chat/{room}/live", room.path());
        assertEquals("/rooms/lobby", room.annotationPathOf(Map.of("room", "lobby")));
        assertEquals(null, room.annotationPathOf(Map.of()));
    }

    @Test
    void aProgrammaticEndpointNeedsThePathProperty() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> EndpointDefinition.of(new Programmatic(), Map.of()));
        assertTrue(missing.getMessage().contains(EndpointDefinition.PATH), missing.getMessage());

        EndpointDefinition served = EndpointDefinition.of(new Programmatic(), Map.of(EndpointDefinition.PATH, "/p"));
        assertEquals("/p", served.path());
        assertFalse(served.isAnnotated());
    }

    @Test
    void invalidEndpointsAreRefusedWithTheReason() {
        assertThrows(IllegalArgumentException.class, () -> EndpointDefinition.of("not an endpoint", Map.of(EndpointDefinition.PATH, "/x")));
        assertThrows(IllegalArgumentException.class, () -> EndpointDefinition.of(new Programmatic(), Map.of(EndpointDefinition.PATH, 7)));
        assertThrows(IllegalArgumentException.class, () -> EndpointDefinition.of(new Programmatic(), Map.of(EndpointDefinition.PATH, "relative")));
        IllegalArgumentException lacking = assertThrows(IllegalArgumentException.class,
                () -> EndpointDefinition.of(new Room(), Map.of(EndpointDefinition.PATH, "/chat/{id}")));
        assertTrue(lacking.getMessage().contains("/rooms/{room}"), lacking.getMessage());
    }
}
