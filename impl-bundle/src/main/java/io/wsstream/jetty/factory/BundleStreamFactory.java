package io.wsstream.jetty.factory;

import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import io.wsstream.api.PullStreamEndpoint;
import io.wsstream.api.StreamEndpoint;
import io.wsstream.api.StreamHandler;
import io.wsstream.api.WebsocketConstants;
import io.wsstream.api.WebsocketServerStreamFactory;
import io.wsstream.jetty.stream.StreamRegistry;
import io.wsstream.jetty.whiteboard.HandlerProperties;
import io.wsstream.jetty.whiteboard.PullEndpoints;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

/**
 * One instance per bundle that uses the factory. An endpoint is a {@link StreamHandler} service that
 * this instance registers in the name of that bundle, so it takes part in the whiteboard (routing,
 * ranking, DTOs) like any handler, and goes away with the bundle.
 */
@Component(service = WebsocketServerStreamFactory.class, scope = ServiceScope.BUNDLE)
public final class BundleStreamFactory implements WebsocketServerStreamFactory {
    private final Bundle user;
    private final StreamRegistry streams;
    private final PullEndpoints pullEndpoints;
    private final Set<Endpoint> endpoints = ConcurrentHashMap.newKeySet();

    @Activate
    public BundleStreamFactory(ComponentContext context, @Reference StreamRegistry streams, @Reference PullEndpoints pullEndpoints) {
        this.user = context.getUsingBundle();
        this.streams = streams;
        this.pullEndpoints = pullEndpoints;
    }

    @Deactivate
    void closeEndpointsOfTheBundle() {
        endpoints.forEach(Endpoint::close);
    }

    @Override
    public StreamEndpoint open(String path, StreamHandler handler) {
        return open(path, handler, Map.of());
    }

    @Override
    public PullStreamEndpoint open(String path, int backlog) {
        return open(path, backlog, Map.of());
    }

    @Override
    public StreamEndpoint open(String path, StreamHandler handler, Map<String, ?> properties) {
        Objects.requireNonNull(handler, "handler");
        return register(validated(path, properties), handler, null, () -> {});
    }

    @Override
    public PullStreamEndpoint open(String path, int backlog, Map<String, ?> properties) {
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be at least 1, not " + backlog);
        }
        Map<String, Object> validated = validated(path, properties);
        PullEndpointHandler pull = new PullEndpointHandler(backlog);
        // Known as a pull endpoint by this key from the moment it is registered (the whiteboard binds it within registerService).
        String key = pullEndpoints.add(user.getBundleId(), pull);
        validated.put(PullEndpoints.KEY_PROPERTY, key);
        try {
            return (PullEndpoint) register(validated, pull, pull, () -> pullEndpoints.remove(key));
        } catch (RuntimeException notRegistered) {
            pullEndpoints.remove(key);
            throw notRegistered;
        }
    }

    /** @return the registration's properties: the caller's, with the path; refused at once when invalid */
    private static Map<String, Object> validated(String path, Map<String, ?> properties) {
        Map<String, Object> merged = new HashMap<>(properties);
        if (merged.containsKey(null) || merged.containsValue(null)) {
            throw new IllegalArgumentException("endpoint properties may not hold null: " + properties);
        }
        merged.put(WebsocketConstants.PATH, path);
        merged.remove(PullEndpoints.KEY_PROPERTY); // only this factory sets it, for its own pull endpoints
        HandlerProperties.problemWith(merged).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        return merged;
    }

    /** @param closed runs once when the endpoint closes */
    private Endpoint register(Map<String, Object> registrationProperties, StreamHandler handler, PullEndpointHandler pull, Runnable closed) {
        BundleContext context = user.getBundleContext();
        if (context == null) {
            throw new IllegalStateException("bundle " + user.getSymbolicName() + " is not active");
        }
        String path = (String) registrationProperties.get(WebsocketConstants.PATH);
        ServiceRegistration<StreamHandler> registration = context.registerService(StreamHandler.class, handler,
                new Hashtable<>(registrationProperties));
        Consumer<Endpoint> onClose = endpoint -> {
            endpoints.remove(endpoint);
            closed.run();
        };
        Endpoint endpoint = pull == null ? new Endpoint(path, registration, streams, null, onClose)
                : new PullEndpoint(path, registration, streams, pull, onClose);
        endpoints.add(endpoint);
        return endpoint;
    }
}
