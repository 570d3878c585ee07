package io.wsstream.jetty.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HandlerRegistryTest {
    private static final String SERVER = "default";
    private final HandlerRegistry<String> registry = new HandlerRegistry<>();

    @BeforeEach
    void oneServer() {
        registry.putServer(SERVER, Map.of("wsstream.server.name", SERVER, "wsstream.server.port", 8765));
    }

    private static HandlerInfo<String> handler(long serviceId, String path, int ranking) {
        PathPattern pattern = PathPattern.parse(path).pattern().orElseThrow();
        return HandlerInfo.valid(serviceId, 1, ranking, pattern, 1001, 0, "handler-" + serviceId);
    }

    private Optional<String> servedBy(String path) {
        return registry.route(SERVER, path).map(route -> route.handler().source());
    }

    @ParameterizedTest(name = "{0} -> {1} (pathInfo {2})")
    @CsvSource(nullValues = "null", value = {
        "/chat, handler-1, null",
        "/chat/x, handler-4, /chat/x",
        "/devices, handler-2, null",
        "/devices/7, handler-2, /7",
        "/devices/7/status, handler-2, /7/status",
        "/devices/special, handler-5, null",
        "/devices/special/x, handler-3, /x",
        "/devicesX, handler-4, /devicesX",
        "/, handler-4, /",
    })
    void exactBeatsPrefixAndLongestPrefixWins(String path, String expectedHandler, String expectedPathInfo) {
        registry.put(handler(1, "/chat", 0));
        registry.put(handler(2, "/devices/*", 0));
        registry.put(handler(3, "/devices/special/*", 0));
        registry.put(handler(4, "/*", 0));
        registry.put(handler(5, "/devices/special", 0));

        Route<String> route = registry.route(SERVER, path).orElseThrow();
        assertEquals(expectedHandler, route.handler().source());
        assertEquals(expectedPathInfo, route.pathInfo());
    }

    @Test
    void unknownPathHasNoRoute() {
        registry.put(handler(1, "/chat", 0));
        assertTrue(registry.route(SERVER, "/chat2").isEmpty());
        assertTrue(registry.route(SERVER, "/").isEmpty());
    }

    @Test
    void higherRankingServesAndLoserTakesOverWhenItLeaves() {
        registry.put(handler(10, "/chat", 0));
        registry.put(handler(11, "/chat", 5));
        assertEquals(Optional.of("handler-11"), servedBy("/chat"));
        assertEquals(List.of(10L), ids(registry.table(SERVER).shadowed()));

        registry.remove(11);
        assertEquals(Optional.of("handler-10"), servedBy("/chat"));
        assertTrue(registry.table(SERVER).shadowed().isEmpty());
    }

    @Test
    void equalRankingLowerServiceIdWins() {
        registry.put(handler(21, "/chat", 3));
        registry.put(handler(20, "/chat", 3));
        assertEquals(Optional.of("handler-20"), servedBy("/chat"));
        assertEquals(List.of(21L), ids(registry.table(SERVER).shadowed()));
    }

    @Test
    void changedPropertiesReRoute() {
        registry.put(handler(1, "/a", 0));
        registry.put(handler(1, "/b", 0));
        assertTrue(registry.route(SERVER, "/a").isEmpty());
        assertEquals(Optional.of("handler-1"), servedBy("/b"));
        assertEquals(1, registry.table(SERVER).served().size());
    }

    @Test
    void invalidHandlerIsListedAndNeverRouted() {
        registry.put(HandlerInfo.invalid(7, 1, 0, "chat", "wsstream.path must start with '/'", "handler-7"));
        assertTrue(registry.route(SERVER, "/chat").isEmpty());
        assertEquals(List.of(7L), ids(registry.snapshot().invalid()));
        assertTrue(registry.contains(7));
        registry.remove(7);
        assertFalse(registry.contains(7));
    }

    @ParameterizedTest
    @CsvSource({"chat", "/a*b", "/a/*/b", "/a//b", "/a/", "/a?x"})
    void invalidPatternsAreRefused(String path) {
        assertTrue(PathPattern.parse(path).pattern().isEmpty(), path);
    }

    @Test
    void missingPathIsRefused() {
        PathPattern.Result result = PathPattern.parse(null);
        assertTrue(result.pattern().isEmpty());
        assertTrue(result.error().contains("missing"));
    }

    @Test
    void prefixBaseHasNoPathInfo() {
        registry.put(handler(1, "/devices/*", 0));
        assertNull(registry.route(SERVER, "/devices").orElseThrow().pathInfo());
    }

    // ---- several servers: targets ----

    private static HandlerInfo<String> targeting(long serviceId, String path, String serverName) {
        return handler(serviceId, path, 0).withTarget(ServerTarget.of(Map.of("wsstream.target", "(wsstream.server.name=" + serverName + ")")));
    }

    @Test
    void aTargetedHandlerIsServedOnlyByTheMatchingServer() {
        registry.putServer("tls", Map.of("wsstream.server.name", "tls"));
        registry.put(targeting(1, "/chat", "tls"));
        assertTrue(registry.route(SERVER, "/chat").isEmpty());
        assertEquals("handler-1", registry.route("tls", "/chat").orElseThrow().handler().source());
        assertEquals(java.util.Set.of("tls"), registry.serversOf(1));
    }

    @Test
    void twoHandlersOnOnePathTargetingDifferentServersAreBothServed() {
        registry.putServer("tls", Map.of("wsstream.server.name", "tls"));
        registry.put(targeting(1, "/chat", SERVER));
        registry.put(targeting(2, "/chat", "tls"));
        assertEquals("handler-1", registry.route(SERVER, "/chat").orElseThrow().handler().source());
        assertEquals("handler-2", registry.route("tls", "/chat").orElseThrow().handler().source());
        assertTrue(registry.table(SERVER).shadowed().isEmpty());
        assertTrue(registry.table("tls").shadowed().isEmpty());
    }

    @Test
    void shadowingIsPerServer() {
        registry.putServer("tls", Map.of("wsstream.server.name", "tls"));
        registry.put(handler(1, "/chat", 0));
        registry.put(handler(2, "/chat", 5).withTarget(targeting(2, "/chat", "tls").target()));
        assertEquals("handler-1", registry.route(SERVER, "/chat").orElseThrow().handler().source());
        assertEquals("handler-2", registry.route("tls", "/chat").orElseThrow().handler().source());
        assertEquals(List.of(1L), ids(registry.table("tls").shadowed()));
        assertTrue(registry.table(SERVER).shadowed().isEmpty());
    }

    @Test
    void aHandlerForNoRunningServerIsUnmatchedUntilItsServerStarts() {
        registry.put(targeting(1, "/chat", "later"));
        assertEquals(List.of(1L), ids(registry.snapshot().unmatched()));
        assertTrue(registry.putServer("later", Map.of("wsstream.server.name", "later")));
        assertTrue(registry.snapshot().unmatched().isEmpty());
        assertTrue(registry.route("later", "/chat").isPresent());
        registry.removeServer("later");
        assertEquals(List.of(1L), ids(registry.snapshot().unmatched()));
    }

    @Test
    void serverNamesAreUnique() {
        assertFalse(registry.putServer(SERVER, Map.of()));
    }

    @Test
    void targetsAreLdapFilters() {
        ServerTarget byPort = ServerTarget.of(Map.of("wsstream.target", "(&(wsstream.server.name=a)(wsstream.server.port>=9000))"));
        assertTrue(byPort.matches(Map.of("wsstream.server.name", "a", "wsstream.server.port", 9001)));
        assertFalse(byPort.matches(Map.of("wsstream.server.name", "a", "wsstream.server.port", 8765)));
        assertTrue(ServerTarget.of(Map.of()).matches(Map.of("wsstream.server.name", "x")));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> ServerTarget.of(Map.of("wsstream.target", "(broken")));
    }

    private static List<Long> ids(List<HandlerInfo<String>> handlers) {
        return handlers.stream().map(HandlerInfo::serviceId).sorted().collect(Collectors.toList());
    }
}
