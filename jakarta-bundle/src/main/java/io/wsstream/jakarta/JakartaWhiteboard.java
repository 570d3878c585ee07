package io.wsstream.jakarta;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceObjects;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks Jakarta WebSocket endpoint services, whatever their object class (annotated endpoints are usually
 * registered as {@code Object}): each is served while registered; a change of its properties re-deploys it.
 */
@Component(immediate = true, service = {})
public final class JakartaWhiteboard implements ServiceTrackerCustomizer<Object, AtomicReference<Runnable>> {
    private static final Logger LOG = LoggerFactory.getLogger(JakartaWhiteboard.class);

    private BundleContext context;
    private ServiceTracker<Object, AtomicReference<Runnable>> tracker;

    @Activate
    void activate(BundleContext bundleContext) throws InvalidSyntaxException {
        context = bundleContext;
        tracker = new ServiceTracker<>(bundleContext, bundleContext.createFilter(EndpointDefinition.FILTER), this);
        tracker.open();
    }

    @Deactivate
    void deactivate() {
        tracker.close();
    }

    /**
     * Tracks invalid endpoints too (listed as failed in wsstream's DTOs): a change of their properties may make
     * them valid. The tracked object takes the endpoint out of service.
     */
    @Override
    public AtomicReference<Runnable> addingService(ServiceReference<Object> reference) {
        return new AtomicReference<>(deploy(reference));
    }

    @Override
    public void modifiedService(ServiceReference<Object> reference, AtomicReference<Runnable> retire) {
        // Its path, ranking or target may have changed: its sessions end as when it leaves, and it is served anew.
        retire.getAndSet(() -> {}).run();
        retire.set(deploy(reference));
    }

    @Override
    public void removedService(ServiceReference<Object> reference, AtomicReference<Runnable> retire) {
        retire.getAndSet(() -> {}).run();
    }

    /** @return what takes the endpoint out of service: its sessions closed with 1001, its routing (or failure) gone */
    private Runnable deploy(ServiceReference<Object> reference) {
        Map<String, Object> properties = propertiesOf(reference);
        Object serviceId = properties.get(Constants.SERVICE_ID);
        ServiceObjects<Object> instances = context.getServiceObjects(reference);
        Object probe = instances == null ? null : instances.getService();
        if (probe == null) {
            LOG.warn("Jakarta endpoint service {} returned no instance: not served", serviceId);
            return unregistering(EndpointDeployment.registerFailure(context, properties, "the endpoint service returned no instance", true));
        }
        EndpointDefinition definition;
        try {
            definition = EndpointDefinition.of(probe, properties);
        } catch (IllegalArgumentException invalid) {
            LOG.warn("Jakarta endpoint service {} is not served: {}", serviceId, invalid.getMessage());
            return unregistering(EndpointDeployment.registerFailure(context, properties, invalid.getMessage(), false));
        } finally {
            instances.ungetService(probe);
        }
        EndpointDeployment deployment = new EndpointDeployment(definition, instances);
        deployment.register(context, properties);
        LOG.info("serving Jakarta endpoint {} (service {}) on {}", definition.endpointClass().getName(), serviceId, definition.path());
        return () -> {
            deployment.close();
            LOG.info("retired Jakarta endpoint {} (service {})", definition.endpointClass().getName(), serviceId);
        };
    }

    private static Runnable unregistering(ServiceRegistration<?> registration) {
        return () -> {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // this bundle is stopping: the framework unregistered it
            }
        };
    }

    private static Map<String, Object> propertiesOf(ServiceReference<?> reference) {
        Map<String, Object> properties = new HashMap<>();
        for (String key : reference.getPropertyKeys()) {
            properties.put(key, reference.getProperty(key));
        }
        return properties;
    }
}
