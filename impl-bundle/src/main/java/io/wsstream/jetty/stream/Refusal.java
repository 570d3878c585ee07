package io.wsstream.jetty.stream;

/** Why a handshake was refused: each reason has its own counter in the server DTO. */
public enum Refusal {
    /** A {@code Host} header the server does not answer to (DNS rebinding): 403. */
    HOST(403),
    /** No handler serves the path on this server: 404. */
    NOT_FOUND(404),
    /** A plain HTTP request on a served path: 426. */
    UPGRADE_REQUIRED(426),
    /** A malformed handshake: 400, 405 or 426 (the status comes from the check). */
    BAD_REQUEST(400),
    /** A browser page of another origin: 403. */
    ORIGIN(403),
    /** The server has its maximum of connections: 503. */
    CONNECTION_LIMIT(503),
    /** No or invalid credentials, or none where the handler requires them: 401. */
    UNAUTHENTICATED(401),
    /** An authenticator refused with 403. */
    FORBIDDEN(403),
    /** An authenticator threw: 500. */
    AUTHENTICATOR_FAILED(500),
    /**
     * The handler's instance could not be obtained, a pull backlog is full, or an authenticator that could
     * apply to the server cannot be used: 503.
     */
    UNAVAILABLE(503);

    private final int status;

    Refusal(int status) {
        this.status = status;
    }

    /** @return the HTTP status the refusal is answered with (the default one for {@link #BAD_REQUEST}) */
    public int status() {
        return status;
    }
}
