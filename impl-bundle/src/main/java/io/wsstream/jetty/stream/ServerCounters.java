package io.wsstream.jetty.stream;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import io.wsstream.api.runtime.ServerDTO;

/**
 * What one configured server has done; kept across restarts caused by configuration changes. Increments
 * are contention-free ({@link LongAdder}).
 */
public final class ServerCounters {
    final LongAdder accepted = new LongAdder();
    final LongAdder messagesIn = new LongAdder();
    final LongAdder messagesOut = new LongAdder();
    final LongAdder bytesIn = new LongAdder();
    final LongAdder bytesOut = new LongAdder();
    final LongAdder closedOutboundLimit = new LongAdder();
    final LongAdder closedKeepAlive = new LongAdder();
    private final Map<Refusal, LongAdder> refused = new EnumMap<>(Refusal.class);

    public ServerCounters() {
        for (Refusal reason : Refusal.values()) {
            refused.put(reason, new LongAdder());
        }
    }

    public void refused(Refusal reason) {
        refused.get(reason).increment();
    }

    public ServerDTO toDto(String name, String host, int port, boolean secure, int openStreams) {
        ServerDTO dto = new ServerDTO();
        dto.name = name;
        dto.host = host;
        dto.port = port;
        dto.secure = secure;
        dto.openStreams = openStreams;
        dto.accepted = accepted.sum();
        dto.refusedNotFound = count(Refusal.NOT_FOUND);
        dto.refusedUpgradeRequired = count(Refusal.UPGRADE_REQUIRED);
        dto.refusedBadRequest = count(Refusal.BAD_REQUEST);
        dto.refusedOrigin = count(Refusal.ORIGIN);
        dto.refusedConnectionLimit = count(Refusal.CONNECTION_LIMIT);
        dto.refusedUnauthenticated = count(Refusal.UNAUTHENTICATED);
        dto.refusedForbidden = count(Refusal.FORBIDDEN);
        dto.refusedAuthenticatorFailed = count(Refusal.AUTHENTICATOR_FAILED);
        dto.refusedUnavailable = count(Refusal.UNAVAILABLE);
        dto.messagesIn = messagesIn.sum();
        dto.messagesOut = messagesOut.sum();
        dto.bytesIn = bytesIn.sum();
        dto.bytesOut = bytesOut.sum();
        dto.closedOutboundLimit = closedOutboundLimit.sum();
        dto.closedKeepAlive = closedKeepAlive.sum();
        return dto;
    }

    private long count(Refusal reason) {
        return refused.get(reason).sum();
    }
}
