package io.wsstream.jetty.security;

import java.security.Principal;

import io.wsstream.api.authentication.AuthenticationResult;

/** The authenticators' verdict on one handshake: a principal, anonymous, or a refusal. Immutable. */
public final class Authentication {
    /** The status of a handshake refused because an authenticator failed. */
    public static final int FAILED = 500;
    /** The status of a handshake refused because an authenticator that could apply to the server cannot be used. */
    public static final int UNAVAILABLE = 503;
    private static final Authentication ANONYMOUS = new Authentication(null, 0, null);

    private final Principal principal;
    private final int status;
    private final String reason;

    private Authentication(Principal principal, int status, String reason) {
        this.principal = principal;
        this.status = status;
        this.reason = reason;
    }

    static Authentication accepted(Principal principal) {
        return new Authentication(principal, 0, null);
    }

    static Authentication anonymous() {
        return ANONYMOUS;
    }

    /** @param status 401, 403, {@link #FAILED} or {@link #UNAVAILABLE} */
    static Authentication refused(int status, String reason) {
        return new Authentication(null, status, reason);
    }

    /** @return this verdict, or a 401 refusal when it is anonymous and the handler requires a principal */
    public Authentication requirePrincipal(boolean required) {
        return required && this == ANONYMOUS
                ? refused(AuthenticationResult.UNAUTHORIZED, "the handler requires authentication and no authenticator accepted")
                : this;
    }

    public boolean isRefused() {
        return status != 0;
    }

    /** @return the principal, {@code null} when anonymous or refused */
    public Principal principal() {
        return principal;
    }

    /** @return 401, 403, {@link #FAILED} or {@link #UNAVAILABLE} for a refused handshake, 0 otherwise */
    public int status() {
        return status;
    }

    /** @return a sentence for the log, {@code null} unless refused */
    public String reason() {
        return reason;
    }
}
