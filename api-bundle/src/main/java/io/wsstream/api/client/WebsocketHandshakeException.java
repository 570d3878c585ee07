package io.wsstream.api.client;

import java.io.IOException;

/** A websocket server answered the upgrade request with another status than 101 (e.g. 404, 401, 503). */
public class WebsocketHandshakeException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public WebsocketHandshakeException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** @return the HTTP status of the refusal, or 0 when the response was not a valid HTTP answer */
    public int status() {
        return status;
    }
}
