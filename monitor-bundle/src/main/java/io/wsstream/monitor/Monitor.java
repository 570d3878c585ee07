package io.wsstream.monitor;

import java.util.Hashtable;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.wsstream.api.StreamHandler;
import io.wsstream.api.StreamManager;
import io.wsstream.api.WebsocketConstants;
import io.wsstream.api.annotations.RequireWebsocketWhiteboard;
import io.wsstream.api.authentication.StreamAuthenticator;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the dashboard's data stream ({@link MonitorHandler}) as a handler service at {@value MonitorHandler#PATH}
 * and has it publish once a second.
 *
 * <p>It shows every path's messages, so it must not be open to anyone an authenticator would not let in: while any
 * {@link StreamAuthenticator} service is registered, the handler requires authentication
 * ({@code wsstream.authentication.required=true}), so a handshake that no authenticator accepts gets 401, as wsstream
 * answers for any such handler. Without an authenticator nobody could be authenticated, and it is served to anyone
 * that passes the server's host and origin checks (by default: pages of the server's own origin on loopback).
 * The property follows the authenticators as they come and go.
 */
@Component(configurationPid = Monitor.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL, service = {})
@Designate(ocd = MonitorConfiguration.class)
@RequireWebsocketWhiteboard
public final class Monitor {
    private static final Logger LOG = LoggerFactory.getLogger(Monitor.class);

    static final String PID = "io.wsstream.monitor";

    private final BundleContext context;
    private final MonitorConfiguration config;
    private final MonitorHandler handler;
    private final Set<ServiceReference<?>> authenticators = new HashSet<>();
    private ScheduledExecutorService ticker;
    private ServiceRegistration<StreamHandler> registration;

    @Activate
    public Monitor(@Reference StreamManager streams, BundleContext context, MonitorConfiguration config) {
        this.context = context;
        this.config = config;
        this.handler = new MonitorHandler(streams);
    }

    @Activate
    synchronized void activate() {
        if (!config.enabled()) {
            LOG.info("the dashboard's stream {} is disabled by {}", MonitorHandler.PATH, PID);
            return;
        }
        ticker = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "wsstream-monitor");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleAtFixedRate(this::publish, 1, 1, TimeUnit.SECONDS);
        registration = context.registerService(StreamHandler.class, handler, properties());
    }

    @Deactivate
    synchronized void deactivate() {
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
        if (ticker != null) {
            ticker.shutdownNow();
        }
        handler.close();
    }

    @Reference(service = StreamAuthenticator.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    synchronized void bindAuthenticator(ServiceReference<StreamAuthenticator> authenticator) {
        authenticators.add(authenticator);
        updateProperties();
    }

    synchronized void unbindAuthenticator(ServiceReference<StreamAuthenticator> authenticator) {
        authenticators.remove(authenticator);
        updateProperties();
    }

    private void updateProperties() {
        if (registration != null) {
            registration.setProperties(properties());
        }
    }

    private Hashtable<String, Object> properties() {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(WebsocketConstants.PATH, MonitorHandler.PATH);
        properties.put(WebsocketConstants.AUTHENTICATION_REQUIRED, !authenticators.isEmpty());
        if (!config.target().isBlank()) {
            properties.put(WebsocketConstants.TARGET, config.target());
        }
        return properties;
    }

    /** Runs on the ticker: one failed snapshot must not end the schedule. */
    private void publish() {
        try {
            handler.publish();
        } catch (RuntimeException e) {
            LOG.warn("dashboard snapshot failed: {}", e.toString());
            LOG.debug("dashboard snapshot failed", e);
        }
    }
}
