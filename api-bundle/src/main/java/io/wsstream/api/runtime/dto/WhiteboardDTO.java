package io.wsstream.api.runtime.dto;

import org.osgi.dto.DTO;

/**
 * What the whiteboard serves and refuses on every server at one moment, as {@code StreamManager.getWhiteboardDTO()}
 * returns it: each handler once, naming the servers it is served or shadowed on, and the handlers no server serves
 * (failure reason {@link DTOConstants#FAILURE_REASON_NO_MATCHING_SERVER}), which no server's own {@link RuntimeDTO}
 * can list.
 */
public class WhiteboardDTO extends DTO {
    /** The handlers being served, each once, with the servers that serve it. */
    public HandlerDTO[] handlerDTOs;
    /** The handlers refused, with the reason; a handler shadowed on some servers is listed with those servers. */
    public FailedHandlerDTO[] failedHandlerDTOs;
    /**
     * The authenticator services that cannot be used, with the reason. While one is listed, handshakes on the
     * servers it could apply to get 503: every server when its {@code wsstream.target} cannot be read, the servers
     * its target matches when its service object cannot be obtained.
     */
    public FailedAuthenticatorDTO[] failedAuthenticatorDTOs;
    /** The running servers, with their counters. */
    public ServerDTO[] serverDTOs;
}
