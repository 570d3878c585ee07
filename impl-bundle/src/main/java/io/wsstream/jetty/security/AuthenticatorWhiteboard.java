package io.wsstream.jetty.security;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.wsstream.api.authentication.AuthenticationResult;
import io.wsstream.api.authentication.HandshakeRequest;
import io.wsstream.api.authentication.StreamAuthenticator;
import io.wsstream.api.runtime.dto.DTOConstants;
import io.wsstream.api.runtime.dto.FailedAuthenticatorDTO;
import io.wsstream.jetty.routing.ServerTarget;

import org.osgi.framework.Constants;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks {@link StreamAuthenticator} services and asks them about each handshake: in ranking order, the
 * first that does not abstain decides. An authenticator that cannot be used fails closed: it cannot be
 * asked, and ignoring it would let in the connections it was registered to vet, so while it is registered
 * every handshake on the servers it could apply to is refused with 503, and the runtime DTO lists it. That is
 * every server when its {@code wsstream.target} cannot be read, the servers its target matches when its
 * service object cannot be obtained.
 */
@Component(service = AuthenticatorWhiteboard.class)
public final class AuthenticatorWhiteboard {
    private static final Logger LOG = LoggerFactory.getLogger(AuthenticatorWhiteboard.class);
    private static final Comparator<Entry> PRECEDENCE =
            Comparator.comparingInt((Entry e) -> e.ranking()).reversed().thenComparingLong(e -> e.serviceId());

    /** Replaced whole, never changed in place: a handshake sees the list before or after a change. */
    private volatile List<Entry> authenticators = List.of();

    /**
     * Takes the service object itself (through {@link ComponentServiceObjects}) rather than letting SCR do it:
     * SCR would skip a service whose factory fails without telling us, and its handshakes would go unvetted.
     */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindAuthenticator(ComponentServiceObjects<StreamAuthenticator> service, Map<String, Object> properties) {
        put(obtain(service), properties);
    }

    /** New properties take the place of the old ones in one step: no handshake goes by without the service. */
    void updatedAuthenticator(ComponentServiceObjects<StreamAuthenticator> service, Map<String, Object> properties) {
        StreamAuthenticator current = authenticatorOf((Long) properties.get(Constants.SERVICE_ID));
        put(current != null ? current : obtain(service), properties);
    }

    void unbindAuthenticator(ComponentServiceObjects<StreamAuthenticator> service, Map<String, Object> properties) {
        long serviceId = (Long) properties.get(Constants.SERVICE_ID);
        StreamAuthenticator current = authenticatorOf(serviceId);
        replace(serviceId, null);
        if (current != null) {
            try {
                service.ungetService(current);
            } catch (IllegalStateException | IllegalArgumentException gone) {
                LOG.debug("authenticator service {} was gone already", serviceId, gone);
            }
        }
    }

    /** @return the service object, {@code null} when it cannot be had (its factory failed or returned null) */
    private static StreamAuthenticator obtain(ComponentServiceObjects<StreamAuthenticator> service) {
        try {
            return service.getService();
        } catch (RuntimeException notGettable) {
            LOG.debug("authenticator service not gettable", notGettable);
            return null;
        }
    }

    /**
     * @param authenticator the service object, {@code null} when it could not be obtained: the service then
     *     fails closed on the servers its target matches
     */
    private void put(StreamAuthenticator authenticator, Map<String, Object> properties) {
        long serviceId = (Long) properties.get(Constants.SERVICE_ID);
        Object ranking = properties.get(Constants.SERVICE_RANKING);
        Object bundleId = properties.get(Constants.SERVICE_BUNDLEID);
        int rank = ranking instanceof Integer ? (Integer) ranking : 0;
        long bundle = bundleId instanceof Long ? (Long) bundleId : -1;
        ServerTarget target;
        try {
            target = ServerTarget.of(properties);
        } catch (IllegalArgumentException invalidTarget) {
            // unreadable: it could apply to any server
            fail(new Entry(authenticator, serviceId, bundle, rank, ServerTarget.ANY, DTOConstants.FAILURE_REASON_VALIDATION_FAILED,
                    invalidTarget.getMessage()));
            return;
        }
        if (authenticator == null) {
            fail(new Entry(null, serviceId, bundle, rank, target, DTOConstants.FAILURE_REASON_SERVICE_NOT_GETTABLE,
                    "the service object could not be obtained (its factory failed or returned null)"));
            return;
        }
        replace(serviceId, new Entry(authenticator, serviceId, bundle, rank, target, 0, null));
        LOG.info("using authenticator service {} for {}", serviceId, target);
    }

