package io.wsstream.api.runtime;

import org.osgi.dto.DTO;

/** One running server and what it has done since it started. */
public class ServerDTO extends DTO {
    /** The server's name. */
    public String name;
    /** The host it is bound to. */
    public String host;
    /** The port it is bound to. */
    public int port;
    /** Streams it opened. */
    public long accepted;
    /** Handshakes answered 404: no handler serves the path. */
    public long refusedNotFound;
    /** Plain HTTP requests on a served path, answered 426. */
    public long refusedUpgradeRequired;
    /** Malformed handshakes, answered 400, 405 or 426 (RFC 6455 section 4.2.1 checks). */
    public long refusedBadRequest;
    /** Handshakes answered 503: handler not gettable, or a pull endpoint's backlog is full. */
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
}
