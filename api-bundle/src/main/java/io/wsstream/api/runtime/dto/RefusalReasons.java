package io.wsstream.api.runtime.dto;

/**
 * The keys of {@link ServerDTO#refusals}: why a server refused a request. Each refused request counts under
 * exactly one reason. A new reason is a new key, a minor version: a reader must accept keys it does not know.
 */
public final class RefusalReasons {
    /**
     * A {@code Host} header naming a host the server does not answer to ({@code allowed.hosts}, against DNS
     * rebinding): 403, for websocket handshakes and static pages alike.
     */
    public static final String HOST = "host";
    /** No handler serves the path on this server: 404. */
    public static final String NOT_FOUND = "not-found";
    /** A plain HTTP request on a served path: 426. */
    public static final String UPGRADE_REQUIRED = "upgrade-required";
    /** A malformed handshake (RFC 6455 section 4.2.1 checks): 400, 405 or 426. */
    public static final String BAD_REQUEST = "bad-request";
    /** A handshake from a browser page of another origin: 403. */
    public static final String ORIGIN = "origin";
    /** A handshake beyond the configured maximum of concurrent connections: 503. */
    public static final String CONNECTION_LIMIT = "connection-limit";
    /** An authenticator refused with 401, or the handler requires authentication and none accepted: 401. */
    public static final String UNAUTHENTICATED = "unauthenticated";
    /** An authenticator refused with 403. */
    public static final String FORBIDDEN = "forbidden";
    /** An authenticator failed with an exception: 500. */
    public static final String AUTHENTICATOR_FAILED = "authenticator-failed";
    /**
     * 503: the handler's service object could not be obtained, a pull endpoint's backlog is full, or an
     * authenticator that could apply to this server cannot be used ({@link RuntimeDTO#failedAuthenticatorDTOs}).
     */
    public static final String UNAVAILABLE = "unavailable";

    private RefusalReasons() {}
}
