package io.wsstream.api.runtime.dto;

import org.osgi.dto.DTO;

/**
 * What one server serves and refuses at one moment, as {@code WebsocketServerRuntime.getRuntimeDTO()} returns it
 * (the counterpart of the Servlet Whiteboard's {@code RuntimeDTO}).
 */
public class RuntimeDTO extends DTO {
    /** The server, with its counters. */
    public ServerDTO serverDTO;
    /** The handlers this server serves; their {@code openStreams} and {@code serverNames} count every server. */
    public HandlerDTO[] handlerDTOs;
    /**
     * The handlers this server does not serve although they could apply to it: shadowed here, or invalid or not
     * gettable (those are listed by every server). A handler whose {@code wsstream.target} does not match this
     * server is not listed: see {@code StreamManager.getWhiteboardDTO()} for handlers that match no server.
     */
    public FailedHandlerDTO[] failedHandlerDTOs;
    /**
     * The authenticator services that could apply to this server but cannot be used. While one is listed, every
     * handshake on this server gets 503.
     */
    public FailedAuthenticatorDTO[] failedAuthenticatorDTOs;
}
