package io.wsstream.api.authentication;

import java.security.Principal;
import java.util.Objects;

/**
 * What a {@link StreamAuthenticator} decided about one handshake: its {@link #decision()}, with the principal
 * of an accepted handshake or the status and reason of a refused one. Made with {@link #accept},
 * {@link #refuse} or {@link #abstain}.
 *
 * @param decision what the authenticator decided
 * @param principal the principal of an accepted handshake; {@code null} for the other decisions
 * @param status {@link #UNAUTHORIZED} or {@link #FORBIDDEN} for a refused handshake; 0 for the other decisions
 * @param reason why a handshake was refused, for the log (the client is told only the status); {@code null}
 *     for the other decisions
 */
public record AuthenticationResult(Decision decision, Principal principal, int status, String reason) {
    /** The client did not authenticate: answer 401. */
    public static final int UNAUTHORIZED = 401;
    /** The client is known but not allowed: answer 403. */
    public static final int FORBIDDEN = 403;

    private static final AuthenticationResult ABSTAIN = new AuthenticationResult(Decision.ABSTAIN, null, 0, null);

    /** What an authenticator can decide. */
    public enum Decision {
        /** The connection goes on, authenticated as {@link #principal()}; no later authenticator is asked. */
        ACCEPT,
        /**
         * The handshake is answered with {@link #status()} and no handler sees it, whether the handler requires
         * authentication or not; no later authenticator is asked.
         */
        REFUSE,
        /**
         * No decision (e.g. no credentials of the kind this authenticator knows): the next authenticator decides;
         * when all abstain, the connection is anonymous.
         */
        ABSTAIN
    }

    /** @throws IllegalArgumentException when the other components do not fit the decision */
    public AuthenticationResult {
        Objects.requireNonNull(decision, "decision");
        switch (decision) {
            case ACCEPT:
                Objects.requireNonNull(principal, "principal");
                require(status == 0 && reason == null, "an accepted handshake has no status or reason");
                break;
            case REFUSE:
                require(status == UNAUTHORIZED || status == FORBIDDEN, "an authenticator refuses with 401 or 403, not " + status);
                require(principal == null, "a refused handshake has no principal");
                reason = reason == null ? "" : reason;
                break;
            default:
                require(principal == null && status == 0 && reason == null, "abstaining carries no principal, status or reason");
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** @return the connection goes on, authenticated as {@code principal} */
    public static AuthenticationResult accept(Principal principal) {
        return new AuthenticationResult(Decision.ACCEPT, Objects.requireNonNull(principal, "principal"), 0, null);
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
        return new AuthenticationResult(Decision.REFUSE, null, status, reason);
    }

    /** @return no decision: the next authenticator decides */
    public static AuthenticationResult abstain() {
        return ABSTAIN;
    }

    @Override
    public String toString() {
        switch (decision) {
            case ACCEPT:
                return "accept(" + principal.getName() + ")";
            case REFUSE:
                return "refuse(" + status + ", " + reason + ")";
            default:
                return "abstain";
        }
    }
}
