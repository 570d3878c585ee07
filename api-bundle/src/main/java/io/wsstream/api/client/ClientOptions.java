package io.wsstream.api.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link WebsocketClientStreamFactory#connect} connects: subprotocols, request headers, timeouts, size
 * limits, TLS trust and reconnection. Immutable; made with {@link #builder()}, e.g.
 *
 * <pre>{@code
 * ClientOptions options = ClientOptions.builder()
 *     .subprotocols("binary")
 *     .header("Authorization", "Bearer " + token)
 *     .connectTimeout(Duration.ofSeconds(5))
 *     .reconnect(ReconnectPolicy.exponential(Duration.ofMillis(200), Duration.ofSeconds(30)))
 *     .build();
 * }</pre>
 *
 * <p>TLS ({@code wss:}): without a trust store the JVM's default trust applies. {@link Builder#trustStore}
 * trusts the certificates of a PKCS12 or JKS store instead. {@link Builder#insecureTrustAll()} trusts any
 * certificate and host name: for tests against self-signed servers only, never in production.
 */
public final class ClientOptions {
    /** The default connect timeout: 10 seconds. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** The default idle timeout: 300 seconds, as the server's. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(300);
    /** The default largest incoming message, text or binary: 1 MiB, as the server's. */
    public static final long DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;

    private static final ClientOptions DEFAULTS = new Builder().build();

    private final List<String> subprotocols;
    private final Map<String, List<String>> headers;
    private final Duration connectTimeout;
    private final Duration idleTimeout;
    private final long maxMessageBytes;
    private final Path trustStore;
    private final String trustStorePassword;
    private final String trustStoreType;
    private final boolean trustAll;
    private final ReconnectPolicy reconnect;

    private ClientOptions(Builder builder) {
        this.subprotocols = List.copyOf(builder.subprotocols);
        Map<String, List<String>> copy = new LinkedHashMap<>();
        builder.headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        this.headers = Collections.unmodifiableMap(copy);
        this.connectTimeout = builder.connectTimeout;
        this.idleTimeout = builder.idleTimeout;
        this.maxMessageBytes = builder.maxMessageBytes;
        this.trustStore = builder.trustStore;
        this.trustStorePassword = builder.trustStorePassword;
        this.trustStoreType = builder.trustStoreType;
        this.trustAll = builder.trustAll;
        this.reconnect = builder.reconnect;
    }

    /** @return no subprotocols or headers, the default timeouts and limits, the JVM's trust, no reconnection */
    public static ClientOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding these options, to derive others */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.subprotocols.addAll(subprotocols);
        headers.forEach((name, values) -> builder.headers.put(name, new ArrayList<>(values)));
        builder.connectTimeout = connectTimeout;
        builder.idleTimeout = idleTimeout;
        builder.maxMessageBytes = maxMessageBytes;
        builder.trustStore = trustStore;
        builder.trustStorePassword = trustStorePassword;
        builder.trustStoreType = trustStoreType;
        builder.trustAll = trustAll;
        builder.reconnect = reconnect;
        return builder;
    }

    /** @return the subprotocols offered in {@code Sec-WebSocket-Protocol}, in order of preference */
    public List<String> subprotocols() {
        return subprotocols;
    }

    /** @return extra headers of the upgrade request, in the case given, in insertion order */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** @return how long one connection attempt (TCP, TLS and the upgrade) may take */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** @return how long an open stream may go without a frame in either direction before it is closed */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** @return the largest incoming message accepted, text or binary; a larger one closes the stream with 1009 */
    public long maxMessageBytes() {
        return maxMessageBytes;
    }

    /** @return the trust store for {@code wss:}, empty for the JVM's default trust */
    public Optional<Path> trustStore() {
        return Optional.ofNullable(trustStore);
    }

    /** @return the trust store's password, or {@code null} for none */
    public String trustStorePassword() {
        return trustStorePassword;
    }

    /** @return the trust store's type: {@code PKCS12} unless set */
    public String trustStoreType() {
        return trustStoreType;
    }

    /** @return whether any server certificate and host name is trusted (tests only) */
    public boolean insecureTrustAll() {
        return trustAll;
    }

    /** @return the reconnection policy, empty when a stream does not reconnect */
    public Optional<ReconnectPolicy> reconnect() {
        return Optional.ofNullable(reconnect);
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof ClientOptions)) {
            return false;
        }
        ClientOptions that = (ClientOptions) other;
        return subprotocols.equals(that.subprotocols) && headers.equals(that.headers)
                && connectTimeout.equals(that.connectTimeout) && idleTimeout.equals(that.idleTimeout)
                && maxMessageBytes == that.maxMessageBytes && Objects.equals(trustStore, that.trustStore)
                && Objects.equals(trustStorePassword, that.trustStorePassword)
                && trustStoreType.equals(that.trustStoreType) && trustAll == that.trustAll
                && Objects.equals(reconnect, that.reconnect);
    }

    @Override
    public int hashCode() {
        return Objects.hash(subprotocols, headers, connectTimeout, idleTimeout, maxMessageBytes, trustStore,
                trustStorePassword, trustStoreType, trustAll, reconnect);
    }

    /** The password does not appear. */
    @Override
    public String toString() {
        return "ClientOptions{subprotocols=" + subprotocols + ", headers=" + headers.keySet()
                + ", connectTimeout=" + connectTimeout + ", idleTimeout=" + idleTimeout
                + ", maxMessageBytes=" + maxMessageBytes
                + (trustStore != null ? ", trustStore=" + trustStore + " (" + trustStoreType + ")" : "")
                + (trustAll ? ", insecureTrustAll" : "")
                + (reconnect != null ? ", reconnect=" + reconnect : "") + "}";
    }

    /** Collects options; not thread safe. Every setter validates its argument at once. */
    public static final class Builder {
        private final List<String> subprotocols = new ArrayList<>();
        private final Map<String, List<String>> headers = new LinkedHashMap<>();
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private long maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
        private Path trustStore;
        private String trustStorePassword;
        private String trustStoreType = "PKCS12";
        private boolean trustAll;
        private ReconnectPolicy reconnect;

        private Builder() {}

        /** Replaces the offered subprotocols, in order of preference (RFC 6455 tokens, e.g. {@code binary}). */
        public Builder subprotocols(String... names) {
            subprotocols.clear();
            for (String name : names) {
                if (name == null || name.isEmpty() || !name.chars().allMatch(Builder::isTokenChar)) {
                    throw new IllegalArgumentException("not a subprotocol token: '" + name + "'");
                }
                subprotocols.add(name);
            }
            return this;
        }

        /**
         * Adds a request header value (a name may repeat). The websocket handshake headers ({@code Upgrade},
         * {@code Connection}, {@code Sec-WebSocket-*}) are the client's; use {@link #subprotocols} for
         * {@code Sec-WebSocket-Protocol}.
         */
        public Builder header(String name, String value) {
            Objects.requireNonNull(value, "value");
            if (name == null || name.isEmpty() || !name.chars().allMatch(Builder::isTokenChar)) {
                throw new IllegalArgumentException("not a header name: '" + name + "'");
            }
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("sec-websocket-") || lower.equals("upgrade") || lower.equals("connection")
                    || lower.equals("host")) {
                throw new IllegalArgumentException("header " + name + " belongs to the websocket handshake");
            }
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("a header value may not contain CR or LF");
            }
            headers.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
            return this;
        }

        /** @param timeout positive: how long one connection attempt may take */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connect timeout");
            return this;
        }

        /** @param timeout positive: how long an open stream may be idle */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = positive(timeout, "idle timeout");
            return this;
        }

        /** @param bytes at least 1: the largest incoming message, text or binary */
        public Builder maxMessageBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("max message bytes must be at least 1, not " + bytes);
            }
            this.maxMessageBytes = bytes;
            return this;
        }

        /**
         * Trusts the certificates in a trust store instead of the JVM's default trust.
         *
         * @param path a PKCS12 or JKS file
         * @param password its password, or {@code null} for none
         * @param type {@code PKCS12} or {@code JKS}
         */
        public Builder trustStore(Path path, String password, String type) {
            this.trustStore = Objects.requireNonNull(path, "path");
            this.trustStorePassword = password;
            this.trustStoreType = Objects.requireNonNull(type, "type");
            return this;
        }

        /** {@link #trustStore(Path, String, String)} of type {@code PKCS12}. */
        public Builder trustStore(Path path, String password) {
            return trustStore(path, password, "PKCS12");
        }

        /**
         * Trusts every certificate and host name. For tests against self-signed servers only: it gives up
         * what TLS protects against.
         */
        public Builder insecureTrustAll() {
            this.trustAll = true;
            return this;
        }

        /** @param policy how a dropped or refused connection is retried, {@code null} for no reconnection */
        public Builder reconnect(ReconnectPolicy policy) {
            this.reconnect = policy;
            return this;
        }

        public ClientOptions build() {
            if (trustAll && trustStore != null) {
                throw new IllegalStateException("insecureTrustAll() and trustStore(...) exclude each other");
            }
            return new ClientOptions(this);
        }

        private static Duration positive(Duration duration, String what) {
            if (duration == null || duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, not " + duration);
            }
            return duration;
        }

        /** RFC 7230 tchar. */
        private static boolean isTokenChar(int c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
        }
    }
}
