package io.wsstream.cluster.node;

import com.hazelcast.client.HazelcastClient;
import java.util.concurrent.TimeUnit;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.ClientConnectionStrategyConfig;
import com.hazelcast.client.config.ClientReliableTopicConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.TopicOverloadPolicy;

import io.wsstream.cluster.broadcast.ClusterBroadcast;

/** Starts the Hazelcast member or client that {@link ClusterSettings} describe. */
final class HazelcastStarter {
    /** The member attribute that carries the node's name. */
    static final String NODE_ATTRIBUTE = "wsstream.node";

    private HazelcastStarter() {}

    /**
     * Blocks until the member runs (alone or joined), or fails when its join took longer than the join timeout;
     * returns a client at once, which connects in the background.
     */
    static HazelcastInstance start(ClusterSettings settings) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // Hazelcast finds its own services through the context class loader; in OSGi that must be its bundle's.
        thread.setContextClassLoader(HazelcastInstance.class.getClassLoader());
        try {
            return settings.client() ? HazelcastClient.newHazelcastClient(clientConfig(settings))
                    : Hazelcast.newHazelcastInstance(memberConfig(settings));
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    static Config memberConfig(ClusterSettings settings) {
        Config config = new Config();
        config.setClusterName(settings.clusterName());
        config.setInstanceName("wsstream-" + settings.nodeName());
        config.setClassLoader(HazelcastInstance.class.getClassLoader());
        config.getMemberAttributeConfig().setAttribute(NODE_ATTRIBUTE, settings.nodeName());
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        // the framework stops us; Hazelcast's own hook would shut the member down under running components
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.local.localAddress", settings.bindHost());
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.heartbeat.interval.seconds", Integer.toString(settings.heartbeatSeconds()));
        config.setProperty("hazelcast.max.no.heartbeat.seconds", Integer.toString(settings.failureTimeoutSeconds()));
        // join at once (defaults wait 5 s); a node that started alone looks for the others again every few seconds
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        // A member address where something else listens takes the connection and never answers: Hazelcast then
        // waits for it up to max.join.seconds (default 300) before it gives up the start. Bounded, and tried again.
        config.setProperty("hazelcast.max.join.seconds", Integer.toString(settings.joinTimeoutSeconds()));
        config.setProperty("hazelcast.merge.first.run.delay.seconds", Integer.toString(settings.failureTimeoutSeconds()));
        config.setProperty("hazelcast.merge.next.run.delay.seconds", Integer.toString(settings.failureTimeoutSeconds()));
        config.getReliableTopicConfig(ClusterBroadcast.TOPIC).setTopicOverloadPolicy(TopicOverloadPolicy.DISCARD_OLDEST);

        NetworkConfig network = config.getNetworkConfig();
        network.setPort(settings.port()).setPortAutoIncrement(false);
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(2);
        settings.members().forEach(join.getTcpIpConfig()::addMember);
        return config;
    }

    static ClientConfig clientConfig(ClusterSettings settings) {
        ClientConfig config = new ClientConfig();
        config.setClusterName(settings.clusterName());
        config.setInstanceName("wsstream-" + settings.nodeName());
        config.setClassLoader(HazelcastInstance.class.getClassLoader());
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.client.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.client.heartbeat.interval", Long.toString(settings.heartbeatSeconds() * 1000L));
        config.setProperty("hazelcast.client.heartbeat.timeout", Long.toString(settings.failureTimeoutSeconds() * 1000L));
        config.addReliableTopicConfig(new ClientReliableTopicConfig(ClusterBroadcast.TOPIC)
                .setTopicOverloadPolicy(TopicOverloadPolicy.DISCARD_OLDEST));
        settings.members().forEach(config.getNetworkConfig()::addAddress);
        // connect in the background, and again whenever the connection is lost, without end; while there is none,
        // calls fail at once (ASYNC) rather than wait for the invocation timeout (120 s)
        ClientConnectionStrategyConfig connection = config.getConnectionStrategyConfig();
        connection.setAsyncStart(true).setReconnectMode(ClientConnectionStrategyConfig.ReconnectMode.ASYNC);
        connection.getConnectionRetryConfig().setClusterConnectTimeoutMillis(-1)
                .setMaxBackoffMillis((int) TimeUnit.SECONDS.toMillis(settings.failureTimeoutSeconds()));
        return config;
    }
}
