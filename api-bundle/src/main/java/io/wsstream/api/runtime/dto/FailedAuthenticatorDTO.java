package io.wsstream.api.runtime.dto;

import io.wsstream.api.authentication.StreamAuthenticator;

import org.osgi.dto.DTO;

/**
 * A {@code StreamAuthenticator} service that cannot be used, and why. It fails closed: while it is listed,
 * handshakes on the servers it could apply to get 503, so that a broken authenticator never lets in the
 * connections it was registered to vet.
 */
public class FailedAuthenticatorDTO extends DTO {
    /** The {@code service.id} of the authenticator service. */
    public long serviceId;
    /** The id of the bundle that registered it. */
    public long bundleId;
    /**
     * One of the {@code FAILURE_REASON_*} constants of {@link DTOConstants}: {@code FAILURE_REASON_VALIDATION_FAILED}
     * (its {@code wsstream.target} cannot be read) or {@code FAILURE_REASON_SERVICE_NOT_GETTABLE} (its service object
     * could not be obtained).
     */
    public int failureReason;
    /** A sentence saying what is wrong, for logs and shell output. */
    public String failureMessage;
}
