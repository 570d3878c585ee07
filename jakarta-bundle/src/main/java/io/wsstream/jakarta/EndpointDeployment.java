package io.wsstream.jakarta;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jakarta.websocket.server.ServerEndpointConfig;

import io.wsstream.api.WebsocketConstants;

import org.eclipse.jetty.http.pathmap.UriTemplatePathSpec;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.LifeCycle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceObjects;
import org.osgi.framework.ServiceRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One endpoint service, served: the upgrader service that puts it into wsstream's routing table, and its
 * servlet context on each server that routed a handshake to it. Leaving closes its own sessions with 1001 (or
 * its {@code wsstream.close.code}).
 */
final class EndpointDeployment {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointDeployment.class);
    /** The service properties wsstream's routing reads, passed on from the endpoint service. */
    private static final List<String> ROUTING_PROPERTIES = List.of(Constants.SERVICE_RANKING, WebsocketConstants.TARGET,
            WebsocketConstants.AUTHENTICATION_REQUIRED, WebsocketConstants.CLOSE_CODE, WebsocketConstants.CLOSE_GRACE_MILLIS);
    private static final int GOING_AWAY = 1001;

    private final EndpointDefinition definition;
    private final ServiceObjects<Object> instances;
    private final UriTemplatePathSpec template;
    private final Map<Server, EndpointContext> contexts = new HashMap<>();
    private boolean closed;
    private int closeCode = GOING_AWAY;
    private Duration closeGrace = Duration.ZERO;
    private ServiceRegistration<Handler> registration;

    EndpointDeployment(EndpointDefinition definition, ServiceObjects<Object> instances) {
        this.definition = definition;
        this.instances = instances;
        this.template = definition.path().indexOf('{') >= 0 ? new UriTemplatePathSpec(definition.path()) : null;
    }

    /**
     * An endpoint service that cannot be served, listed with the reason in wsstream's DTOs through an upgrader
     * service that is never routed to.
     *
     * @param notGettable whether the reason is that the service gave no instance
     * @return the registration to unregister when the endpoint service leaves
     */
    static ServiceRegistration<Handler> registerFailure(BundleContext context, Map<String, Object> endpointProperties, String reason,
            boolean notGettable) {
        Hashtable<String, Object> properties = routingProperties(endpointProperties);
        Object path = endpointProperties.get(EndpointDefinition.PATH);
        if (path instanceof String) {
            properties.put(WebsocketConstants.PATH, path);
        }
        properties.put(UpgraderContract.FAILURE_PROPERTY, reason);
        properties.put(UpgraderContract.NOT_GETTABLE_PROPERTY, notGettable);
        return context.registerService(Handler.class, new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                return false;
            }
        }, properties);
    }

    private static Hashtable<String, Object> routingProperties(Map<String, Object> endpointProperties) {
        Hashtable<String, Object> properties = new Hashtable<>();
        for (String name : ROUTING_PROPERTIES) {
            Object value = endpointProperties.get(name);
            if (value != null) {
                properties.put(name, value);
            }
        }
        properties.put(UpgraderContract.UPGRADER_PROPERTY, UpgraderContract.KIND);
        properties.put(UpgraderContract.ENDPOINT_SERVICE_ID, endpointProperties.get(Constants.SERVICE_ID));
        return properties;
    }

    EndpointDefinition definition() {
        return definition;
    }

    /** Puts the endpoint into wsstream's routing. */
    void register(BundleContext context, Map<String, Object> endpointProperties) {
        Hashtable<String, Object> properties = routingProperties(endpointProperties);
        properties.put(WebsocketConstants.PATH, definition.path());
        closeCode = closeCodeOf(endpointProperties.get(WebsocketConstants.CLOSE_CODE));
        closeGrace = closeGraceOf(endpointProperties.get(WebsocketConstants.CLOSE_GRACE_MILLIS));
        registration = context.registerService(Handler.class, new Upgrader(), properties);
    }

    /**
     * @return {@code wsstream.close.code} read as wsstream reads it; wsstream's routing refuses the endpoint (and it
     *     has no session) when that is not a sendable code, so 1001 stands for anything else
     */
    private static int closeCodeOf(Object value) {
        try {
            return value instanceof Number ? ((Number) value).intValue() : value == null ? GOING_AWAY : Integer.parseInt(String.valueOf(value).trim());
        } catch (NumberFormatException refusedByTheRouting) {
            return GOING_AWAY;
        }
    }

    /**
     * @return {@code wsstream.close.grace.ms} as wsstream reads it: a number of milliseconds, 0 or more; wsstream's
     *     routing refuses the endpoint for anything else (it then has no session)
     */
    private static Duration closeGraceOf(Object value) {
        return value instanceof Number && ((Number) value).longValue() > 0 ? Duration.ofMillis(((Number) value).longValue()) : Duration.ZERO;
    }

    /**
     * Takes the endpoint out of the routing at once, then closes its sessions on every server with 1001 (or its
     * close code), after its {@code wsstream.close.grace.ms}.
     */
    void close() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle context was stopped: the framework unregistered it
        }
        List<EndpointContext> serving;
        synchronized (contexts) {
            closed = true;
            serving = new ArrayList<>(contexts.values());
            contexts.clear();
        }
        serving.forEach(context -> context.stopAfter(closeGrace));
    }

    /** @return the values of the path template's variables in a request path; empty for a plain path */
    Map<String, String> pathParameters(String path) {
        if (template == null) {
            return Map.of();
        }
        Map<String, String> values = template.getPathParams(path);
        return values == null ? Map.of() : values;
    }

    AdmittedSession admit(Runnable releasePlace, Function<Object, Runnable> listAsStream) {
        return new AdmittedSession(releasePlace, listAsStream, instances);
    }

    /** @return the configuration of one session: our configurator hands Jetty the service's instance */
    ServerEndpointConfig configFor(AdmittedSession session) {
        String path = definition.isAnnotated() ? definition.annotationPath() : definition.path();
        ServerEndpointConfig config = ServerEndpointConfig.Builder.create(definition.endpointClass(), path)
                .configurator(new InstanceConfigurator(session))
                .build();
        config.getUserProperties().put(AdmittedSession.USER_PROPERTY, session);
        return config;
    }

    /** @return the endpoint's context on the server, started on its first handshake there; {@code null} once closed */
    private EndpointContext contextOn(Server server) throws Exception {
        synchronized (contexts) {
            if (closed) {
                return null;
            }
            EndpointContext context = contexts.get(server);
            if (context == null) {
                context = new EndpointContext(server, this, closeCode);
                context.start();
                contexts.put(server, context);
                EndpointContext started = context;
                server.addEventListener(new LifeCycle.Listener() {
                    @Override
                    public void lifeCycleStopping(LifeCycle stopping) {
                        boolean ours;
                        synchronized (contexts) {
                            ours = contexts.remove(server, started);
                        }
                        if (ours) {
                            started.stop();
                        }
                        server.removeEventListener(this);
                    }
                });
            }
            return context;
        }
    }

    /** What wsstream's routing hands admitted handshakes to. */
    private final class Upgrader extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            EndpointContext context = contextOn(request.getConnectionMetaData().getConnector().getServer());
            return context != null && context.handle(request, response, callback);
        }

        @Override
        public String toString() {
            return "Jakarta endpoint " + definition.endpointClass().getName() + " on " + definition.path();
        }
    }
}
