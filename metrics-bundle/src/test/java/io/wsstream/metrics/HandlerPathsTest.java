package io.wsstream.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class HandlerPathsTest {
    private final HandlerPaths paths = new HandlerPaths(List.of("/chat", "/devices/*", "/devices/cameras/*", "/*"));

    @Test
    void anEqualPathWinsOverEveryPrefix() {
        assertEquals("/chat", paths.patternOf("/chat"));
    }

    @Test
    void theLongestPrefixWins() {
        assertEquals("/devices/cameras/*", paths.patternOf("/devices/cameras/7"));
        assertEquals("/devices/*", paths.patternOf("/devices/lamps/1"));
        assertEquals("/devices/*", paths.patternOf("/devices"));
        assertEquals("/*", paths.patternOf("/devicesx"));
        assertEquals("/*", paths.patternOf("/chat/room"));
    }

    @Test
    void noPatternForAPathNoHandlerServes() {
        assertNull(new HandlerPaths(List.of("/chat")).patternOf("/other"));
    }

    @Test
    void countsEveryPatternAndLeavesOutPathsNoneServes() {
        Map<String, Integer> counts = new HandlerPaths(List.of("/chat", "/devices/*", "/idle"))
                .count(List.of("/chat", "/chat", "/devices/1", "/gone"));
        assertEquals(Map.of("/chat", 2, "/devices/*", 1, "/idle", 0), counts);
    }

    @Test
    void aTemplateTakesOneSegmentPerVariableAndWinsOverAPrefix() {
        HandlerPaths templates = new HandlerPaths(List.of("/rooms/{id}", "/rooms/{id}/live", "/rooms/lobby/{part}", "/rooms/*"));
        assertEquals("/rooms/{id}", templates.patternOf("/rooms/7"));
        assertEquals("/rooms/{id}/live", templates.patternOf("/rooms/7/live"));
        assertEquals("/rooms/lobby/{part}", templates.patternOf("/rooms/lobby/live"));
        assertEquals("/rooms/*", templates.patternOf("/rooms/7/8/9"));
        assertEquals("/rooms/*", templates.patternOf("/rooms/"));
    }
}
