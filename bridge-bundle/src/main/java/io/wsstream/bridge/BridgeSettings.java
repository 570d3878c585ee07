package io.wsstream.bridge;

import java.util.Map;

import io.wsstream.bridge.config.ConfigurationValues;
import io.wsstream.bridge.config.InvalidProperty;

import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;

/** One configuration of {@value WebsocketToTcpBridge#PID}, read and checked against its Metatype's ranges. */
final class BridgeSettings {
    final String path;
    /** LDAP filter over the servers' properties; empty: every server. */
    final String servers;
    final String targetHost;
    final int targetPort;
    final long connectTimeoutMillis;
    final int chunkBytes;
    final int window;
    final int backlog;
    final int maxConnections;
    final long lingerMillis;

    private BridgeSettings(ConfigurationValues values) {
        path = values.text("path", null, false);
        if (!path.startsWith("/")) {
            throw new InvalidProperty("path", path, "a websocket path such as /vnc or /devices/*");
        }
        servers = values.text("wsstream.target", "", true);
        if (!servers.isEmpty()) {
            try {
                FrameworkUtil.createFilter(servers);
            } catch (InvalidSyntaxException e) {
                throw new InvalidProperty("wsstream.target", servers,
                        "an LDAP filter such as (wsstream.server.name=internal), or nothing for every server");
            }
        }
        targetHost = values.text("target.host", "127.0.0.1", false);
        targetPort = values.integer("target.port", null, Limits.PORT_MIN, Limits.PORT_MAX);
        connectTimeoutMillis = values.whole("connect.timeout.ms", 10_000L, Limits.CONNECT_TIMEOUT_MIN, Limits.CONNECT_TIMEOUT_MAX);
        chunkBytes = values.integer("chunk.bytes", 64 * 1024, Limits.CHUNK_MIN, Limits.CHUNK_MAX);
        window = values.integer("window", 4, Limits.WINDOW_MIN, Limits.WINDOW_MAX);
        backlog = values.integer("backlog", 64, Limits.BACKLOG_MIN, Limits.BACKLOG_MAX);
        maxConnections = values.integer("max.connections", 256, Limits.CONNECTIONS_MIN, Limits.CONNECTIONS_MAX);
        lingerMillis = values.whole("linger.ms", 5_000L, Limits.LINGER_MIN, Limits.LINGER_MAX);
    }

    /** @throws InvalidProperty for the first property with a wrong type or a value out of range */
    static BridgeSettings read(Map<String, ?> properties) {
        return new BridgeSettings(new ConfigurationValues(properties));
    }

    /** @return the TCP target as host:port */
    String target() {
        return targetHost + ":" + targetPort;
    }
}
