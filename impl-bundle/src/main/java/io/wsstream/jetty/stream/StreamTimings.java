package io.wsstream.jetty.stream;

import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.wsstream.api.Message;
import io.wsstream.api.WebsocketServerStream;
import io.wsstream.api.runtime.StreamTimingObserver;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link StreamTimingObserver} whiteboard, and the timed calls themselves. The observers are an array replaced
 * whole on the rare change and read once per timed call: while it is empty a call reads no clock; with observers it
 * reads the clock twice and calls each observer once. An observer that throws is logged (once per observer) and
 * changes nothing for the stream or the other observers.
 *
 * <p>Threading: the timed calls run on the caller's thread (a stream's handler thread, a broadcaster's thread).
 */
@Component(service = StreamTimings.class)
public final class StreamTimings {
    private static final Logger LOG = LoggerFactory.getLogger(StreamTimings.class);
    private static final StreamTimingObserver[] NONE = {};

    private volatile StreamTimingObserver[] observers = NONE;
    /** The observers that have thrown once: the next failures of an observer on the message path are not logged. */
    private final Set<StreamTimingObserver> failed = ConcurrentHashMap.newKeySet();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    synchronized void addObserver(StreamTimingObserver observer) {
        StreamTimingObserver[] next = Arrays.copyOf(observers, observers.length + 1);
        next[observers.length] = observer;
        observers = next;
    }

    synchronized void removeObserver(StreamTimingObserver observer) {
        observers = Arrays.stream(observers).filter(o -> o != observer).toArray(StreamTimingObserver[]::new);
        failed.remove(observer);
    }

    /**
     * Calls the stream's push handler with the message, timed when observed.
     *
     * @param serverName the name of the server the stream is on
     */
    void onMessage(WebsocketServerStream stream, String serverName, HandlerBinding binding, Message message) {
        StreamTimingObserver[] current = observers;
        if (current.length == 0) {
            binding.handler().onMessage(stream, message);
            return;
        }
        long start = System.nanoTime();
        try {
            binding.handler().onMessage(stream, message);
        } finally {
            long nanos = System.nanoTime() - start;
            for (StreamTimingObserver observer : current) {
                try {
                    observer.handlerCalled(serverName, binding.handlerPath(), nanos);
                } catch (RuntimeException failure) {
                    observerFailed(observer, failure);
                }
            }
        }
    }

    /** @return whether anyone observes now: a broadcast reads the clock only then */
    boolean observed() {
        return observers.length != 0;
    }

    /**
     * A broadcast that reached streams has handed its message to each of them.
     *
     * @param start {@link System#nanoTime()} when the broadcast was called, read because it was {@link #observed}
     * @param handlerPath the handler path of the first stream reached
     * @param streams how many streams it reached, at least 1
     */
    void broadcastHandedOver(long start, String path, String handlerPath, int streams) {
        StreamTimingObserver[] current = observers;
        long nanos = System.nanoTime() - start;
        for (StreamTimingObserver observer : current) {
            try {
                observer.broadcastHandedOver(path, handlerPath, streams, nanos);
            } catch (RuntimeException failure) {
                observerFailed(observer, failure);
            }
        }
    }

    private void observerFailed(StreamTimingObserver observer, RuntimeException failure) {
        if (failed.add(observer)) {
            LOG.warn("timing observer {} failed (later failures of it are logged at DEBUG): {}", observer, failure.toString());
        }
        LOG.debug("timing observer failure", failure);
    }
}
