package io.wsstream.itest.churn;

import java.util.Hashtable;

import io.wsstream.api.CloseCodes;
import io.wsstream.api.StreamHandler;
import io.wsstream.api.WebsocketConstants;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/**
 * The test fixture bundle that ChurnIT stops and starts: it registers an echo handler on
 * {@code /churn/volatile} that asks clients to reconnect (1012) when it leaves. An activator keeps the
 * fixture to one class; product bundles use Declarative Services.
 */
public final class VolatileHandlerActivator implements BundleActivator {
    @Override
    public void start(BundleContext context) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(WebsocketConstants.PATH, "/churn/volatile");
        properties.put(WebsocketConstants.CLOSE_CODE, CloseCodes.SERVICE_RESTART);
        StreamHandler echo = (stream, message) -> stream.sendText(message.text());
        context.registerService(StreamHandler.class, echo, properties);
    }

    @Override
    public void stop(BundleContext context) {
        // the framework unregisters the handler service
    }
}
