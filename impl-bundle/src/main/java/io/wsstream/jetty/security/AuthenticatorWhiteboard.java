package io.wsstream.jetty.security;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.wsstream.api.AuthenticationResult;
import io.wsstream.api.HandshakeRequest;
import io.wsstream.api.StreamAuthenticator;
import io.wsstream.api.runtime.FailedAuthenticatorDTO;
import io.wsstream.api.runtime.StreamRuntimeDTO;
import io.wsstream.jetty.routing.ServerTarget;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks {@link StreamAuthenticator} services and asks them about each handshake: in ranking order, the
 * first that does not abstain decides. An authenticator with an invalid {@code wsstream.target} fails
 * closed: it cannot be asked, and ignoring it would let in the connections it was registered to vet, so
 * while it is registered every handshake on the servers it could apply to (all of them, since its target
 * cannot be read) is refused with 503, and the runtime DTO lists it.
 */
@Component(service = AuthenticatorWhiteboard.class)
public final class AuthenticatorWhiteboard {
    private static final Logger LOG = LoggerFactory.getLogger(AuthenticatorWhiteboard.class);
    private static final Comparator<Entry> PRECEDENCE =
            Comparator.comparingInt((Entry e) -> e.ranking).reversed().thenComparingLong(e -> e.serviceId);

    /** Replaced whole, never changed in place: a handshake sees the list before or after a change. */
    private volatile List<Entry> authenticators = List.of();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindAuthenticator(StreamAuthenticator authenticator, Map<String, Object> properties) {
        long serviceId = (Long) properties.get(Constants.SERVICE_ID);
        Object ranking = properties.get(Constants.SERVICE_RANKING);
        Object bundleId = properties.get(Constants.SERVICE_BUNDLEID);
        int rank = ranking instanceof Integer ? (Integer) ranking : 0;
        long bundle = bundleId instanceof Long ? (Long) bundleId : -1;
        try {
            ServerTarget target = ServerTarget.of(properties);
            replace(serviceId, new Entry(authenticator, serviceId, bundle, rank, target, null));
            LOG.info("using authenticator service {} for {}", serviceId, target);
        } catch (IllegalArgumentException invalidTarget) {
            replace(serviceId, new Entry(authenticator, serviceId, bundle, rank, ServerTarget.ANY, invalidTarget.getMessage()));
            LOG.warn("authenticator service {} of bundle {} is invalid: {}; handshakes on every server get 503 until it is fixed "
                    + "or unregistered", serviceId, bundle, invalidTarget.getMessage());
        }
    }

    /** New properties take the place of the old ones in one step: no handshake goes by without the service. */
    void updatedAuthenticator(StreamAuthenticator authenticator, Map<String, Object> properties) {
        bindAuthenticator(authenticator, properties);
    }

    void unbindAuthenticator(StreamAuthenticator authenticator, Map<String, Object> properties) {
        replace((Long) properties.get(Constants.SERVICE_ID), null);
    }

    /** @param entry the service's new entry, or {@code null} to remove it */
    private synchronized void replace(long serviceId, Entry entry) {
        List<Entry> next = new ArrayList<>(authenticators);
        next.removeIf(existing -> existing.serviceId == serviceId);
        if (entry != null) {
            next.add(entry);
            next.sort(PRECEDENCE);
        }
        authenticators = List.copyOf(next);
    }

    /**
     * @param serverProperties the runtime properties of the server the client connected to
     * @param handshake the request as authenticators see it: made only when one applies (it copies headers)
     * @return the verdict of the first authenticator that decides; anonymous when none does
     */
    public Authentication authenticate(Map<String, Object> serverProperties, Supplier<HandshakeRequest> handshake) {
        List<Entry> current = authenticators;
        for (Entry entry : current) {
            if (entry.invalidReason != null && entry.target.matches(serverProperties)) {
                return Authentication.refused(Authentication.UNAVAILABLE, "authenticator service " + entry.serviceId + " is invalid ("
                        + entry.invalidReason + "): no handshake on this server is let in until it is fixed or unregistered");
            }
        }
        HandshakeRequest request = null;
        for (Entry entry : current) {
            if (!entry.target.matches(serverProperties)) {
                continue;
            }
            if (request == null) {
                request = handshake.get();
            }
            AuthenticationResult result;
            try {
                result = entry.authenticator.authenticate(request);
            } catch (Throwable failure) {
                // Errors too (a class of a refreshed bundle gone, a stack overflow): the handshake gets its
                // answer and gives back its place under the connection limit.
                LOG.warn("authenticator service {} failed on the {}: 500 ({})", entry.serviceId, request, failure.toString());
                LOG.debug("authenticator service {} failed", entry.serviceId, failure);
                return Authentication.refused(Authentication.FAILED, "authenticator service " + entry.serviceId + " failed: " + failure);
            }
            if (result == null) {
                LOG.warn("authenticator service {} returned null for the {}: 500", entry.serviceId, request);
                return Authentication.refused(Authentication.FAILED, "authenticator service " + entry.serviceId + " returned null");
            }
            if (result.isAccepted()) {
                return Authentication.accepted(result.principal().orElseThrow());
            }
            if (result.isRefused()) {
                return Authentication.refused(result.status(), "authenticator service " + entry.serviceId + ": " + result.reason());
            }
        }
        return Authentication.anonymous();
    }

    /** @return the authenticators that are invalid, in service id order, for the runtime DTO */
    public FailedAuthenticatorDTO[] failedAuthenticators() {
        return authenticators.stream()
                .filter(entry -> entry.invalidReason != null)
                .sorted(Comparator.comparingLong((Entry entry) -> entry.serviceId))
                .map(entry -> {
                    FailedAuthenticatorDTO dto = new FailedAuthenticatorDTO();
                    dto.serviceId = entry.serviceId;
                    dto.bundleId = entry.bundleId;
                    dto.failureReason = StreamRuntimeDTO.FAILURE_REASON_VALIDATION_FAILED;
                    dto.failureMessage = entry.invalidReason + "; handshakes on every server get 503 until it is fixed or unregistered";
                    return dto;
                })
                .toArray(FailedAuthenticatorDTO[]::new);
    }

    private static final class Entry {
        final StreamAuthenticator authenticator;
        final long serviceId;
        final long bundleId;
        final int ranking;
        /** The servers it applies to; {@link ServerTarget#ANY} for an invalid one: it could apply to any. */
        final ServerTarget target;
        /** Why it cannot be used, {@code null} when it can. */
        final String invalidReason;

        Entry(StreamAuthenticator authenticator, long serviceId, long bundleId, int ranking, ServerTarget target, String invalidReason) {
            this.authenticator = authenticator;
            this.serviceId = serviceId;
            this.bundleId = bundleId;
            this.ranking = ranking;
            this.target = target;
            this.invalidReason = invalidReason;
        }
    }
}
