package io.wsstream.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;

/**
 * wsstream's meters in one registry: for each running server its counters, and for each path a handler serves
 * there its open streams. {@link #update} follows servers and paths as they come and go; the values are read when
 * the registry reads them. The meter objects hold their {@link ServerReadings} weakly (Micrometer's way), so this
 * class keeps them.
 */
final class RegistryMeters {
    static final String STREAMS_OPEN = "wsstream.streams.open";
    static final String SERVER_STREAMS_OPEN = "wsstream.server.streams.open";
    static final String HANDSHAKES_ACCEPTED = "wsstream.handshakes.accepted";
    static final String HANDSHAKES_REFUSED = "wsstream.handshakes.refused";
    static final String MESSAGES = "wsstream.messages";
    static final String BYTES = "wsstream.bytes";
    static final String CLOSED_OUTBOUND_LIMIT = "wsstream.streams.closed.outbound.limit";
    static final String CLOSED_KEEP_ALIVE = "wsstream.streams.closed.keepalive";
    static final String STREAMS_CLOSED = "wsstream.streams.closed";
    static final String SERVER = "server";
    static final String PATH = "path";
    static final String REASON = "reason";
    static final String DIRECTION = "direction";
    static final String CODE = "code";

    private final MeterRegistry registry;
    private final MultiGauge streamsOpenByPath;
    /** The meters of each server, by its name, with the readings they hold weakly. */
    private final Map<String, ServerMeters> servers = new HashMap<>();

    /** @param closes the (path, close code) pairs that have a {@link #STREAMS_CLOSED} counter among the meters */
    private record ServerMeters(ServerReadings readings, List<Meter> meters, Set<ServerReadings.Closes> closes) {}

    RegistryMeters(MeterRegistry registry) {
        this.registry = registry;
        this.streamsOpenByPath = MultiGauge.builder(STREAMS_OPEN)
                .description("Streams open now on a server, by the path of the handler serving them")
                .register(registry);
    }

    /** Adds the meters of new servers, removes those of servers gone or restarted, and sets the paths' rows. */
    synchronized void update(Map<String, ServerReadings> running) {
        servers.entrySet().removeIf(entry -> {
            ServerReadings now = running.get(entry.getKey());
            if (now != null && now.runtime() == entry.getValue().readings().runtime()) {
                return false;
            }
            entry.getValue().meters().forEach(registry::remove);
            return true;
        });
        running.forEach((name, readings) -> servers.computeIfAbsent(name, n -> new ServerMeters(readings, register(readings), new HashSet<>())));
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (ServerMeters server : servers.values()) {
            ServerReadings readings = server.readings();
            registerNewCloses(server);
            HandlerPaths paths = readings.handlerPaths();
            for (String path : paths.patterns()) {
                rows.add(MultiGauge.Row.of(Tags.of(SERVER, readings.name(), PATH, path), readings,
                        r -> r.openStreamsByHandlerPath(paths).getOrDefault(path, 0)));
            }
        }
        streamsOpenByPath.register(rows, true);
    }

    /** Removes every wsstream meter from the registry (it stays, with its other meters). */
    synchronized void close() {
        streamsOpenByPath.register(List.of(), true);
        servers.values().forEach(server -> server.meters().forEach(registry::remove));
        servers.clear();
    }

    private List<Meter> register(ServerReadings readings) {
        String name = readings.name();
        List<Meter> meters = new ArrayList<>();
        meters.add(Gauge.builder(SERVER_STREAMS_OPEN, readings, r -> r.server().openStreams).tag(SERVER, name)
                .description("Streams open now on the server").register(registry));
        meters.add(counter(HANDSHAKES_ACCEPTED, readings, r -> r.server().accepted, Tags.of(SERVER, name), null,
                "Handshakes accepted: streams opened"));
        for (String reason : readings.refusalReasons()) {
            meters.add(counter(HANDSHAKES_REFUSED, readings, r -> r.refused(reason), Tags.of(SERVER, name, REASON, reason), null,
                    "Requests refused, by reason (the keys of ServerDTO.refusals)"));
        }
        meters.add(counter(MESSAGES, readings, r -> r.server().messagesIn, Tags.of(SERVER, name, DIRECTION, "in"), BaseUnits.MESSAGES,
                "Messages received (in) and written to the network (out)"));
        meters.add(counter(MESSAGES, readings, r -> r.server().messagesOut, Tags.of(SERVER, name, DIRECTION, "out"), BaseUnits.MESSAGES,
                "Messages received (in) and written to the network (out)"));
        meters.add(counter(BYTES, readings, r -> r.server().bytesIn, Tags.of(SERVER, name, DIRECTION, "in"), BaseUnits.BYTES,
                "Payload bytes received (in) and written (out)"));
        meters.add(counter(BYTES, readings, r -> r.server().bytesOut, Tags.of(SERVER, name, DIRECTION, "out"), BaseUnits.BYTES,
                "Payload bytes received (in) and written (out)"));
        meters.add(counter(CLOSED_OUTBOUND_LIMIT, readings, r -> r.server().closedOutboundLimit, Tags.of(SERVER, name), null,
                "Streams closed with 1008 because their outbound queue exceeded the limit"));
        meters.add(counter(CLOSED_KEEP_ALIVE, readings, r -> r.server().closedKeepAlive, Tags.of(SERVER, name), null,
                "Streams closed with 1001 because the peer answered no keep-alive ping"));
        return meters;
    }

    /** A close code seen for the first time on a path gets its counter; it stays while the server runs. */
    private void registerNewCloses(ServerMeters server) {
        ServerReadings readings = server.readings();
        for (ServerReadings.Closes closes : readings.closes()) {
            if (server.closes().add(closes)) {
                server.meters().add(counter(STREAMS_CLOSED, readings, r -> r.closed(closes),
                        Tags.of(SERVER, readings.name(), PATH, closes.path(), CODE, Integer.toString(closes.code())), null,
                        "Streams closed, by the path of their handler and close code (1011: the handler threw)"));
            }
        }
    }

    private FunctionCounter counter(String meter, ServerReadings readings, ToDoubleFunction<ServerReadings> count, Tags tags,
            String unit, String description) {
        return FunctionCounter.builder(meter, readings, count).tags(tags).baseUnit(unit).description(description).register(registry);
    }
}
