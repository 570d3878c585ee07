package io.wsstream.api.authentication;

import java.security.Principal;
import java.util.Objects;
import java.util.Optional;

/** What a {@link StreamAuthenticator} decided about one handshake. Immutable. */
public final class AuthenticationResult {
    /** The client did not authenticate: answer 401. */
    public static final int UNAUTHORIZED = 401;
    /** The client is known but not allowed: answer 403. */
    public static final int FORBIDDEN = 403;

    private static final AuthenticationResult ABSTAIN = new AuthenticationResult(null, 0, null);

    private final Principal principal;
    private final int status;
    private final String reason;

    private AuthenticationResult(Principal principal, int status, String reason) {
        this.principal = principal;
        this.status = status;
        this.reason = reason;
    }

    /** @return the connection goes on, authenticated as {@code principal} */
    public static AuthenticationResult accept(Principal principal) {
        return new AuthenticationResult(Objects.requireNonNull(principal, "principal"), 0, null);
    }

    /**
     * The handshake is refused; no handler sees it.
     *
     * @param status {@link #UNAUTHORIZED} (no or invalid credentials) or {@link #FORBIDDEN} (valid
     *     credentials, not allowed here)
     * @param reason why, for the log; the client is told only the status
     * @throws IllegalArgumentException for another status
     */
    public static AuthenticationResult refuse(int status, String reason) {
        if (status != UNAUTHORIZED && status != FORBIDDEN) {
            throw new IllegalArgumentException("an authenticator refuses with 401 or 403, not " + status);
        }
        return new AuthenticationResult(null, status, reason == null ? "" : reason);
    }

    /** @return no decision (e.g. no credentials of the kind this authenticator knows): the next one decides */
    public static AuthenticationResult abstain() {
        return ABSTAIN;
    }

    public boolean isAccepted() {
        return principal != null;
    }

    public boolean isRefused() {
        return status != 0;
    }

    /** @return the principal of an accepted handshake */
    public Optional<Principal> principal() {
        return Optional.ofNullable(principal);
    }

    /** @return 401 or 403 for a refused handshake, 0 otherwise */
    public int status() {
        return status;
    }

    /** @return the reason of a refusal, for the log; {@code null} unless refused */
    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        if (isAccepted()) {
            return "accept(" + principal.getName() + ")";
        }
        return isRefused() ? "refuse(" + status + ", " + reason + ")" : "abstain";
    }
}
