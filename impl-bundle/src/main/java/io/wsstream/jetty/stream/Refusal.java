package io.wsstream.jetty.stream;

import io.wsstream.api.runtime.dto.RefusalReasons;

/** Why a handshake was refused: each reason has its own counter, under its key in the server DTO's refusals. */
public enum Refusal {
    /** A {@code Host} header the server does not answer to (DNS rebinding): 403. */
    HOST(403, RefusalReasons.HOST),
    /** No handler serves the path on this server: 404. */
    NOT_FOUND(404, RefusalReasons.NOT_FOUND),
    /** A plain HTTP request on a served path: 426. */
    UPGRADE_REQUIRED(426, RefusalReasons.UPGRADE_REQUIRED),
    /** A malformed handshake: 400, 405 or 426 (the status comes from the check). */
    BAD_REQUEST(400, RefusalReasons.BAD_REQUEST),
    /** A browser page of another origin: 403. */
    ORIGIN(403, RefusalReasons.ORIGIN),
    /** The server has its maximum of connections: 503. */
    CONNECTION_LIMIT(503, RefusalReasons.CONNECTION_LIMIT),
    /** No or invalid credentials, or none where the handler requires them: 401. */
    UNAUTHENTICATED(401, RefusalReasons.UNAUTHENTICATED),
    /** An authenticator refused with 403. */
    FORBIDDEN(403, RefusalReasons.FORBIDDEN),
    /** An authenticator threw: 500. */
    AUTHENTICATOR_FAILED(500, RefusalReasons.AUTHENTICATOR_FAILED),
    /**
     * The handler's instance could not be obtained, a pull backlog is full, or an authenticator that could
     * apply to the server cannot be used: 503.
     */
    UNAVAILABLE(503, RefusalReasons.UNAVAILABLE);

    private final int status;
    private final String key;

    Refusal(int status, String key) {
        this.status = status;
        this.key = key;
    }

    /** @return the key of this reason in {@link io.wsstream.api.runtime.dto.ServerDTO#refusals} */
    public String key() {
        return key;
    }

    /** @return the HTTP status the refusal is answered with (the default one for {@link #BAD_REQUEST}) */
    public int status() {
        return status;
    }
}
