package io.wsstream.jetty.configuration;

import io.wsstream.jetty.handshake.HandshakeSettings;
import io.wsstream.jetty.handshake.HostCheck;
import io.wsstream.jetty.handshake.OriginCheck;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.osgi.framework.Constants;

/**
 * One server's configuration, read and validated once ({@link ServerProperties}). What the listening socket
 * depends on (name, host, port, TLS) needs a restart to change; everything else is applied to the running server.
 */
public final class ServerSettings {
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
    /** The part that the handshake package reads, which knows nothing of the configuration. */
    final HandshakeSettings handshake;

    private ServerSettings(ConfigReader config, String name) {
        this.name = name;
        this.host = config.read(ServerProperties.HOST);
        this.port = config.read(ServerProperties.PORT);
        String keystorePath = config.read(ServerProperties.TLS_KEYSTORE_PATH).trim();
        String keystoreType = config.read(ServerProperties.TLS_KEYSTORE_TYPE);
        String keystorePassword = config.read(ServerProperties.TLS_KEYSTORE_PASSWORD);
        this.tls = keystorePath.isEmpty() ? null : new TlsSettings(keystorePath, keystoreType, keystorePassword);
        this.idleTimeout = Duration.ofMillis(config.read(ServerProperties.IDLE_TIMEOUT_MS));
        this.pingInterval = Duration.ofMillis(config.read(ServerProperties.PING_INTERVAL_MS));
        this.maxTextMessageBytes = config.read(ServerProperties.MAX_TEXT_MESSAGE_BYTES);
        this.maxBinaryMessageBytes = config.read(ServerProperties.MAX_BINARY_MESSAGE_BYTES);
        this.maxFrameBytes = config.read(ServerProperties.MAX_FRAME_BYTES);
        this.maxConnections = config.read(ServerProperties.MAX_CONNECTIONS);
        this.origins = config.read(ServerProperties.ALLOWED_ORIGINS);
        this.hosts = HostCheck.of(config.read(ServerProperties.ALLOWED_HOSTS), host, origins.hosts());
        this.permessageDeflate = config.read(ServerProperties.PERMESSAGE_DEFLATE);
        this.outboundLimitBytes = config.read(ServerProperties.OUTBOUND_LIMIT_BYTES);
        this.stopTimeout = Duration.ofMillis(config.read(ServerProperties.STOP_TIMEOUT_MS));
        this.handshake = new HandshakeSettings(maxConnections, origins, hosts, permessageDeflate);
    }

    /**
     * @param properties the configuration as SCR gives it: read and converted here ({@link ServerProperties}),
     *     never by SCR, so a value of the wrong type is refused like one out of range
     * @param defaultName the name when the configuration gives none and is no named factory configuration
     * @throws IllegalArgumentException naming every refused property, its value and what it accepts
     */
    public static ServerSettings of(Map<String, Object> properties, String defaultName) {
        ConfigReader config = new ConfigReader(properties, ServerProperties.DEFAULTS);
        String name = config.read(ServerProperties.NAME).trim();
        if (name.isEmpty()) {
            name = factoryConfigurationName(properties).orElse(defaultName);
        }
        ServerSettings settings = new ServerSettings(config, name);
        config.throwIfRefused();
        return settings;
    }

    /**
     * @param fallbackPid the PID when the properties name none (the default server without a configuration)
     * @return the configuration for a log line: its PID, and for a factory configuration its factory PID and name
     */
    static String describeConfiguration(Map<String, Object> properties, String fallbackPid) {
        String pid = String.valueOf(properties.getOrDefault(Constants.SERVICE_PID, fallbackPid));
        Object factoryPid = properties.get("service.factoryPid");
        if (factoryPid == null) {
            return pid;
        }
        int tilde = pid.indexOf('~');
        return pid + " (factory " + factoryPid + (tilde >= 0 ? ", configuration " + pid.substring(tilde + 1) : "") + ")";
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

    /** @return what this server's handshakes are checked against */
    public HandshakeSettings handshake() {
        return handshake;
    }

    boolean isSecure() {
        return tls != null;
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
