package io.wsstream.jetty.configuration;

import io.wsstream.jetty.handshake.HostCheck;
import io.wsstream.jetty.handshake.OriginCheck;

import java.util.List;
import java.util.Map;

/**
 * What each property of a server configuration accepts: the ranges the Metatype declares ({@link ServerConfig},
 * which also holds the defaults; a unit test keeps both in step). A new property is one line here, one method
 * in {@link ServerConfig} and one field in {@link ServerSettings}.
 */
final class ServerProperties {
    static final ConfigProperty<String> NAME = ConfigProperty.text("name");
    static final ConfigProperty<String> HOST = ConfigProperty.word("host",
            "a host name or address without spaces, e.g. 127.0.0.1, or 0.0.0.0 for every interface");
    static final ConfigProperty<Integer> PORT = ConfigProperty.integer("port", 0, 65535);
    static final ConfigProperty<String> TLS_KEYSTORE_PATH = ConfigProperty.text("tls.keystore.path");
    static final ConfigProperty<String> TLS_KEYSTORE_TYPE = ConfigProperty.oneOf("tls.keystore.type", "PKCS12", "JKS");
    static final ConfigProperty<String> TLS_KEYSTORE_PASSWORD = ConfigProperty.secret("tls.keystore.password");
    static final ConfigProperty<Long> IDLE_TIMEOUT_MS = ConfigProperty.longInteger("idle.timeout.ms", 1, Long.MAX_VALUE);
    static final ConfigProperty<Long> PING_INTERVAL_MS = ConfigProperty.longInteger("ping.interval.ms", 0, Long.MAX_VALUE);
    static final ConfigProperty<Long> MAX_TEXT_MESSAGE_BYTES = ConfigProperty.longInteger("max.text.message.bytes", 1, Long.MAX_VALUE);
    static final ConfigProperty<Long> MAX_BINARY_MESSAGE_BYTES = ConfigProperty.longInteger("max.binary.message.bytes", 1, Long.MAX_VALUE);
    static final ConfigProperty<Long> MAX_FRAME_BYTES = ConfigProperty.longInteger("max.frame.bytes", 1, Long.MAX_VALUE);
    static final ConfigProperty<Integer> MAX_CONNECTIONS = ConfigProperty.integer("max.connections", 0, Integer.MAX_VALUE);
    static final ConfigProperty<OriginCheck> ALLOWED_ORIGINS = ConfigProperty.texts("allowed.origins").then(OriginCheck::of,
            "origins such as https://app.example.com:8443, separated by commas, or *");
    static final ConfigProperty<List<String>> ALLOWED_HOSTS = ConfigProperty.texts("allowed.hosts").then(HostCheck::entries,
            "host names or addresses without port, such as app.example.com or [fe80::1], separated by commas, or *");
    static final ConfigProperty<Boolean> PERMESSAGE_DEFLATE = ConfigProperty.bool("permessage.deflate");
    static final ConfigProperty<Long> OUTBOUND_LIMIT_BYTES = ConfigProperty.longInteger("outbound.limit.bytes", 1, Long.MAX_VALUE);
    static final ConfigProperty<Long> STOP_TIMEOUT_MS = ConfigProperty.longInteger("stop.timeout.ms", 0, Long.MAX_VALUE);

    /** Property name to default, from {@link ServerConfig}. */
    static final Map<String, Object> DEFAULTS = ConfigReader.defaultsOf(ServerConfig.class);

    private ServerProperties() {
    }
}
