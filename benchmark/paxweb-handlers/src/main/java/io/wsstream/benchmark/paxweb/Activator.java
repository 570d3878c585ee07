package io.wsstream.benchmark.paxweb;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * Registers the endpoints the way Pax Web's websocket whiteboard expects them: an instance of an
 * {@code @ServerEndpoint} class, as a service with {@value #WEBSOCKET_PROPERTY}{@code =true}.
 */
public class Activator implements BundleActivator {
    static final String WEBSOCKET_PROPERTY = "org.ops4j.pax.web.http.whiteboard.websocket";

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @Override
    public void start(BundleContext context) {
        for (Object endpoint : new Object[] {new EchoEndpoint(), new JsonEndpoint(), new BroadcastEndpoint()}) {
            registrations.add(context.registerService(Object.class.getName(), endpoint, properties()));
        }
    }

    static Dictionary<String, Object> properties() {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(WEBSOCKET_PROPERTY, true);
        return properties;
    }

    @Override
    public void stop(BundleContext context) {
        registrations.forEach(ServiceRegistration::unregister);
        registrations.clear();
    }
}
