package io.wsstream.cluster.node;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** The configuration of this node's place in a cluster (PID {@code io.wsstream.cluster}). */
@ObjectClassDefinition(id = ClusterConfiguration.PID, name = "wsstream cluster",
        description = "Joins this node to a cluster of wsstream nodes on Hazelcast. Without this configuration nothing of Hazelcast starts.")
public @interface ClusterConfiguration {
    String PID = "io.wsstream.cluster";

    @AttributeDefinition(name = "Cluster name", description = "Only nodes with the same name form a cluster.")
    String cluster_name() default "wsstream";

    @AttributeDefinition(name = "Mode", description = "member: an embedded Hazelcast member; client: a client of an existing Hazelcast cluster.",
            options = { @Option(value = "member", label = "member"), @Option(value = "client", label = "client") })
    String mode() default "member";

    @AttributeDefinition(name = "Members", required = false,
            description = "host:port of the other members (TCP/IP join, no multicast), comma separated; for a client, the cluster's members.")
    String[] members() default {};

    @AttributeDefinition(name = "Bind host", description = "The address this member listens on and announces.")
    String bind_host() default "127.0.0.1";

    @AttributeDefinition(name = "Port", description = "The port this member listens on (no auto-increment).")
    int port() default 5701;

    @AttributeDefinition(name = "Node name", required = false,
            description = "This node's name in the directory, unique in the cluster; empty: the host name and the port.")
    String node_name() default "";

    @AttributeDefinition(name = "Heartbeat interval (s)", description = "How often members tell each other they are alive.")
    int heartbeat_interval_seconds() default 1;

    @AttributeDefinition(name = "Failure detection timeout (s)",
            description = "A member silent this long is taken for dead: its streams leave the directory, sends to them fail.")
    int failure_detection_timeout_seconds() default 8;
}
