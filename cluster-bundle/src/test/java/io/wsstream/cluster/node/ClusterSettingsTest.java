package io.wsstream.cluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.util.List;

import com.hazelcast.client.config.ClientConnectionStrategyConfig;

import org.junit.jupiter.api.Test;

class ClusterSettingsTest {

    /** A configuration with the defaults of {@link ClusterConfiguration}, some of them replaced. */
    private static class Config implements ClusterConfiguration {
        String clusterName = "wsstream";
        String mode = "member";
        String[] members = {};
        String bindHost = "127.0.0.1";
        int port = 5701;
        String nodeName = "";
        int heartbeat = 1;
        int failure = 8;

        @Override public Class<? extends Annotation> annotationType() { return ClusterConfiguration.class; }
        @Override public String cluster_name() { return clusterName; }
        @Override public String mode() { return mode; }
        @Override public String[] members() { return members; }
        @Override public String bind_host() { return bindHost; }
        @Override public int port() { return port; }
        @Override public String node_name() { return nodeName; }
        @Override public int heartbeat_interval_seconds() { return heartbeat; }
        @Override public int failure_detection_timeout_seconds() { return failure; }
    }

    @Test
    void theDefaultsMakeAMemberAloneOnLoopbackNamedAfterTheHostAndPort() {
        ClusterSettings settings = ClusterSettings.of(new Config());
        assertFalse(settings.client());
        assertEquals(List.of(), settings.members());
        assertEquals("127.0.0.1", settings.bindHost());
        assertEquals(5701, settings.port());
        assertTrue(settings.nodeName().endsWith("-5701"), settings.nodeName());
        assertTrue(settings.failureTimeoutSeconds() + settings.heartbeatSeconds() <= 10, "a dead node is noticed within 10 s");
    }

    @Test
    void membersAreSplitAtCommasAndBlanksAsACfgFileGivesThemInOneString() {
        Config config = new Config();
        config.members = new String[] {"127.0.0.1:5701, 127.0.0.1:5702", "host-3:5703"};
        assertEquals(List.of("127.0.0.1:5701", "127.0.0.1:5702", "host-3:5703"), ClusterSettings.of(config).members());
    }

    @Test
    void aBadValueIsRefusedWithAMessageThatNamesTheProperty() {
        assertRefused(config -> config.mode = "peer", "mode must be member or client, not 'peer'");
        assertRefused(config -> config.members = new String[] {"127.0.0.1"}, "members: '127.0.0.1' is not host:port");
        assertRefused(config -> config.members = new String[] {"h:70000"}, "members: the port of 'h:70000' is not between 1 and 65535");
        assertRefused(config -> config.port = 0, "port must be between 1 and 65535, not 0");
        assertRefused(config -> config.clusterName = " ", "cluster.name must not be empty");
        assertRefused(config -> config.failure = 1, "failure.detection.timeout.seconds must be more than heartbeat.interval.seconds (1), not 1");
        assertRefused(config -> config.mode = "client", "members must name at least one member of the cluster in client mode");
    }

    @Test
    void aMemberGivesUpAJoinAfterThreeFailureTimeoutsAndAClientConnectsInTheBackgroundWithoutEnd() {
        Config config = new Config();
        config.failure = 3;
        config.mode = "client";
        config.members = new String[] {"127.0.0.1:5701"};
        ClusterSettings settings = ClusterSettings.of(config);
        assertEquals(9, settings.joinTimeoutSeconds());
        assertEquals("9", HazelcastStarter.memberConfig(settings).getProperty("hazelcast.max.join.seconds"));
        ClientConnectionStrategyConfig connection = HazelcastStarter.clientConfig(settings).getConnectionStrategyConfig();
        assertTrue(connection.isAsyncStart());
        assertEquals(ClientConnectionStrategyConfig.ReconnectMode.ASYNC, connection.getReconnectMode());
        assertEquals(-1, connection.getConnectionRetryConfig().getClusterConnectTimeoutMillis());
        assertEquals(3000, connection.getConnectionRetryConfig().getMaxBackoffMillis());
    }

    private static void assertRefused(java.util.function.Consumer<Config> change, String message) {
        Config config = new Config();
        change.accept(config);
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> ClusterSettings.of(config)).getMessage());
    }
}
