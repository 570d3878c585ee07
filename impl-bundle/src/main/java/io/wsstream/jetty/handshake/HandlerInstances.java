package io.wsstream.jetty.handshake;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import io.wsstream.api.StreamHandler;
import io.wsstream.jetty.stream.HandlerBinding;
import io.wsstream.jetty.stream.PullServerStream;
import io.wsstream.jetty.whiteboard.HandlerWhiteboard;
import io.wsstream.jetty.whiteboard.PullAcceptor;

import org.osgi.service.component.ComponentServiceObjects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handler instances per stream through {@link ComponentServiceObjects}: a prototype-scoped handler gets
 * a new instance for each stream, a singleton is shared; each is given back when its stream ends.
 */
final class HandlerInstances {
    private static final Logger LOG = LoggerFactory.getLogger(HandlerInstances.class);

    private HandlerInstances() {}

    /** @return an instance, or {@code null} when the service is gone or its factory failed */
    static StreamHandler obtain(ComponentServiceObjects<StreamHandler> instances) {
        try {
            return instances.getService();
        } catch (IllegalStateException | IllegalArgumentException unbound) {
            LOG.debug("handler service no longer available", unbound);
            return null;
        }
    }

    static final class Binding implements HandlerBinding {
        private final StreamHandler handler;
        private final long serviceId;
        private final String handlerPath;
        private final int closeCode;
        private final ComponentServiceObjects<StreamHandler> instances;
        private final HandlerWhiteboard whiteboard;
        /** The pull endpoint's acceptor, or {@code null} for a handler that is called: decided at registration. */
        private final PullAcceptor pull;
        private static final AtomicIntegerFieldUpdater<Binding> PLACE_RESERVED =
                AtomicIntegerFieldUpdater.newUpdater(Binding.class, "placeReserved");
        /**
         * 1 while a pull endpoint's backlog place is held for a stream that has not opened yet; an updated field
         * rather than an AtomicBoolean, as every open stream holds its binding.
         */
        private volatile int placeReserved;

        Binding(StreamHandler handler, long serviceId, String handlerPath, int closeCode, ComponentServiceObjects<StreamHandler> instances,
                HandlerWhiteboard whiteboard, PullAcceptor pull) {
            this.handler = handler;
            this.serviceId = serviceId;
            this.handlerPath = handlerPath;
            this.closeCode = closeCode;
            this.instances = instances;
            this.whiteboard = whiteboard;
            this.pull = pull;
        }

        @Override
        public boolean isPull() {
            return pull != null;
        }

        @Override
        public StreamHandler handler() {
            return handler;
        }

        @Override
        public long serviceId() {
            return serviceId;
        }

        @Override
        public String handlerPath() {
            return handlerPath;
        }

        @Override
        public int closeCode() {
            return closeCode;
        }

        @Override
        public boolean isRegistered() {
            return whiteboard.isRegistered(serviceId);
        }

        /** @return whether the pull endpoint had a backlog place for this handshake (which then holds it) */
        boolean reservePlace() {
            boolean reserved = pull.reserve();
            placeReserved = reserved ? 1 : 0;
            return reserved;
        }

        @Override
        public void pullStreamOpened(PullServerStream stream) {
            placeReserved = 0;
            pull.accepted(stream);
        }

        @Override
        public void release() {
            if (PLACE_RESERVED.getAndSet(this, 0) != 0) {
                pull.cancel();
            }
            try {
                instances.ungetService(handler);
            } catch (IllegalStateException | IllegalArgumentException alreadyReleased) {
                // The reference was unbound: Declarative Services has released every instance already.
                LOG.trace("handler instance already released", alreadyReleased);
            }
        }
    }
}
