package io.wsstream.api;

import io.wsstream.api.authentication.StreamAuthenticator;
import io.wsstream.api.propertytypes.WsstreamSubprotocols;
import io.wsstream.api.propertytypes.WsstreamTarget;

/** Names of the service properties and configuration of wsstream, in the style of the OSGi whiteboards. */
public final class WebsocketConstants {

    /**
     * Handler service property ({@code String}): the path the handler serves, starting with {@code /}.
     * Required: a handler without it, or with an invalid one, is refused (failure reason 3). {@code /chat}
     * matches exactly; {@code /devices/*} matches {@code /devices} and every path below it.
     */
    public static final String PATH = "wsstream.path";

    /**
     * Handler service property ({@code Integer}): the close code sent to the handler's open streams when
     * the handler leaves. Optional, default {@link CloseCodes#GOING_AWAY}; must be sendable
     * ({@link CloseCodes#isSendable}), or the handler is refused.
     */
    public static final String CLOSE_CODE = "wsstream.close.code";

    /**
     * Handler service property ({@code Long} or {@code Integer}, milliseconds): how long the handler's open
     * streams may go on after the handler left, before they are closed with its close code. New
     * connections are not routed to a leaving handler. Optional, default 0. As a component property type:
     * {@code @WsstreamCloseGrace(ms = 5000)}.
     */
    public static final String CLOSE_GRACE_MILLIS = "wsstream.close.grace.ms";

    /**
     * Handler and authenticator service property ({@code String}): an LDAP filter over the service
     * properties of the servers ({@link #SERVER_NAME}, {@link #SERVER_HOST}, {@link #SERVER_PORT}), as
     * {@code osgi.http.whiteboard.target} selects HTTP runtimes. The service is used by every server the
     * filter matches; without the property, by every server. A filter that does not parse makes a handler
     * invalid (failure reason 3); a valid filter that matches no running server lists the handler with
     * failure reason 4. Servers that start later are matched when they start.
     */
    public static final String TARGET = "wsstream.target";

    /**
     * Handler service property ({@code Boolean}, or the {@code String} {@code "true"}): the handler serves
     * only connections a {@link StreamAuthenticator} accepted with a principal. A handshake that no
     * authenticator accepted is answered 401 and never reaches the handler. Optional, default
     * {@code false}: the handler also gets anonymous connections ({@link StreamInfo#principal()} empty).
     */
    public static final String AUTHENTICATION_REQUIRED = "wsstream.authentication.required";

    /**
     * Handler service property ({@code String} or {@code String[]}): the subprotocols the handler speaks,
     * e.g. {@code @WsstreamSubprotocols({"chat.v2", "chat.v1"})}. Of the subprotocols a client offers in
     * {@code Sec-WebSocket-Protocol}, the server accepts the first (in the client's order) that the handler
     * speaks, and {@link StreamInfo#subprotocol()} tells the handler which. When the client offers none
     * that the handler speaks, the connection is accepted without a subprotocol (RFC 6455 4.2.2: a client
     * that needs one then fails the connection itself). Each entry must be an HTTP token and must not start
     * with {@link #BEARER_SUBPROTOCOL}; otherwise the handler is invalid (failure reason 3). Optional:
     * without it the server accepts no subprotocol except {@link #BEARER_SUBPROTOCOL}.
     */
    public static final String SUBPROTOCOLS = "wsstream.subprotocols";

    /**
     * The subprotocol a browser offers, next to {@link #BEARER_SUBPROTOCOL_PREFIX}{@code <token>}, to send
     * a bearer token (browsers cannot set an {@code Authorization} header on a websocket):
     * {@code new WebSocket(url, ["wsstream.bearer", "wsstream.bearer." + token])}. The server answers with
     * this subprotocol, never with the token, unless the browser also offered one of the handler's
     * {@link #SUBPROTOCOLS}, which is then the answer; the token entry is removed from the headers handlers see.
     */
    public static final String BEARER_SUBPROTOCOL = "wsstream.bearer";

    /**
     * Prefix of the offered subprotocol that carries a bearer token: {@code wsstream.bearer.<token>}. The
     * token must consist of characters allowed in an HTTP token, e.g. base64url or a JWT.
     */
    public static final String BEARER_SUBPROTOCOL_PREFIX = BEARER_SUBPROTOCOL + ".";

    /** Server runtime service property ({@code String}): the server's name. */
    public static final String SERVER_NAME = "wsstream.server.name";

    /** Server runtime service property ({@code String}): the host the server is bound to. */
    public static final String SERVER_HOST = "wsstream.server.host";

    /** Server runtime service property ({@code Integer}): the port the server is bound to. */
    public static final String SERVER_PORT = "wsstream.server.port";

    /**
     * Server runtime service property ({@code Boolean}): whether the server speaks TLS ({@code wss://}), e.g.
     * {@code @WsstreamTarget("(wsstream.server.secure=true)")} serves a handler on TLS servers only.
     */
    public static final String SERVER_SECURE = "wsstream.server.secure";

    /** The configuration PID of the default server: optional, every property has a default. */
    public static final String SERVER_PID = "io.wsstream.server";

    /**
     * The factory configuration PID of additional servers: each factory configuration is one more server
     * (in Karaf: {@code etc/io.wsstream.server.factory-<name>.cfg}). Its {@code name} defaults to the
     * configuration's name, the part of its PID after {@code ~}. It is not {@link #SERVER_PID}: Felix SCR
     * hands the factory configurations of a component's own PID to that component, which would replace
     * the default server, and refuses them while a singleton configuration of the PID exists.
     */
    public static final String SERVER_FACTORY_PID = "io.wsstream.server.factory";

    /** The name of the server configured by {@link #SERVER_PID}. */
    public static final String DEFAULT_SERVER_NAME = "default";

    /** The default host: loopback only, so nothing is exposed by accident. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    /** The default port; it avoids Karaf's 8181, 8101, 1099 and 44444. */
    public static final int DEFAULT_PORT = 8765;

    /** The OSGi namespace in which the implementation announces itself. */
    public static final String IMPLEMENTATION_NAMESPACE = "osgi.implementation";

    /** The name of the {@code osgi.implementation} capability of the wsstream implementation. */
    public static final String IMPLEMENTATION = "wsstream";

    /** The version of the {@code osgi.implementation} capability of the wsstream implementation. */
    public static final String IMPLEMENTATION_VERSION = "1.0.0";

    private WebsocketConstants() {}
}
