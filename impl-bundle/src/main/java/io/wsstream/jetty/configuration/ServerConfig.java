package io.wsstream.jetty.configuration;

import io.wsstream.api.WebsocketConstants;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * The configuration of one server: the default one (PID {@code io.wsstream.server}, optional) or one more
 * (a factory configuration of {@code io.wsstream.server.factory}). The Metatype is generated from this
 * annotation; the table in docs/configuration.md lists the same properties (a unit test compares them).
 * The components read their configuration as a map, not as this type: {@link ServerProperties} says what
 * each property accepts, in the ranges declared here (a unit test compares them too).
 */
@ObjectClassDefinition(id = WebsocketConstants.SERVER_PID, name = "wsstream server",
        description = "An embedded websocket server that serves StreamHandler services. The defaults are safe: loopback only, "
                + "same-origin browsers only, limits on. Changes apply at once; host, port, name and TLS restart the server "
                + "(its streams close with 1001).")
@interface ServerConfig {
    @AttributeDefinition(name = "Name", required = false, description = "Name of this server: wsstream.server.name of its runtime "
            + "service (what handlers select with wsstream.target) and StreamInfo.serverName(). Empty: 'default' for the "
            + "io.wsstream.server configuration, the configuration's name (the part of its PID after '~', e.g. 'tls' for "
            + "etc/io.wsstream.server.factory-tls.cfg) for a factory configuration. Names must be unique. Restarts the server.")
    String name() default "";

    @AttributeDefinition(name = "Host", description = "Address to listen on. The default accepts local connections only; "
            + "0.0.0.0 (or ::) listens on every interface. Restarts the server.")
    String host() default WebsocketConstants.DEFAULT_HOST;

    @AttributeDefinition(name = "Port", description = "Port to listen on; 0 picks a free one (see wsstream.server.port of the "
            + "runtime service). Give every additional server its own port. Restarts the server: clients reconnect to the new port.",
            min = "0", max = "65535")
    int port() default WebsocketConstants.DEFAULT_PORT;

    @AttributeDefinition(name = "TLS keystore", required = false, description = "Path of a PKCS12 or JKS keystore with the "
            + "server's key and certificate. Set: the server speaks TLS only (wss://). Empty: plain ws://. Restarts the server.")
    String tls_keystore_path() default "";

    @AttributeDefinition(name = "TLS keystore type", options = {@Option(label = "PKCS12", value = "PKCS12"),
            @Option(label = "JKS", value = "JKS")}, description = "PKCS12 or JKS. Restarts the server.")
    String tls_keystore_type() default "PKCS12";

    @AttributeDefinition(name = "TLS keystore password", type = AttributeType.PASSWORD, required = false,
            description = "Password of the keystore and of the key in it. Restarts the server.")
    String tls_keystore_password() default "";

    @AttributeDefinition(name = "Idle timeout (ms)", description = "A stream with no frame in either direction for this long "
            + "is closed (1001). Keep-alive pings count as frames. Applies to streams opened after a change.", min = "1")
    long idle_timeout_ms() default 300_000;

    @AttributeDefinition(name = "Ping interval (ms)", description = "wsstream pings every stream at this interval and closes "
            + "(1001) a stream whose peer sent nothing, not even a pong, for a whole interval while the stream was reading. "
            + "0 turns keep-alive off. Applies at once to every stream.", min = "0")
    long ping_interval_ms() default 30_000;

    @AttributeDefinition(name = "Max text message (bytes)", description = "Largest text message accepted, in bytes of UTF-8; "
            + "a larger one closes the stream with 1009. Applies to streams opened after a change.", min = "1")
    long max_text_message_bytes() default 1024 * 1024;

    @AttributeDefinition(name = "Max binary message (bytes)", description = "Largest binary message accepted; a larger one "
            + "closes the stream with 1009. Applies to streams opened after a change.", min = "1")
    long max_binary_message_bytes() default 1024 * 1024;

    @AttributeDefinition(name = "Max frame (bytes)", description = "Largest frame accepted; a larger one closes the stream with "
            + "1009. Applies to streams opened after a change.", min = "1")
    long max_frame_bytes() default 1024 * 1024;

    @AttributeDefinition(name = "Max connections", description = "Most concurrent connections (open streams and handshakes "
            + "under way); the next handshake is answered 503. 0 means no limit. Applies at once to new handshakes.", min = "0")
    int max_connections() default 1000;

    @AttributeDefinition(name = "Allowed origins", required = false, description = "Origins (scheme://host[:port]) whose pages "
            + "may connect, besides the server's own origin. Handshakes without an Origin header (not from a browser) are "
            + "always allowed. '*' allows every origin: only for servers that authenticate every stream. Applies at once.")
    String[] allowed_origins() default {};

    @AttributeDefinition(name = "Allowed hosts", required = false, description = "Host names (or addresses, no port) clients may "
            + "address this server by in the Host header, against DNS rebinding; other hosts get 403, static pages included. "
            + "Always accepted: localhost, 127.0.0.1, [::1], the host names of allowed.origins and the address the server is "
            + "bound to. Empty on a server bound to an address that is not loopback: every host (logged as a warning). "
            + "'*' accepts every host. Applies at once.")
    String[] allowed_hosts() default {};

    @AttributeDefinition(name = "permessage-deflate", description = "Whether compression (RFC 7692) is negotiated with clients "
            + "that offer it. Applies to streams opened after a change.")
    boolean permessage_deflate() default true;

    @AttributeDefinition(name = "Outbound limit (bytes)", description = "Bytes a stream may have queued for sending but not yet "
            + "written; past it the stream is closed with 1008 (a peer that does not read). One message larger than the limit "
            + "is still sent when nothing else is queued. Applies to streams opened after a change.", min = "1")
    long outbound_limit_bytes() default 4 * 1024 * 1024;

    @AttributeDefinition(name = "Stop timeout (ms)", description = "How long stopping or restarting the server waits for open "
            + "streams to finish their closing handshake (1001) before disconnecting them. Applies at once.", min = "0")
    long stop_timeout_ms() default 5000;
}
