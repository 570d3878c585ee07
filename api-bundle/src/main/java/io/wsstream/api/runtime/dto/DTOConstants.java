package io.wsstream.api.runtime.dto;

/**
 * The failure reasons of {@link FailedHandlerDTO#failureReason} and {@link FailedAuthenticatorDTO#failureReason},
 * numbered as OSGi's whiteboard DTOs number theirs. A new reason is a minor version: a reader must accept a value
 * it does not know (treat it as {@link #FAILURE_REASON_UNKNOWN}).
 */
public final class DTOConstants {
    /** Failure reason: unknown. */
    public static final int FAILURE_REASON_UNKNOWN = 0;
    /** Failure reason: another handler on the same path has precedence (higher ranking, then lower service id). */
    public static final int FAILURE_REASON_SHADOWED = 1;
    /** Failure reason: the service object of the handler (or authenticator) could not be obtained. */
    public static final int FAILURE_REASON_SERVICE_NOT_GETTABLE = 2;
    /** Failure reason: the service properties of the handler (or authenticator) are invalid. */
    public static final int FAILURE_REASON_VALIDATION_FAILED = 3;
    /** Failure reason: the handler's {@code wsstream.target} matches no running server. */
    public static final int FAILURE_REASON_NO_MATCHING_SERVER = 4;

    private DTOConstants() {}
}
