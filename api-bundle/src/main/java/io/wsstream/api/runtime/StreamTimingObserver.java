package io.wsstream.api.runtime;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard service: told how long the implementation's work on the message path took, for code that keeps timers
 * (the metrics bundle's {@code wsstream.handler.time} and {@code wsstream.broadcast.time}). While no observer is
 * registered the implementation does not read the clock at all; with observers it reads it twice per timed call and
 * calls each observer once.
 *
 * <p>Threading: each method is called on the thread that did the work (a handler thread, a broadcaster's thread),
 * concurrently for different streams and broadcasts, right after the work and before that thread goes on. Return
 * quickly and never block: the time an observer takes is added to the stream's. An exception thrown by an observer
 * is logged and changes nothing for the stream.
 *
 * @since 1.1
 */
@ConsumerType
public interface StreamTimingObserver {

    /**
     * A push handler's {@code onMessage} returned or threw.
     *
     * @param serverName the name of the server the stream is on
     * @param handlerPath the handler's {@code wsstream.path} as registered ({@code /chat}, {@code /devices/*}), not
     *     the request path: a wildcard handler is one key however many request paths it serves
     * @param nanos how long the call took, by {@link System#nanoTime()}
     */
    void handlerCalled(String serverName, String handlerPath, long nanos);

    /**
     * A broadcast that reached at least one stream has handed its message to each of them: each stream queued the
     * message for writing (or refused it, closed or over its outbound limit). The writes themselves complete later,
     * at each peer's pace; a broadcast that matches no stream is not reported.
     *
     * @param path the path broadcast to, as given to {@code StreamManager.broadcast}
     * @param handlerPath the {@code wsstream.path} of the handler serving the first stream reached (the path's
     *     handler, unless the path's streams are served by different handlers on different servers)
     * @param streams how many streams the broadcast reached
     * @param nanos from the call to {@code broadcast} until the last stream took the message, by
     *     {@link System#nanoTime()}: the JSON encoding, choosing the streams, and handing the message over
     */
    void broadcastHandedOver(String path, String handlerPath, int streams, long nanos);
}
