package io.wsstream.api;

/**
 * A message could not be decoded as the requested JSON. When it escapes a handler, the stream is
 * closed with 1007 (invalid payload data).
 */
public class MessageFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MessageFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
