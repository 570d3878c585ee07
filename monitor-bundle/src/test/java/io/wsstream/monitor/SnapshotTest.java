package io.wsstream.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.wsstream.api.StreamStatistics;
import io.wsstream.api.runtime.dto.FailedHandlerDTO;
import io.wsstream.api.runtime.dto.HandlerDTO;
import io.wsstream.api.runtime.dto.ServerDTO;
import io.wsstream.api.runtime.dto.WhiteboardDTO;

import org.junit.jupiter.api.Test;

/** The snapshot's rates follow the streams' counters between two readings; the DTOs are carried over. */
class SnapshotTest {
    private static final Instant OPENED = Instant.parse("2026-12-05T10:00:00Z");
    private static final long SECOND = 1_000_000_000L;

    @Test
    void ratesArePerSecondBetweenReadingsByHandlerPath() {
        TrafficRates rates = new TrafficRates();
        TrafficRates.Sample first = rates.next(List.of(stream("a", "/devices/7", "/7", 10, 10), stream("b", "/echo", null, 0, 0)), 0);
        assertEquals(0.0, first.paths().get(0).inPerSecond(), "no rate before a second reading");

        TrafficRates.Sample second = rates.next(List.of(
            stream("a", "/devices/7", "/7", 30, 10),   // 20 in over 2 s
            stream("b", "/echo", null, 6, 6),          // 6 in, 6 out
            stream("c", "/devices/8", "/8", 4, 0)),    // opened since: counts from 0
            2 * SECOND);
        assertEquals(List.of(
            new TrafficRates.PathRate("/devices/*", 2, 12.0, 0.0),
            new TrafficRates.PathRate("/echo", 1, 3.0, 3.0)), second.paths());

        TrafficRates.Sample third = rates.next(List.of(stream("b", "/echo", null, 6, 6)), 3 * SECOND);
        assertEquals(List.of(new TrafficRates.PathRate("/echo", 1, 0.0, 0.0)), third.paths());
    }

    @Test
    void snapshotListsServersHandlersFailuresPathsAndBusiestStreams() {
        TrafficRates rates = new TrafficRates();
        rates.next(List.of(stream("quiet", "/chat", null, 1, 1), stream("busy", "/echo", null, 0, 0)), 0);
        TrafficRates.Sample sample = rates.next(List.of(stream("quiet", "/chat", null, 1, 1), stream("busy", "/echo", null, 5, 5)), SECOND);

        Map<String, Object> snapshot = Snapshot.of(Instant.ofEpochMilli(1234), whiteboard(), sample);

        assertEquals("snapshot", snapshot.get("type"));
        assertEquals(1234L, snapshot.get("time"));
        Map<?, ?> server = (Map<?, ?>) ((List<?>) snapshot.get("servers")).get(0);
        assertEquals("default", server.get("name"));
        assertEquals(Map.of("host", 2L, "origin", 0L), server.get("refusals"));
        assertEquals(List.of("/chat", "/echo", "/idle"), column(snapshot, "paths", "path"), "a served path without streams is listed too");
        assertEquals(List.of(5.0, 0.0), List.of(row(snapshot, "paths", 1).get("inPerSecond"), row(snapshot, "paths", 2).get("inPerSecond")));
        assertEquals(List.of("busy", "quiet"), column(snapshot, "busiestStreams", "id"));
        assertEquals("shadowed by service 3", row(snapshot, "failedHandlers", 0).get("reason"));
        assertEquals(List.of("/chat", "/echo"), snapshot.get("tailPaths"));
    }

    @Test
    void slowestStreamsAreThoseWithTheLongestOutboundQueue() {
        TrafficRates rates = new TrafficRates();
        TrafficRates.Sample sample = rates.next(List.of(
            queued("keeps-up", 0), queued("slow", 4_000), queued("slowest", 90_000), queued("busy-but-reading", 0)), 0);

        Map<String, Object> snapshot = Snapshot.of(Instant.ofEpochMilli(1), whiteboard(), sample);

        assertEquals(List.of("slowest", "slow"), column(snapshot, "slowestStreams", "id"), "longest queue first, none without a queue");
        assertEquals(90_000L, row(snapshot, "slowestStreams", 0).get("outboundQueuedBytes"));
    }

    private static StreamReading queued(String id, long queuedBytes) {
        return new StreamReading(id, "/feed", "/feed", "default", "127.0.0.1:5000", OPENED,
            new StreamStatistics(1, 1, 10, 10, queuedBytes));
    }

    private static WhiteboardDTO whiteboard() {
        ServerDTO server = new ServerDTO();
        server.name = "default";
        server.host = "127.0.0.1";
        server.port = 8765;
        server.refusals = Map.of("origin", 0L, "host", 2L);
        HandlerDTO idle = new HandlerDTO();
        idle.path = "/idle";
        idle.serverNames = new String[] {"default"};
        FailedHandlerDTO shadowed = new FailedHandlerDTO();
        shadowed.path = "/echo";
        shadowed.serverNames = new String[] {"default"};
        shadowed.failureReason = 1;
        shadowed.failureMessage = "shadowed by service 3";
        WhiteboardDTO whiteboard = new WhiteboardDTO();
        whiteboard.serverDTOs = new ServerDTO[] {server};
        whiteboard.handlerDTOs = new HandlerDTO[] {idle};
        whiteboard.failedHandlerDTOs = new FailedHandlerDTO[] {shadowed};
        return whiteboard;
    }

    private static StreamReading stream(String id, String path, String pathInfo, long in, long out) {
        return new StreamReading(id, StreamReading.handlerPath(path, pathInfo), path, "default", "127.0.0.1:5000", OPENED,
            new StreamStatistics(in, out, in * 10, out * 10));
    }

    private static Map<?, ?> row(Map<String, Object> snapshot, String list, int index) {
        return (Map<?, ?>) ((List<?>) snapshot.get(list)).get(index);
    }

    private static List<?> column(Map<String, Object> snapshot, String list, String key) {
        return ((List<?>) snapshot.get(list)).stream().map(row -> ((Map<?, ?>) row).get(key)).toList();
    }
}
