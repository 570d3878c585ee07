package io.wsstream.jetty.whiteboard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.LongToIntFunction;

import io.wsstream.api.runtime.dto.DTOConstants;
import io.wsstream.api.runtime.dto.FailedHandlerDTO;
import io.wsstream.api.runtime.dto.HandlerDTO;
import io.wsstream.api.runtime.dto.RuntimeDTO;
import io.wsstream.api.runtime.dto.WhiteboardDTO;
import io.wsstream.jetty.routing.HandlerInfo;
import io.wsstream.jetty.routing.HandlerRegistry.Snapshot;
import io.wsstream.jetty.routing.RoutingTable;

/**
 * Builds the runtime DTOs from a registry snapshot: the one place that maps handlers to failure reasons.
 * A handler served by several servers is one {@link HandlerDTO} naming them; shadowed on some servers, it
 * is also one {@link FailedHandlerDTO} naming those.
 */
final class RuntimeDtos {
    private static final String[] NO_SERVERS = new String[0];

    private RuntimeDtos() {}

    static WhiteboardDTO of(Snapshot<?> snapshot, LongToIntFunction openStreams) {
        Map<HandlerInfo<?>, TreeSet<String>> servedOn = new LinkedHashMap<>();
        Map<HandlerInfo<?>, TreeSet<String>> shadowedOn = new LinkedHashMap<>();
        for (Map.Entry<String, ? extends RoutingTable<?>> server : snapshot.tables().entrySet()) {
            server.getValue().served().forEach(h -> servedOn.computeIfAbsent(h, k -> new TreeSet<>()).add(server.getKey()));
            server.getValue().shadowed().forEach(h -> shadowedOn.computeIfAbsent(h, k -> new TreeSet<>()).add(server.getKey()));
        }
        WhiteboardDTO dto = new WhiteboardDTO();
        dto.handlerDTOs = servedOn.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<HandlerInfo<?>, TreeSet<String>> e) -> e.getKey().rawPath())
                        .thenComparingLong(e -> e.getKey().serviceId()))
                .map(e -> fill(new HandlerDTO(), e.getKey(), openStreams, e.getValue().toArray(NO_SERVERS)))
                .toArray(HandlerDTO[]::new);
        List<FailedHandlerDTO> failed = new ArrayList<>();
        shadowedOn.forEach((handler, servers) -> failed.add(failed(handler, openStreams, servers.toArray(NO_SERVERS),
                DTOConstants.FAILURE_REASON_SHADOWED, "another handler with higher ranking serves " + handler.rawPath()
                        + " on " + String.join(", ", servers))));
        for (HandlerInfo<?> invalid : snapshot.invalid()) {
            int reason = invalid.isNotGettable() ? DTOConstants.FAILURE_REASON_SERVICE_NOT_GETTABLE
                    : DTOConstants.FAILURE_REASON_VALIDATION_FAILED;
            failed.add(failed(invalid, openStreams, NO_SERVERS, reason, invalid.invalidReason()));
        }
        for (HandlerInfo<?> unmatched : snapshot.unmatched()) {
            failed.add(failed(unmatched, openStreams, NO_SERVERS, DTOConstants.FAILURE_REASON_NO_MATCHING_SERVER,
                    "no running server matches " + unmatched.target()));
        }
        dto.failedHandlerDTOs = failed.toArray(FailedHandlerDTO[]::new);
        return dto;
    }

    /**
     * One server's part of the whiteboard: the handlers it serves, those shadowed on it, and those that fail on
     * every server (invalid or not gettable: they name no server). Handlers whose target matches no server are
     * nobody's: only the whiteboard DTO lists them.
     */
    static RuntimeDTO ofServer(WhiteboardDTO all, String server) {
        RuntimeDTO dto = new RuntimeDTO();
        dto.handlerDTOs = Arrays.stream(all.handlerDTOs).filter(h -> names(h, server)).toArray(HandlerDTO[]::new);
        dto.failedHandlerDTOs = Arrays.stream(all.failedHandlerDTOs)
                .filter(h -> names(h, server) || h.serverNames.length == 0
                        && h.failureReason != DTOConstants.FAILURE_REASON_NO_MATCHING_SERVER)
                .toArray(FailedHandlerDTO[]::new);
        return dto;
    }

    private static boolean names(HandlerDTO handler, String server) {
        return Arrays.asList(handler.serverNames).contains(server);
    }

    private static FailedHandlerDTO failed(HandlerInfo<?> handler, LongToIntFunction openStreams, String[] servers, int reason,
            String message) {
        FailedHandlerDTO dto = fill(new FailedHandlerDTO(), handler, openStreams, servers);
        dto.failureReason = reason;
        dto.failureMessage = message;
        return dto;
    }

    private static <T extends HandlerDTO> T fill(T dto, HandlerInfo<?> handler, LongToIntFunction openStreams, String[] servers) {
        dto.path = handler.rawPath();
        dto.serviceId = handler.serviceId();
        dto.bundleId = handler.bundleId();
        dto.ranking = handler.ranking();
        dto.openStreams = openStreams.applyAsInt(handler.serviceId());
        dto.serverNames = servers;
        dto.subprotocols = handler.subprotocols().toArray(new String[0]);
        return dto;
    }
}
