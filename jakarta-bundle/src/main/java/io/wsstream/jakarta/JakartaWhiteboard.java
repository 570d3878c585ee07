package io.wsstream.jakarta;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceObjects;
import org.osgi.framework.ServiceReference;
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
public final class JakartaWhiteboard implements ServiceTrackerCustomizer<Object, AtomicReference<EndpointDeployment>> {
    private static final Logger LOG = LoggerFactory.getLogger(JakartaWhiteboard.class);

    private BundleContext context;
    private ServiceTracker<Object, AtomicReference<EndpointDeployment>> tracker;

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

    /** Tracks invalid endpoints too (holding none): a change of their properties may make them valid. */
    @Override
    public AtomicReference<EndpointDeployment> addingService(ServiceReference<Object> reference) {
        return new AtomicReference<>(deploy(reference));
    }

    @Override
    public void modifiedService(ServiceReference<Object> reference, AtomicReference<EndpointDeployment> deployment) {
        // Its path, ranking or target may have changed: its sessions end as when it leaves, and it is served anew.
        removedService(reference, deployment);
        deployment.set(deploy(reference));
    }

    @Override
    public void removedService(ServiceReference<Object> reference, AtomicReference<EndpointDeployment> deployment) {
        EndpointDeployment left = deployment.getAndSet(null);
        if (left != null) {
            left.close();
            LOG.info("retired Jakarta endpoint {} (service {})", left.definition().endpointClass().getName(),
                    reference.getProperty("service.id"));
        }
    }

    /** @return the endpoint, served; {@code null} when it cannot be (logged) */
    private EndpointDeployment deploy(ServiceReference<Object> reference) {
        Map<String, Object> properties = propertiesOf(reference);
        ServiceObjects<Object> instances = context.getServiceObjects(reference);
        Object probe = instances == null ? null : instances.getService();
        if (probe == null) {
            LOG.warn("Jakarta endpoint service {} from bundle {} returned no instance: not served", properties.get("service.id"),
                    reference.getBundle() == null ? "?" : reference.getBundle().getBundleId());
            return null;
        }
        EndpointDefinition definition;
        try {
            definition = EndpointDefinition.of(probe, properties);
        } catch (IllegalArgumentException invalid) {
            LOG.warn("Jakarta endpoint service {} is not served: {}", properties.get("service.id"), invalid.getMessage());
            return null;
        } finally {
            instances.ungetService(probe);
        }
        EndpointDeployment deployment = new EndpointDeployment(definition, instances);
        deployment.register(context, properties);
        LOG.info("serving Jakarta endpoint {} (service {}) on {}", definition.endpointClass().getName(), properties.get("service.id"),
                definition.path());
        return deployment;
    }

    private static Map<String, Object> propertiesOf(ServiceReference<?> reference) {
        Map<String, Object> properties = new HashMap<>();
        for (String key : reference.getPropertyKeys()) {
            properties.put(key, reference.getProperty(key));
        }
        return properties;
    }
}
