package io.wsstream.jetty.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Path templates, allowed for upgraders (Jakarta endpoints): one routing table with exact and prefix paths. */
class PathTemplateTest {
    private static final String SERVER = "default";

    private static HandlerInfo<String> template(long serviceId, String path, int ranking) {
        PathPattern pattern = PathPattern.parse(path, true).pattern().orElseThrow();
        return HandlerInfo.valid(serviceId, 1, ranking, pattern, 1001, 0, "handler-" + serviceId);
    }

    private static HandlerRegistry<String> registry(List<HandlerInfo<String>> handlers) {
        HandlerRegistry<String> registry = new HandlerRegistry<>();
        registry.putServer(SERVER, Map.of("wsstream.server.name", SERVER));
        handlers.forEach(registry::put);
        return registry;
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "null", value = {
        "/rooms/lobby, handler-1",
        "/rooms/7, handler-2",
        "/rooms/7/log, handler-3",
        "/rooms/lobby/log, handler-4",
        "/rooms, handler-5",
        "/rooms/, handler-5",
        "/rooms/7/log/x, handler-5",
    })
    void exactThenTemplatesLiteralFirstThenPrefixes(String path, String expected) {
        HandlerRegistry<String> registry = registry(List.of(template(1, "/rooms/lobby", 0), template(2, "/rooms/{id}", 0),
                template(3, "/rooms/{id}/log", 0), template(4, "/rooms/lobby/{what}", 0), template(5, "/rooms/*", 0)));

        assertEquals(expected, registry.route(SERVER, path).orElseThrow().handler().source());
    }

    @Test
    void templatesDifferingOnlyInVariableNamesShadowEachOther() {
        HandlerRegistry<String> registry = registry(List.of(template(1, "/rooms/{id}", 0), template(2, "/rooms/{name}", 5)));

        assertEquals("handler-2", registry.route(SERVER, "/rooms/7").orElseThrow().handler().source());
        assertEquals(List.of("handler-1"), registry.table(SERVER).shadowed().stream().map(HandlerInfo::source).toList());
    }

    @Test
    void braceIsLiteralWhereTemplatesAreNotAllowed() {
        PathPattern literal = PathPattern.parse("/rooms/{id}").pattern().orElseThrow();

        assertFalse(literal.isTemplate());
        assertTrue(literal.match("/rooms/7").isEmpty());
        assertTrue(literal.match("/rooms/{id}").isPresent());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/rooms/{id}/*", "/rooms/{}", "/rooms/x{id}", "/rooms/{id}x", "/rooms/{a{b}", "/rooms/}"})
    void malformedTemplatesAreInvalidWithAReason(String path) {
        PathPattern.Result result = PathPattern.parse(path, true);

        assertTrue(result.pattern().isEmpty(), path);
        assertTrue(result.error().contains(path), result.error());
    }
}
