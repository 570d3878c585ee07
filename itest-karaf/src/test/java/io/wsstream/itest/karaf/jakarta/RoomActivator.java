package io.wsstream.itest.karaf.jakarta;

import java.util.Hashtable;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** Registers {@link RoomEndpoint} as the OSGi Jakarta WebSocket Whiteboard draft marks an endpoint service. */
public final class RoomActivator implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("osgi.jakarta.websocket.endpoint.implementor", true);
        context.registerService(Object.class, new RoomEndpoint(), properties);
    }

    @Override
    public void stop(BundleContext context) {
        // the framework unregisters the service
    }
}
