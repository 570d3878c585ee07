package io.wsstream.api.runtime.dto;

import org.osgi.dto.DTO;

/** What the whiteboard serves and refuses at one moment. */
public class StreamRuntimeDTO extends DTO {
    /** Failure reason: unknown. */
    public static final int FAILURE_REASON_UNKNOWN = 0;
    /** Failure reason: another handler on the same path has precedence. */
    public static final int FAILURE_REASON_SHADOWED = 1;
    /** Failure reason: the service object of the handler (or authenticator) could not be obtained. */
    public static final int FAILURE_REASON_SERVICE_NOT_GETTABLE = 2;
    /** Failure reason: the service properties of the handler (or authenticator) are invalid. */
    public static final int FAILURE_REASON_VALIDATION_FAILED = 3;
    /** Failure reason: the handler's {@code wsstream.target} matches no running server. */
    public static final int FAILURE_REASON_NO_MATCHING_SERVER = 4;

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
