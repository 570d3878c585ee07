package io.wsstream.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard service: told when a server stream opens and when it closes, on every server, whatever handler
 * serves it. For code that keeps its own view of the streams (a cluster directory, metrics), not for serving
 * them: a handler's own {@link StreamHandler#onOpen}/{@link StreamHandler#onClose} are for that.
 *
 * <p>{@link #opened} is called when the stream is listed by the {@link StreamManager}, {@link #closed} once
 * when it left it. Both are called on the thread that opens or closes the stream: return quickly and never
 * block. An exception thrown by a listener is logged and changes nothing for the stream.
 *
 * @since 1.1
 */
@ConsumerType
public interface StreamListener {

    /** The stream is open and listed by the {@link StreamManager}. */
    void opened(WebsocketServerStream stream);

    /** The stream closed and is no longer listed. */
    void closed(WebsocketServerStream stream);
}