    private void fail(Entry failed) {
        replace(failed.serviceId(), failed);
        LOG.warn("authenticator service {} of bundle {} cannot be used: {}; handshakes on {} get 503 until it is fixed or unregistered",
                failed.serviceId(), failed.bundleId(), failed.invalidReason(), servers(failed.target()));
    }

    private static String servers(ServerTarget target) {
        return target.filter() == null ? "every server" : "the servers matching " + target;
    }

    private StreamAuthenticator authenticatorOf(long serviceId) {
        return authenticators.stream().filter(entry -> entry.serviceId() == serviceId).map(entry -> entry.authenticator())
                .filter(Objects::nonNull).findFirst().orElse(null);
    }

    /** @param entry the service's new entry, or {@code null} to remove it */
    private synchronized void replace(long serviceId, Entry entry) {
        List<Entry> next = new ArrayList<>(authenticators);
        next.removeIf(existing -> existing.serviceId() == serviceId);
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
            if (entry.invalidReason() != null && entry.target().matches(serverProperties)) {
                return Authentication.refused(Authentication.UNAVAILABLE, "authenticator service " + entry.serviceId() + " cannot be used ("
                        + entry.invalidReason() + "): no handshake on this server is let in until it is fixed or unregistered");
            }
        }
        HandshakeRequest request = null;
        for (Entry entry : current) {
            if (entry.invalidReason() != null || !entry.target().matches(serverProperties)) {
                continue;
            }
            if (request == null) {
                request = handshake.get();
            }
            AuthenticationResult result;
            try {
                result = entry.authenticator().authenticate(request);
            } catch (Throwable failure) {
                // Errors too (a class of a refreshed bundle gone, a stack overflow): the handshake gets its
                // answer and gives back its place under the connection limit.
                LOG.warn("authenticator service {} failed on the {}: 500 ({})", entry.serviceId(), request, failure.toString());
                LOG.debug("authenticator service {} failed", entry.serviceId(), failure);
                return Authentication.refused(Authentication.FAILED, "authenticator service " + entry.serviceId() + " failed: " + failure);
            }
            if (result == null) {
                LOG.warn("authenticator service {} returned null for the {}: 500", entry.serviceId(), request);
                return Authentication.refused(Authentication.FAILED, "authenticator service " + entry.serviceId() + " returned null");
            }
            switch (result.decision()) {
                case ACCEPT:
                    return Authentication.accepted(result.principal());
                case REFUSE:
                    return Authentication.refused(result.status(), "authenticator service " + entry.serviceId() + ": " + result.reason());
                default:
                    // ABSTAIN: the next authenticator decides
                    break;
            }
        }
        return Authentication.anonymous();
    }

    /** @return the authenticators that are invalid, in service id order, for the whiteboard DTO */
    public FailedAuthenticatorDTO[] failedAuthenticators() {
        return failedAuthenticators(entry -> true);
    }

    /**
     * @param serverProperties a server's runtime properties
     * @return the invalid authenticators that keep that server closed (those {@link #authenticate} refuses for)
     */
    public FailedAuthenticatorDTO[] failedAuthenticators(Map<String, Object> serverProperties) {
        return failedAuthenticators(entry -> entry.target().matches(serverProperties));
    }

    private FailedAuthenticatorDTO[] failedAuthenticators(Predicate<Entry> appliesTo) {
        return authenticators.stream()
                .filter(entry -> entry.invalidReason() != null && appliesTo.test(entry))
                .sorted(Comparator.comparingLong((Entry entry) -> entry.serviceId()))
                .map(entry -> {
                    FailedAuthenticatorDTO dto = new FailedAuthenticatorDTO();
                    dto.serviceId = entry.serviceId();
                    dto.bundleId = entry.bundleId();
                    dto.failureReason = entry.failureReason();
                    dto.failureMessage = entry.invalidReason() + "; handshakes on " + servers(entry.target()) + " get 503 until it is fixed or unregistered";
                    return dto;
                })
                .toArray(FailedAuthenticatorDTO[]::new);
    }

    /**
     * @param target the servers it applies to; {@link ServerTarget#ANY} when its target cannot be read: it could apply to any
     * @param failureReason a {@code FAILURE_REASON_*} of {@link io.wsstream.api.runtime.dto.DTOConstants} when it cannot be
     *     used, 0 when it can
     * @param invalidReason why it cannot be used, {@code null} when it can
     */
    private record Entry(StreamAuthenticator authenticator, long serviceId, long bundleId, int ranking, ServerTarget target,
            int failureReason, String invalidReason) {}
}
