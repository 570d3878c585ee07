package io.wsstream.api.runtime;

import org.osgi.dto.DTO;

/** What the whiteboard serves and refuses at one moment. */
public class StreamRuntimeDTO extends DTO {
    /** Failure reason: unknown. */
    public static final int FAILURE_REASON_UNKNOWN = 0;
    /** Failure reason: another handler on the same path has precedence. */
    public static final int FAILURE_REASON_SHADOWED = 1;
    /** Failure reason: the handler service object could not be obtained. */
    public static final int FAILURE_REASON_SERVICE_NOT_GETTABLE = 2;
    /** Failure reason: the handler's service properties are invalid. */
    public static final int FAILURE_REASON_VALIDATION_FAILED = 3;

    /** The handlers being served. */
    public HandlerDTO[] handlerDTOs;
    /** The handlers refused, with the reason. */
    public FailedHandlerDTO[] failedHandlerDTOs;
    /** The running servers, with their counters. */
    public ServerDTO[] serverDTOs;
}
