package io.wsstream.metrics;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * PID {@code io.wsstream.metrics}. Without it, wsstream's meters go only into {@code MeterRegistry} services that
 * other bundles register; with it, the bundle can also keep registries of its own.
 */
@ObjectClassDefinition(id = WsstreamMetrics.PID, name = "wsstream metrics",
        description = "Micrometer meters of the wsstream servers: into every MeterRegistry service, and into a Prometheus "
                + "and/or JMX registry of this bundle when enabled here.")
@interface MetricsConfiguration {

    @AttributeDefinition(name = "Prometheus endpoint", description = "Keep a Prometheus registry and serve its scrape "
            + "endpoint over plain HTTP on the wsstream servers, behind their host and origin checks.")
    boolean prometheus_enabled() default false;

    @AttributeDefinition(name = "Prometheus path", description = "The exact request path of the scrape endpoint.")
    String prometheus_path() default "/metrics";

    @AttributeDefinition(name = "Prometheus servers", description = "An LDAP filter over the servers' properties "
            + "(e.g. (wsstream.server.name=admin)) choosing the servers that serve the endpoint; empty for every server.")
    String prometheus_target() default "";

    @AttributeDefinition(name = "Prometheus authentication", description = "Serve the scrape only to requests that an "
            + "authenticator of the server accepts (e.g. a bearer token in Authorization, which Prometheus sends with "
            + "authorization.credentials in its scrape configuration): 401 otherwise. Without it no authenticator is asked.")
    boolean prometheus_authentication_required() default false;

    @AttributeDefinition(name = "JMX", description = "Keep a JMX registry: the meters as MBeans of the platform MBean server.")
    boolean jmx_enabled() default false;

    @AttributeDefinition(name = "JMX domain", description = "The domain of the MBeans' object names.")
    String jmx_domain() default "wsstream";
}
