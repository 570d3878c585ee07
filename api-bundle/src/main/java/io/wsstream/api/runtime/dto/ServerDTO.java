package io.wsstream.api.runtime.dto;

import org.osgi.dto.DTO;

/**
 * One running server and what it has done since its configuration was first activated (the counters
 * survive a restart caused by a configuration change). Each refused handshake counts in exactly one
 * {@code refused*} field.
 */
public class ServerDTO extends DTO {
    /** The server's name. */
    public String name;
    /** The host it is bound to. */
    public String host;
    /** The port it is bound to. */
    public int port;
    /** Whether it speaks TLS ({@code wss://}). */
    public boolean secure;
    /** Streams open now. */
    public int openStreams;
    /** Streams it opened. */
    public long accepted;
    /**
     * Requests answered 403 because their {@code Host} header names a host the server does not answer to
     * ({@code allowed.hosts}, against DNS rebinding): websocket handshakes and static pages alike.
     */
    public long refusedHost;
    /** Handshakes answered 404: no handler serves the path on this server. */
    public long refusedNotFound;
    /** Plain HTTP requests on a served path, answered 426. */
    public long refusedUpgradeRequired;
    /** Malformed handshakes, answered 400, 405 or 426 (RFC 6455 section 4.2.1 checks). */
    public long refusedBadRequest;
    /** Handshakes from a browser page of another origin, answered 403. */
    public long refusedOrigin;
    /** Handshakes beyond the configured maximum of concurrent connections, answered 503. */
    public long refusedConnectionLimit;
    /** Handshakes answered 401: an authenticator refused with 401, or the handler requires authentication and none accepted. */
    public long refusedUnauthenticated;
    /** Handshakes an authenticator refused with 403. */
    public long refusedForbidden;
    /** Handshakes answered 500 because an authenticator failed with an exception. */
    public long refusedAuthenticatorFailed;
    /**
     * Handshakes answered 503: handler not gettable, a pull endpoint's backlog is full, or an authenticator
     * that could apply to this server cannot be used (see {@link StreamRuntimeDTO#failedAuthenticatorDTOs}).
     */
    public long refusedUnavailable;
    /** Messages received on its streams. */
    public long messagesIn;
    /** Messages sent on its streams (written to the network). */
    public long messagesOut;
    /** Payload bytes received. */
    public long bytesIn;
    /** Payload bytes sent. */
    public long bytesOut;
    /** Streams closed because their outbound queue exceeded the limit (1008). */
    public long closedOutboundLimit;
    /** Streams closed because the peer answered no keep-alive ping (1001). */
    public long closedKeepAlive;
}
