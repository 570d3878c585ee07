package io.wsstream.api.runtime.dto;

import java.util.Map;

import org.osgi.dto.DTO;

/**
 * One running server and what it has done since its configuration was first activated (the counters
 * survive a restart caused by a configuration change). Each refused request counts under exactly one reason
 * in {@link #refusals}.
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
     * Refused requests by reason: a key of {@link RefusalReasons} to the number of requests refused for it. Every
     * reason the server knows is present, with 0 when none was refused for it.
     */
    public Map<String, Long> refusals;
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
    /**
     * Streams closed, one entry for each handler path and close code seen since the server's configuration was
     * first activated, sorted by path and code; empty before a stream closed.
     */
    public ClosedStreamsDTO[] closedStreams;
}
