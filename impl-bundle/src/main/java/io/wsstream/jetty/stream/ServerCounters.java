package io.wsstream.jetty.stream;

import java.util.concurrent.atomic.LongAdder;

import io.wsstream.api.runtime.ServerDTO;

/** What one server has done; increments are contention-free ({@link LongAdder}). */
public final class ServerCounters {
    final LongAdder accepted = new LongAdder();
    final LongAdder messagesIn = new LongAdder();
    final LongAdder messagesOut = new LongAdder();
    final LongAdder bytesIn = new LongAdder();
    final LongAdder bytesOut = new LongAdder();
    final LongAdder closedOutboundLimit = new LongAdder();
    private final LongAdder refusedNotFound = new LongAdder();
    private final LongAdder refusedUpgradeRequired = new LongAdder();
    private final LongAdder refusedUnavailable = new LongAdder();
    private final LongAdder refusedBadRequest = new LongAdder();

    public void refusedNotFound() {
        refusedNotFound.increment();
    }

    public void refusedUpgradeRequired() {
        refusedUpgradeRequired.increment();
    }

    public void refusedBadRequest() {
        refusedBadRequest.increment();
    }

    public void refusedUnavailable() {
        refusedUnavailable.increment();
    }

    public ServerDTO toDto(String name, String host, int port) {
        ServerDTO dto = new ServerDTO();
        dto.name = name;
        dto.host = host;
        dto.port = port;
        dto.accepted = accepted.sum();
        dto.refusedNotFound = refusedNotFound.sum();
        dto.refusedUpgradeRequired = refusedUpgradeRequired.sum();
        dto.refusedUnavailable = refusedUnavailable.sum();
        dto.refusedBadRequest = refusedBadRequest.sum();
        dto.messagesIn = messagesIn.sum();
        dto.messagesOut = messagesOut.sum();
        dto.bytesIn = bytesIn.sum();
        dto.bytesOut = bytesOut.sum();
        dto.closedOutboundLimit = closedOutboundLimit.sum();
        return dto;
    }
}
