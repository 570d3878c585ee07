package io.wsstream.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.wsstream.api.StreamManager;
import io.wsstream.api.WebsocketServerStream;
import io.wsstream.api.runtime.WebsocketServerRuntime;
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
