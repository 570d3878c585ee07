package io.wsstream.jetty.factory;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.wsstream.api.StreamEndpoint;
import io.wsstream.api.StreamHandler;
import io.wsstream.api.WebsocketServerStream;
import io.wsstream.jetty.stream.StreamRegistry;

import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

/** An endpoint opened through the factory: a handler registration and, in pull style, its backlog ({@link PullEndpoint}). */
class Endpoint implements StreamEndpoint {
    private final String path;
    private final ServiceRegistration<StreamHandler> registration;
    private final long serviceId;
    private final StreamRegistry streams;
    private final PullEndpointHandler pull;
    private final Consumer<Endpoint> onClose;
    private final AtomicBoolean closed = new AtomicBoolean();

    Endpoint(String path, ServiceRegistration<StreamHandler> registration, StreamRegistry streams, PullEndpointHandler pull,
            Consumer<Endpoint> onClose) {
        this.path = path;
        this.registration = registration;
        this.serviceId = (Long) registration.getReference().getProperty(Constants.SERVICE_ID);
        this.streams = streams;
        this.pull = pull;
        this.onClose = onClose;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public Collection<WebsocketServerStream> streams() {
        return closed.get() ? List.of() : streams.streamsOf(serviceId);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            // The whiteboard sees the service leave and closes the streams with 1001.
            registration.unregister();
        } catch (IllegalStateException alreadyUnregistered) {
            // The bundle stopped first: the framework unregistered it, with the same effect.
        }
        if (pull != null) {
            pull.closed();
        }
        onClose.accept(this);
    }

    @Override
    public String toString() {
        return "endpoint " + path + " (service.id " + serviceId + ")";
    }
}
