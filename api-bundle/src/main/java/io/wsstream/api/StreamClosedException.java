package io.wsstream.api;

/** A send or receive failed because the stream closed first; carries the close code and reason. */
public class StreamClosedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int code;
    private final String reason;

    public StreamClosedException(int code, String reason) {
        this(code, reason, null);
    }

    public StreamClosedException(int code, String reason, Throwable cause) {
        super("stream closed: " + code + (reason == null || reason.isEmpty() ? "" : " " + reason), cause);
        this.code = code;
        this.reason = reason == null ? "" : reason;
    }

    /** @return the close code of the stream, 1006 when the connection dropped without a close frame */
    public int code() {
        return code;
    }

    /** @return the close reason, possibly empty */
    public String reason() {
        return reason;
    }
}
