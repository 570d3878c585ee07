package io.wsstream.metrics;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.jmx.JmxConfig;
import io.micrometer.jmx.JmxMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.wsstream.api.StreamHandler;
import io.wsstream.api.StreamManager;
import io.wsstream.api.WebsocketConstants;
import io.wsstream.api.runtime.StreamTimingObserver;
import io.wsstream.api.runtime.WebsocketServerRuntime;

import org.eclipse.jetty.server.Handler;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
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
 * Puts wsstream's meters into every {@link MeterRegistry} service, and into the Prometheus and JMX registries this
 * component keeps when {@code io.wsstream.metrics} enables them; serves the Prometheus one at its path on the
 * wsstream servers. The meters follow the {@link WebsocketServerRuntime} services and the handlers' paths: they are
 * brought up to date when a server or handler service comes, changes or goes, and before each scrape (the server's
 * view can change a moment after the handler's service event).
 */
@Component(configurationPid = WsstreamMetrics.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL, service = {})
@Designate(ocd = MetricsConfiguration.class)
public final class WsstreamMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(WsstreamMetrics.class);

    static final String PID = "io.wsstream.metrics";
    /** The service property by which the implementation serves a Jetty handler service at one exact path. */
    static final String HTTP_PATH = "wsstream.http.path";
    static final String AUTHENTICATION_PROPERTY = "prometheus.authentication.required";

    private final StreamManager streams;
    private final BundleContext context;
    private final MetricsConfiguration config;
    /** As configured: DS reads any text but "true" as {@code false}, which would open a scrape meant to be closed. */
    private final Object authenticationSetting;
    /** The running servers in the order they came: a restarted server's new runtime replaces its old one. */
    private final Map<WebsocketServerRuntime, ServerReadings> runtimes = new LinkedHashMap<>();
    private final Map<MeterRegistry, RegistryMeters> registries = new IdentityHashMap<>();
    private final List<MeterRegistry> pendingServices = new ArrayList<>();
    private PrometheusMeterRegistry prometheus;
    private JmxMeterRegistry jmx;
    private ServiceRegistration<Handler> endpoint;
    /** The timers; observing the implementation only while some registry takes them (else the clock is not read). */
    private final TimingMeters timings = new TimingMeters();
    private ServiceRegistration<StreamTimingObserver> observer;
    private boolean active;

    @Activate
    public WsstreamMetrics(@Reference StreamManager streams, BundleContext context, MetricsConfiguration config,
            Map<String, Object> properties) {
        this.streams = streams;
        this.context = context;
        this.config = config;
        this.authenticationSetting = properties.get(AUTHENTICATION_PROPERTY);
    }

    @Activate
    synchronized void activate() {
        active = true;
        pendingServices.forEach(this::add);
        pendingServices.clear();
        if (config.jmx_enabled() && isJmxDomain(config.jmx_domain())) {
            jmx = new JmxMeterRegistry(jmxConfig(config.jmx_domain()), Clock.SYSTEM);
            add(jmx);
            LOG.info("wsstream meters are MBeans of the platform MBean server, domain {}", config.jmx_domain());
        } else if (config.jmx_enabled()) {
            // checked here: the JMX reporter would log a stack trace for each meter it cannot register
            LOG.warn("{}: jmx.domain '{}' cannot be the domain of an MBean name (no ':', '*', '?' or line break): "
                    + "the meters are not MBeans", PID, config.jmx_domain());
        }
        if (config.prometheus_enabled()) {
            prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            add(prometheus);
            endpoint = registerEndpoint(prometheus);
        }
        update();
        observeWhileNeeded();
    }

    @Deactivate
    synchronized void deactivate() {
        active = false;
        observeWhileNeeded();
        if (endpoint != null) {
            endpoint.unregister();
            endpoint = null;
        }
        registries.values().forEach(RegistryMeters::close);
        registries.clear();
        timings.close();
        if (prometheus != null) {
            prometheus.close();
            prometheus = null;
        }
        if (jmx != null) {
            jmx.close();
            jmx = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    synchronized void bindServer(WebsocketServerRuntime runtime) {
        runtimes.put(runtime, new ServerReadings(runtime, streams));
        update();
    }

    synchronized void unbindServer(WebsocketServerRuntime runtime) {
        runtimes.remove(runtime);
        // a server restarting for a configuration change has its new runtime already: its timers go on counting
        if (runtimes.keySet().stream().noneMatch(other -> other.name().equals(runtime.name()))) {
            timings.serverGone(runtime.name());
        }
        update();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    synchronized void bindMeterRegistry(MeterRegistry registry) {
        if (active) {
            add(registry);
            update();
            observeWhileNeeded();
        } else {
            pendingServices.add(registry);
        }
    }

    synchronized void unbindMeterRegistry(MeterRegistry registry) {
        pendingServices.remove(registry);
        RegistryMeters meters = registries.remove(registry);
        if (meters != null) {
            meters.close();
            timings.remove(registry);
            observeWhileNeeded();
        }
    }

    /** A handler came, changed or left: its path may have appeared on, or left, a server. */
    @Reference(service = StreamHandler.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindHandler(ServiceReference<StreamHandler> handler) {
        update();
    }

    void updatedHandler(ServiceReference<StreamHandler> handler) {
        update();
    }

    void unbindHandler(ServiceReference<StreamHandler> handler) {
        update();
    }

    /** Brings every registry's meters up to date with the running servers and the paths they serve. */
    synchronized void update() {
        if (!active) {
            return;
        }
        Map<String, ServerReadings> byName = new LinkedHashMap<>();
        runtimes.values().forEach(readings -> byName.put(readings.name(), readings));
        registries.values().forEach(meters -> meters.update(byName));
    }

    private void add(MeterRegistry registry) {
        if (!registries.containsKey(registry)) {
            registries.put(registry, new RegistryMeters(registry));
            timings.add(registry);
        }
    }

    /**
     * Registers the timers as the implementation's {@link StreamTimingObserver} while active with a registry, and
     * withdraws them otherwise: without an observer the message path reads no clock.
     */
    private void observeWhileNeeded() {
        boolean needed = active && timings.hasRegistries();
        if (needed && observer == null) {
            observer = context.registerService(StreamTimingObserver.class, timings, null);
        } else if (!needed && observer != null) {
            observer.unregister();
            observer = null;
        }
    }

    private ServiceRegistration<Handler> registerEndpoint(PrometheusMeterRegistry registry) {
        String path = config.prometheus_path();
        String target = config.prometheus_target();
        if (path == null || !path.startsWith("/") || path.contains("?") || path.contains("#")) {
            LOG.warn("{}: prometheus.path '{}' is not an absolute path such as /metrics: the scrape endpoint is not served", PID, path);
            return null;
        }
        if (!isBoolean(authenticationSetting)) {
            LOG.warn("{}: {} '{}' is neither true nor false: the scrape endpoint is not served", PID, AUTHENTICATION_PROPERTY,
                    authenticationSetting);
            return null;
        }
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(HTTP_PATH, path);
        properties.put(WebsocketConstants.AUTHENTICATION_REQUIRED, config.prometheus_authentication_required());
        if (target != null && !target.isBlank()) {
            try {
                FrameworkUtil.createFilter(target);
            } catch (InvalidSyntaxException e) {
                LOG.warn("{}: prometheus.target '{}' is not an LDAP filter ({}): the scrape endpoint is not served", PID, target,
                        e.getMessage());
                return null;
            }
            properties.put(WebsocketConstants.TARGET, target);
        }
        LOG.info("serving the Prometheus scrape endpoint at {} on {}{}", path,
                target == null || target.isBlank() ? "every wsstream server" : "the wsstream servers matching " + target,
                config.prometheus_authentication_required() ? ", to requests an authenticator accepts" : "");
        return context.registerService(Handler.class, new PrometheusEndpoint(registry, this::update), properties);
    }

    /** @return whether the setting is absent, a Boolean, or the text true or false in any case */
    static boolean isBoolean(Object setting) {
        return setting == null || setting instanceof Boolean
                || setting instanceof String text && (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false"));
    }

    /** @return whether the text can be the domain of an MBean's object name */
    static boolean isJmxDomain(String domain) {
        if (domain == null || domain.isEmpty()) {
            return false;
        }
        try {
            return !new ObjectName(domain + ":name=wsstream").isDomainPattern();
        } catch (MalformedObjectNameException notADomain) {
            return false;
        }
    }

    private static JmxConfig jmxConfig(String domain) {
        return new JmxConfig() {
            @Override
            public String get(String key) {
                return null;
            }

            @Override
            public String domain() {
                return domain;
            }
        };
    }
}
