package io.wsstream.jetty.factory;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.wsstream.api.StreamEndpoint;
import io.wsstream.api.StreamHandler;
import io.wsstream.api.WebsocketConstants;
import io.wsstream.api.WebsocketServerStreamFactory;
import io.wsstream.jetty.routing.PathPattern;
import io.wsstream.jetty.stream.StreamRegistry;

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
    private final Set<Endpoint> endpoints = ConcurrentHashMap.newKeySet();

    @Activate
    public BundleStreamFactory(ComponentContext context, @Reference StreamRegistry streams) {
        this.user = context.getUsingBundle();
        this.streams = streams;
    }

    @Deactivate
    void closeEndpointsOfTheBundle() {
        endpoints.forEach(Endpoint::close);
    }

    @Override
    public StreamEndpoint open(String path, StreamHandler handler) {
        requireValid(path);
        return register(path, handler, null);
    }

    @Override
    public StreamEndpoint open(String path, int backlog) {
        requireValid(path);
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be at least 1, not " + backlog);
        }
        PullEndpointHandler pull = new PullEndpointHandler(backlog);
        return register(path, pull, pull);
    }

    private static void requireValid(String path) {
        PathPattern.Result parsed = PathPattern.parse(path);
        if (parsed.pattern().isEmpty()) {
            throw new IllegalArgumentException(parsed.error());
        }
    }

    private Endpoint register(String path, StreamHandler handler, PullEndpointHandler pull) {
        BundleContext context = user.getBundleContext();
        if (context == null) {
            throw new IllegalStateException("bundle " + user.getSymbolicName() + " is not active");
        }
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(WebsocketConstants.PATH, path);
        ServiceRegistration<StreamHandler> registration = context.registerService(StreamHandler.class, handler, properties);
        Endpoint endpoint = new Endpoint(path, registration, streams, pull, endpoints::remove);
        endpoints.add(endpoint);
        return endpoint;
    }
}
