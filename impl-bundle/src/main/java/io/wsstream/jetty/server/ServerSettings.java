package io.wsstream.jetty.server;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;


import org.osgi.framework.Constants;

/**
 * One server's configuration, validated once. What the listening socket depends on (name, host, port, TLS)
 * needs a restart to change; everything else is applied to the running server.
 */
final class ServerSettings {
    final String name;
    final String host;
    final int port;
    final TlsSettings tls;
    final Duration idleTimeout;
    final Duration pingInterval;
    final long maxTextMessageBytes;
    final long maxBinaryMessageBytes;
    final long maxFrameBytes;
    final int maxConnections;
    final OriginCheck origins;
    final HostCheck hosts;
    final boolean permessageDeflate;
    final long outboundLimitBytes;
    final Duration stopTimeout;

    private ServerSettings(ServerConfig config, String name) {
        this.name = name;
        this.host = config.host().trim();
        this.port = config.port();
        this.tls = config.tls_keystore_path().isBlank() ? null
                : new TlsSettings(config.tls_keystore_path().trim(), config.tls_keystore_type().trim(), config.tls_keystore_password());
        this.idleTimeout = Duration.ofMillis(atLeast(1, config.idle_timeout_ms(), "idle.timeout.ms"));
        this.pingInterval = Duration.ofMillis(atLeast(0, config.ping_interval_ms(), "ping.interval.ms"));
        this.maxTextMessageBytes = atLeast(1, config.max_text_message_bytes(), "max.text.message.bytes");
        this.maxBinaryMessageBytes = atLeast(1, config.max_binary_message_bytes(), "max.binary.message.bytes");
        this.maxFrameBytes = atLeast(1, config.max_frame_bytes(), "max.frame.bytes");
        this.maxConnections = (int) atLeast(0, config.max_connections(), "max.connections");
        this.origins = OriginCheck.of(config.allowed_origins() == null ? List.of() : List.of(config.allowed_origins()));
        this.hosts = HostCheck.of(config.allowed_hosts() == null ? List.of() : List.of(config.allowed_hosts()), host, origins.hosts());
        this.permessageDeflate = config.permessage_deflate();
        this.outboundLimitBytes = atLeast(1, config.outbound_limit_bytes(), "outbound.limit.bytes");
        this.stopTimeout = Duration.ofMillis(atLeast(0, config.stop_timeout_ms(), "stop.timeout.ms"));
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, not " + port);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("host must not be empty (0.0.0.0 listens on every interface)");
        }
    }

    /**
     * @param properties the component properties, for {@code service.pid} of a factory configuration
     * @param defaultName the name when the configuration gives none and is no named factory configuration
     * @throws IllegalArgumentException for an invalid value, naming the property
     */
    static ServerSettings of(ServerConfig config, Map<String, Object> properties, String defaultName) {
        String name = config.name().trim();
        if (name.isEmpty()) {
            name = factoryConfigurationName(properties).orElse(defaultName);
        }
        return new ServerSettings(config, name);
    }

    /** @return the name of a named factory configuration: the part of its PID after '~' (Configuration Admin 1.6) */
    private static Optional<String> factoryConfigurationName(Map<String, Object> properties) {
        Object pid = properties.get(Constants.SERVICE_PID);
        if (properties.get("service.factoryPid") == null || !(pid instanceof String)) {
            return Optional.empty();
        }
        String text = (String) pid;
        int tilde = text.indexOf('~');
        return Optional.of(tilde >= 0 ? text.substring(tilde + 1) : text);
    }

    /** @return whether going from these settings to {@code next} needs a new listening socket */
    boolean needsRestart(ServerSettings next) {
        return !name.equals(next.name) || !host.equals(next.host) || port != next.port || !Objects.equals(tls, next.tls);
    }

    boolean isSecure() {
        return tls != null;
    }

    private static long atLeast(long minimum, long value, String property) {
        if (value < minimum) {
            throw new IllegalArgumentException(property + " must be at least " + minimum + ", not " + value);
        }
        return value;
    }

    @Override
    public String toString() {
        return name + " on " + (tls == null ? "ws" : "wss") + "://" + host + ":" + port;
    }

    /** Where the server's key and certificate are. */
    static final class TlsSettings {
        final String keystorePath;
        final String keystoreType;
        final String keystorePassword;

        TlsSettings(String keystorePath, String keystoreType, String keystorePassword) {
            this.keystorePath = keystorePath;
            this.keystoreType = keystoreType.isEmpty() ? "PKCS12" : keystoreType;
            this.keystorePassword = keystorePassword == null ? "" : keystorePassword;
        }

        @Override
        public boolean equals(Object other) {
            if (!(other instanceof TlsSettings)) {
                return false;
            }
            TlsSettings that = (TlsSettings) other;
            return keystorePath.equals(that.keystorePath) && keystoreType.equals(that.keystoreType)
                    && keystorePassword.equals(that.keystorePassword);
        }

        @Override
        public int hashCode() {
            return Objects.hash(keystorePath, keystoreType, keystorePassword);
        }

        @Override
        public String toString() {
            return keystoreType + " keystore " + keystorePath;
        }
    }
}
