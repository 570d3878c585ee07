package io.wsstream.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.wsstream.api.StreamManager;
import io.wsstream.api.WebsocketServerStream;
import io.wsstream.api.runtime.WebsocketServerRuntime;
import io.wsstream.api.runtime.dto.ClosedStreamsDTO;
import io.wsstream.api.runtime.dto.HandlerDTO;
import io.wsstream.api.runtime.dto.RuntimeDTO;
import io.wsstream.api.runtime.dto.ServerDTO;

/**
 * What the meters of one server read, each time a registry asks (a scrape, a JMX read): the server's counters from
 * its runtime DTO and its open streams from the stream manager. Nothing is counted here; the message path pays
 * nothing for the meters.
 */
final class ServerReadings {
    private final WebsocketServerRuntime runtime;
    private final StreamManager streams;

    ServerReadings(WebsocketServerRuntime runtime, StreamManager streams) {
        this.runtime = runtime;
        this.streams = streams;
    }

    String name() {
        return runtime.name();
    }

    WebsocketServerRuntime runtime() {
        return runtime;
    }

    ServerDTO server() {
        return runtime.getRuntimeDTO().serverDTO;
    }

    /** @return the refusal reasons the server counts (every reason it knows is a key) */
    List<String> refusalReasons() {
        return List.copyOf(server().refusals.keySet());
    }

    double refused(String reason) {
        Long count = server().refusals.get(reason);
        return count == null ? 0 : count;
    }

    /** One series of {@code wsstream.streams.closed}: a handler path and a close code. */
    record Closes(String path, int code) {}

    /** @return the (handler path, close code) pairs with closed streams so far */
    List<Closes> closes() {
        List<Closes> seen = new ArrayList<>();
        for (ClosedStreamsDTO row : closedStreams()) {
            seen.add(new Closes(row.path, row.code));
        }
        return seen;
    }

    double closed(Closes closes) {
        for (ClosedStreamsDTO row : closedStreams()) {
            if (row.code == closes.code() && row.path.equals(closes.path())) {
                return row.count;
            }
        }
        return 0;
    }

    /** Another implementation of the runtime service may leave the field null. */
    private ClosedStreamsDTO[] closedStreams() {
        ClosedStreamsDTO[] rows = server().closedStreams;
        return rows == null ? new ClosedStreamsDTO[0] : rows;
    }

    /** @return the paths of the handlers the server serves now */
    HandlerPaths handlerPaths() {
        RuntimeDTO dto = runtime.getRuntimeDTO();
        List<String> paths = new ArrayList<>();
        for (HandlerDTO handler : dto.handlerDTOs) {
            paths.add(handler.path);
        }
        return new HandlerPaths(paths);
    }

    /** @return the streams open on this server now, by the path of the handler that serves them */
    Map<String, Integer> openStreamsByHandlerPath(HandlerPaths paths) {
        List<String> requestPaths = new ArrayList<>();
        for (WebsocketServerStream stream : streams.streams()) {
            if (runtime.name().equals(stream.info().serverName())) {
                requestPaths.add(stream.path());
            }
        }
        return paths.count(requestPaths);
    }
}
