package io.wsstream.monitor;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@code io.wsstream.monitor}: optional; without it the dashboard's stream is served on every server. */
@ObjectClassDefinition(id = Monitor.PID, name = "wsstream monitor",
        description = "The live dashboard's data stream at /wsstream/monitor (the page is at /wsstream/dashboard/).")
@interface MonitorConfiguration {

    @AttributeDefinition(name = "Enabled", description = "Serve the dashboard's data stream.")
    boolean enabled() default true;

    @AttributeDefinition(name = "Servers", description = "An LDAP filter over the servers' properties (e.g. "
            + "(wsstream.server.name=admin)) choosing the servers that serve the dashboard's stream; empty for every server.")
    String target() default "";
}
