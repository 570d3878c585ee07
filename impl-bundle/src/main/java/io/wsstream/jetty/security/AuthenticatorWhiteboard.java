package io.wsstream.jetty.security;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.wsstream.api.AuthenticationResult;
import io.wsstream.api.HandshakeRequest;
import io.wsstream.api.StreamAuthenticator;
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
 * first that does not abstain decides. An authenticator with an invalid {@code wsstream.target} is
 * logged and never used.
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
        try {
            ServerTarget target = ServerTarget.of(properties);
            replace(serviceId, new Entry(authenticator, serviceId, ranking instanceof Integer ? (Integer) ranking : 0, target));
            LOG.info("using authenticator service {} for {}", serviceId, target);
        } catch (IllegalArgumentException invalidTarget) {
            replace(serviceId, null);
            LOG.warn("ignoring authenticator service {}: {}", serviceId, invalidTarget.getMessage());
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
        HandshakeRequest request = null;
        for (Entry entry : authenticators) {
            if (!entry.target.matches(serverProperties)) {
                continue;
            }
            if (request == null) {
                request = handshake.get();
            }
            AuthenticationResult result;
            try {
                result = entry.authenticator.authenticate(request);
            } catch (RuntimeException failure) {
                LOG.warn("authenticator service {} failed on the {}: 500", entry.serviceId, request, failure);
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

    private static final class Entry {
        final StreamAuthenticator authenticator;
        final long serviceId;
        final int ranking;
        final ServerTarget target;

        Entry(StreamAuthenticator authenticator, long serviceId, int ranking, ServerTarget target) {
            this.authenticator = authenticator;
            this.serviceId = serviceId;
            this.ranking = ranking;
            this.target = target;
        }
    }
}
