package io.wsstream.itest.karaf.hot;

import java.util.Hashtable;

import io.wsstream.api.StreamHandler;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** Registers {@link HotHandler} at {@value #PATH} while the hot-deployed bundle is active. */
public final class HotActivator implements BundleActivator {
    public static final String PATH = "/hot";

    @Override
    public void start(BundleContext context) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("wsstream.path", PATH);
        context.registerService(StreamHandler.class, new HotHandler(), properties);
    }

    @Override
    public void stop(BundleContext context) {
        // the framework unregisters the service
    }
}
