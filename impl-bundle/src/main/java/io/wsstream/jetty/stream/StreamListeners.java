package io.wsstream.jetty.stream;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.wsstream.api.StreamListener;
import io.wsstream.api.WebsocketServerStream;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link StreamListener} whiteboard: tells every listener service when a stream opens and closes. A listener
 * that throws is logged and does not disturb the stream or the other listeners.
 */
@Component(service = StreamListeners.class)
public final class StreamListeners {
    private static final Logger LOG = LoggerFactory.getLogger(StreamListeners.class);

    private final List<StreamListener> listeners = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(StreamListener listener) {
        listeners.add(listener);
    }

    void removeListener(StreamListener listener) {
        listeners.remove(listener);
    }

    void opened(WebsocketServerStream stream) {
        for (StreamListener listener : listeners) {
            try {
                listener.opened(stream);
            } catch (RuntimeException failure) {
                LOG.warn("stream listener {} failed on the opening of {}: {}", listener, stream.id(), failure.toString());
                LOG.debug("stream listener failure", failure);
            }
        }
    }

    void closed(WebsocketServerStream stream) {
        for (StreamListener listener : listeners) {
            try {
                listener.closed(stream);
            } catch (RuntimeException failure) {
                LOG.warn("stream listener {} failed on the closing of {}: {}", listener, stream.id(), failure.toString());
                LOG.debug("stream listener failure", failure);
            }
        }
    }
}
