package io.wsstream.monitor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import io.wsstream.api.runtime.dto.FailedAuthenticatorDTO;
import io.wsstream.api.runtime.dto.FailedHandlerDTO;
import io.wsstream.api.runtime.dto.HandlerDTO;
import io.wsstream.api.runtime.dto.ServerDTO;
import io.wsstream.api.runtime.dto.WhiteboardDTO;

/**
 * The JSON object a dashboard receives once a second ({@code "type": "snapshot"}), built from the whiteboard's DTO
 * and the rates of the open streams: maps, lists, strings and numbers only, so the stream's JSON encoding writes it
 * as it is. Field names are the page's contract (see docs/monitoring.md).
 */
final class Snapshot {
    /** How many of the busiest streams a snapshot lists, and of the slowest. */
    static final int BUSIEST_STREAMS = 10;
    /** How many request paths a snapshot offers to tail. */
    static final int TAIL_PATHS = 100;

    private Snapshot() {}

    static Map<String, Object> of(Instant time, WhiteboardDTO whiteboard, TrafficRates.Sample sample) {
        Map<String, Object> snapshot = new LinkedHashMap<>();
        snapshot.put("type", "snapshot");
        snapshot.put("time", time.toEpochMilli());
        snapshot.put("servers", list(whiteboard.serverDTOs, Snapshot::server));
        snapshot.put("handlers", list(whiteboard.handlerDTOs, Snapshot::handler));
        snapshot.put("failedHandlers", list(whiteboard.failedHandlerDTOs, Snapshot::failedHandler));
        snapshot.put("failedAuthenticators", list(whiteboard.failedAuthenticatorDTOs, Snapshot::failedAuthenticator));
        snapshot.put("paths", paths(whiteboard, sample));
        snapshot.put("busiestStreams", busiest(sample));
        snapshot.put("slowestStreams", slowest(sample));
        snapshot.put("tailPaths", tailPaths(sample));
        return snapshot;
    }

    private static Map<String, Object> server(ServerDTO server) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", server.name);
        map.put("host", server.host);
        map.put("port", server.port);
        map.put("secure", server.secure);
        map.put("openStreams", server.openStreams);
        map.put("accepted", server.accepted);
        map.put("refusals", server.refusals == null ? Map.of() : new TreeMap<>(server.refusals));
        map.put("messagesIn", server.messagesIn);
        map.put("messagesOut", server.messagesOut);
        map.put("bytesIn", server.bytesIn);
        map.put("bytesOut", server.bytesOut);
        map.put("closedOutboundLimit", server.closedOutboundLimit);
        map.put("closedKeepAlive", server.closedKeepAlive);
        return map;
    }

    private static Map<String, Object> handler(HandlerDTO handler) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("path", handler.path);
        map.put("serviceId", handler.serviceId);
        map.put("bundleId", handler.bundleId);
        map.put("ranking", handler.ranking);
        map.put("openStreams", handler.openStreams);
        map.put("servers", handler.serverNames == null ? List.of() : List.of(handler.serverNames));
        return map;
    }

    private static Map<String, Object> failedHandler(FailedHandlerDTO failed) {
        Map<String, Object> map = handler(failed);
        map.put("failureReason", failed.failureReason);
        map.put("reason", failed.failureMessage);
        return map;
    }

    private static Map<String, Object> failedAuthenticator(FailedAuthenticatorDTO failed) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("serviceId", failed.serviceId);
        map.put("bundleId", failed.bundleId);
        map.put("failureReason", failed.failureReason);
        map.put("reason", failed.failureMessage);
        return map;
    }

    /** Every served handler's path, with or without streams, and the paths of the open streams, sorted. */
    private static List<Map<String, Object>> paths(WhiteboardDTO whiteboard, TrafficRates.Sample sample) {
        Map<String, TrafficRates.PathRate> byPath = new TreeMap<>();
        if (whiteboard.handlerDTOs != null) {
            for (HandlerDTO handler : whiteboard.handlerDTOs) {
                byPath.put(handler.path, new TrafficRates.PathRate(handler.path, 0, 0, 0));
            }
        }
        sample.paths().forEach(rate -> byPath.put(rate.path(), rate));
        List<Map<String, Object>> paths = new ArrayList<>(byPath.size());
        for (TrafficRates.PathRate rate : byPath.values()) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("path", rate.path());
            map.put("openStreams", rate.openStreams());
            map.put("inPerSecond", round(rate.inPerSecond()));
            map.put("outPerSecond", round(rate.outPerSecond()));
            paths.add(map);
        }
        return paths;
    }

    private static List<Map<String, Object>> busiest(TrafficRates.Sample sample) {
        return sample.streams().stream()
            .sorted(Comparator.comparingDouble(TrafficRates.StreamRate::total).reversed()
                .thenComparing(rate -> rate.stream().openedAt()))
            .limit(BUSIEST_STREAMS)
            .map(Snapshot::streamRow)
            .toList();
    }

    /** The streams whose peers read slowest: those with bytes queued for sending, the longest queue first. */
    private static List<Map<String, Object>> slowest(TrafficRates.Sample sample) {
        return sample.streams().stream()
            .filter(rate -> rate.stream().statistics().outboundQueuedBytes() > 0)
            .sorted(Comparator.comparingLong((TrafficRates.StreamRate rate) -> rate.stream().statistics().outboundQueuedBytes())
                .reversed()
                .thenComparing(rate -> rate.stream().openedAt()))
            .limit(BUSIEST_STREAMS)
            .map(Snapshot::streamRow)
            .toList();
    }

    private static Map<String, Object> streamRow(TrafficRates.StreamRate rate) {
        StreamReading stream = rate.stream();
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", stream.id());
        map.put("path", stream.requestPath());
        map.put("server", stream.server());
        map.put("remote", stream.remote());
        map.put("openedAt", stream.openedAt().toEpochMilli());
        map.put("inPerSecond", round(rate.inPerSecond()));
        map.put("outPerSecond", round(rate.outPerSecond()));
        map.put("messagesIn", stream.statistics().messagesIn());
        map.put("messagesOut", stream.statistics().messagesOut());
        map.put("bytesIn", stream.statistics().bytesIn());
        map.put("bytesOut", stream.statistics().bytesOut());
        map.put("outboundQueuedBytes", stream.statistics().outboundQueuedBytes());
        return map;
    }

    private static List<String> tailPaths(TrafficRates.Sample sample) {
        TreeSet<String> paths = new TreeSet<>();
        sample.streams().forEach(rate -> paths.add(rate.stream().requestPath()));
        return paths.stream().limit(TAIL_PATHS).toList();
    }

    private static <T> List<Map<String, Object>> list(T[] values, java.util.function.Function<T, Map<String, Object>> map) {
        return values == null ? List.of() : Arrays.stream(values).map(map).toList();
    }

    /** One decimal is all a person reads of a rate. */
    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
