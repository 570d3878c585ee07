package io.wsstream.api;

/** Names of the service properties and configuration of wsstream, in the style of the OSGi whiteboards. */
public final class WebsocketConstants {

    /**
     * Handler service property ({@code String}): the path the handler serves, starting with {@code /}.
     * Required: a handler without it, or with an invalid one, is refused (failure reason 3). Matching is
     * exact.
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
     * connections are not routed to a leaving handler. Optional, default 0.
     */
    public static final String CLOSE_GRACE_MILLIS = "wsstream.close.grace.ms";

    /** Server runtime service property ({@code String}): the server's name. */
    public static final String SERVER_NAME = "wsstream.server.name";

    /** Server runtime service property ({@code String}): the host the server is bound to. */
    public static final String SERVER_HOST = "wsstream.server.host";

    /** Server runtime service property ({@code Integer}): the port the server is bound to. */
    public static final String SERVER_PORT = "wsstream.server.port";

    /** The configuration PID of the server: optional, every property has a default. */
    public static final String SERVER_PID = "io.wsstream.server";

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
