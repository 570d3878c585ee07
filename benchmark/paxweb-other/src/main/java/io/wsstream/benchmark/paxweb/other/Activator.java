package io.wsstream.benchmark.paxweb.other;

import java.util.Hashtable;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/** Registers {@link OtherEndpoint} with Pax Web's websocket whiteboard while the bundle is active. */
public class Activator implements BundleActivator {
    private ServiceRegistration<?> registration;

    @Override
    public void start(BundleContext context) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("org.ops4j.pax.web.http.whiteboard.websocket", true);
        registration = context.registerService(Object.class.getName(), new OtherEndpoint(), properties);
    }

    @Override
    public void stop(BundleContext context) {
        registration.unregister();
    }
}
