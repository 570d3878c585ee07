package io.wsstream.bridge;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.wsstream.api.client.ClientOptions;
import io.wsstream.bridge.config.ConfigurationValues;
import io.wsstream.bridge.config.InvalidProperty;

/** One configuration of {@value TcpToWebsocketForwarder#PID}, read and checked against its Metatype's ranges. */
final class ForwarderSettings {
    final String listenHost;
    final int listenPort;
    final URI url;
    final int chunkBytes;
    final int window;
    final int maxConnections;
    final long lingerMillis;
    final ClientOptions options;

    private ForwarderSettings(ConfigurationValues values) {
        listenHost = values.text("listen.host", "127.0.0.1", false);
        listenPort = values.integer("listen.port", null, Limits.PORT_MIN, Limits.PORT_MAX);
        String text = values.text("url", null, false);
        try {
            url = websocketUri(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidProperty("url", text, "a ws:// or wss:// URL with a host");
        }
        List<String> subprotocols = values.texts("subprotocols");
        long connectTimeout = values.whole("connect.timeout.ms", 10_000L, Limits.CONNECT_TIMEOUT_MIN, Limits.CONNECT_TIMEOUT_MAX);
        long idleTimeout = values.whole("idle.timeout.ms", 300_000L, Limits.IDLE_TIMEOUT_MIN, Limits.IDLE_TIMEOUT_MAX);
        chunkBytes = values.integer("chunk.bytes", 64 * 1024, Limits.CHUNK_MIN, Limits.CHUNK_MAX);
        window = values.integer("window", 4, Limits.WINDOW_MIN, Limits.WINDOW_MAX);
        long maxMessageBytes = values.whole("max.message.bytes", 1024L * 1024, Limits.MESSAGE_MIN, Limits.MESSAGE_MAX);
        String trustStore = values.text("trust.store", "", true);
        String trustStorePassword = values.secret("trust.store.password");
        String trustStoreType = values.text("trust.store.type", "PKCS12", false).toUpperCase(Locale.ROOT);
        if (!trustStoreType.equals("PKCS12") && !trustStoreType.equals("JKS")) {
            throw new InvalidProperty("trust.store.type", trustStoreType, "PKCS12 or JKS");
        }
        boolean insecureTrustAll = values.flag("insecure.trust.all", false);
        maxConnections = values.integer("max.connections", 256, Limits.CONNECTIONS_MIN, Limits.CONNECTIONS_MAX);
        lingerMillis = values.whole("linger.ms", 5_000L, Limits.LINGER_MIN, Limits.LINGER_MAX);

        ClientOptions.Builder builder = ClientOptions.builder()
                .connectTimeout(Duration.ofMillis(connectTimeout))
                .idleTimeout(Duration.ofMillis(idleTimeout))
                .maxMessageBytes(maxMessageBytes);
        try {
            builder.subprotocols(subprotocols.toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            throw new InvalidProperty("subprotocols", String.join(",", subprotocols), "tokens (letters, digits and !#$%&'*+-.^_`|~), separated by commas");
        }
        if (insecureTrustAll) {
            builder.insecureTrustAll();
        } else if (!trustStore.isEmpty()) {
            builder.trustStore(readableFile("trust.store", trustStore), trustStorePassword.isEmpty() ? null : trustStorePassword, trustStoreType);
        }
        // No reconnection: a byte stream cannot resume on a new connection.
        options = builder.build();
    }

    /** @throws InvalidProperty for the first property with a wrong type or a value out of range */
    static ForwarderSettings read(Map<String, ?> properties) {
        return new ForwarderSettings(new ConfigurationValues(properties));
    }

    /** @return the URL as a URI; a configuration error unless it is a ws:// or wss:// URL with a host */
    static URI websocketUri(String url) {
        URI parsed;
        try {
            parsed = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("url is not a valid URI: " + url + ": " + e.getMessage(), e);
        }
        String scheme = parsed.getScheme();
        if (!"ws".equalsIgnoreCase(scheme) && !"wss".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("url must be a ws:// or wss:// URL, not " + url);
        }
        if (parsed.getHost() == null || parsed.getHost().isEmpty()) {
            throw new IllegalArgumentException("url must name a host: " + url);
        }
        return parsed;
    }

    /** @return where the forwarder listens, as host:port */
    String listens() {
        return listenHost + ":" + listenPort;
    }

    /** @return whether the other settings listen on the same address, so they cannot run at the same time as these */
    boolean listensLike(ForwarderSettings other) {
        return listenHost.equals(other.listenHost) && listenPort == other.listenPort;
    }

    private static Path readableFile(String key, String file) {
        try {
            Path path = Path.of(file);
            if (Files.isRegularFile(path) && Files.isReadable(path)) {
                return path;
            }
        } catch (InvalidPathException e) {
            // refused below
        }
        throw new InvalidProperty(key, file, "a readable PKCS12 or JKS file, or nothing for the JVM's default trust");
    }
}
