package io.wsstream.jetty.whiteboard;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongToIntFunction;

import io.wsstream.api.runtime.FailedHandlerDTO;
import io.wsstream.api.runtime.HandlerDTO;
import io.wsstream.api.runtime.StreamRuntimeDTO;
import io.wsstream.jetty.routing.HandlerInfo;
import io.wsstream.jetty.routing.HandlerRegistry.RoutingTable;

/** Builds the runtime DTOs from a routing table: the one place that maps handlers to failure reasons. */
final class RuntimeDtos {
    private RuntimeDtos() {}

    static StreamRuntimeDTO of(RoutingTable<?> table, LongToIntFunction openStreams) {
        StreamRuntimeDTO dto = new StreamRuntimeDTO();
        dto.handlerDTOs = table.served().stream().map(h -> fill(new HandlerDTO(), h, openStreams)).toArray(HandlerDTO[]::new);
        List<FailedHandlerDTO> failed = new ArrayList<>();
        for (HandlerInfo<?> shadowed : table.shadowed()) {
            failed.add(failed(shadowed, openStreams, StreamRuntimeDTO.FAILURE_REASON_SHADOWED,
                    "another handler with higher ranking serves " + shadowed.rawPath()));
        }
        for (HandlerInfo<?> invalid : table.invalid()) {
            int reason = invalid.isNotGettable() ? StreamRuntimeDTO.FAILURE_REASON_SERVICE_NOT_GETTABLE
                    : StreamRuntimeDTO.FAILURE_REASON_VALIDATION_FAILED;
            failed.add(failed(invalid, openStreams, reason, invalid.invalidReason()));
        }
        dto.failedHandlerDTOs = failed.toArray(FailedHandlerDTO[]::new);
        return dto;
    }

    private static FailedHandlerDTO failed(HandlerInfo<?> handler, LongToIntFunction openStreams, int reason, String message) {
        FailedHandlerDTO dto = fill(new FailedHandlerDTO(), handler, openStreams);
        dto.failureReason = reason;
        dto.failureMessage = message;
        return dto;
    }

    private static <T extends HandlerDTO> T fill(T dto, HandlerInfo<?> handler, LongToIntFunction openStreams) {
        dto.path = handler.rawPath();
        dto.serviceId = handler.serviceId();
        dto.bundleId = handler.bundleId();
        dto.ranking = handler.ranking();
        dto.openStreams = openStreams.applyAsInt(handler.serviceId());
        return dto;
    }
}
