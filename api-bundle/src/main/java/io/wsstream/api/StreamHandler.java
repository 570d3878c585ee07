package io.wsstream.api;

import io.wsstream.api.propertytypes.WsstreamPath;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard service: register it with the {@code wsstream.path} property ({@link WsstreamPath}) and it is
 * served at that path for as long as the service is registered.
 *
 * <p>Threading: for one stream the methods are never called concurrently: {@link #onOpen} first, then
 * each message in order, one at a time, then {@link #onClose} exactly once. The next message is read from
 * the network only when {@link #onMessage} returns, so a slow handler slows its own client and no other.
 * {@link #onOpen} and {@link #onMessage} usually run on the server thread that read the message (never a
 * selector thread), as a plain Jetty endpoint does; the other methods, and every call while a bounded
 * number of server threads are already inside handlers, run on a wsstream executor thread. Blocking in a
 * handler is allowed but holds one of those threads; the bound keeps the rest of the server's threads
 * for the network.
 *
 * <p>An exception escaping a method is logged with the stream id and closes that stream: 1007 for a
 * {@link MessageFormatException}, 1011 otherwise. Other streams are not affected.
 */
@ConsumerType
@FunctionalInterface
public interface StreamHandler {

    /** Called once when the stream is open, before any message. */
    default void onOpen(WebsocketServerStream stream) {}

    /** Called for each complete message, in order. */
    void onMessage(WebsocketServerStream stream, Message message);

    /**
     * Called exactly once when the stream has closed, after it left the {@link StreamManager}.
     *
     * @param code the close code received or sent (1006 when the connection dropped without one)
     */
    default void onClose(WebsocketServerStream stream, int code, String reason) {}

    /** Called when the stream failed (protocol error, oversized message, I/O error); always followed by {@link #onClose}. */
    default void onError(WebsocketServerStream stream, Throwable error) {}
}
