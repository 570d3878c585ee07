package io.wsstream.api.runtime.dto;

/** A handler service the whiteboard does not serve, and why. */
public class FailedHandlerDTO extends HandlerDTO {
    /** One of the {@code FAILURE_REASON_*} constants of {@link DTOConstants}. */
    public int failureReason;
    /** A sentence saying what is wrong, for logs and shell output. */
    public String failureMessage;
}
