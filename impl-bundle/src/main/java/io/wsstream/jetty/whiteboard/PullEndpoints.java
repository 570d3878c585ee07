package io.wsstream.jetty.whiteboard;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Component;

/**
 * The pull endpoints opened through the factory, each under a key that its handler service carries in
 * {@value #KEY_PROPERTY}: how the whiteboard tells, once, from the registration, a pull endpoint (its streams
 * are pulled by the program) from a handler that is called. A key counts only on a service of the bundle that
 * opened the endpoint, so another bundle cannot copy it from the service's properties.
 */
@Component(service = PullEndpoints.class)
public final class PullEndpoints {
    /** The handler service property holding the key; internal to wsstream. */
    public static final String KEY_PROPERTY = "io.wsstream.pull.endpoint";

    private record Entry(long bundleId, PullAcceptor acceptor) {}

    private final Map<String, Entry> byKey = new ConcurrentHashMap<>();

    /**
     * @param bundleId the bundle that opens the endpoint and registers its handler service
     * @return the key to register the handler service with, under {@value #KEY_PROPERTY}
     */
    public String add(long bundleId, PullAcceptor acceptor) {
        String key = UUID.randomUUID().toString();
        byKey.put(key, new Entry(bundleId, acceptor));
        return key;
    }

    /** The endpoint closed: its key no longer names it. */
    public void remove(String key) {
        byKey.remove(key);
    }

    /** @return the acceptor of the pull endpoint whose handler service has these properties; empty for a handler that is called */
    Optional<PullAcceptor> of(Map<String, Object> serviceProperties) {
        Object key = serviceProperties.get(KEY_PROPERTY);
        Entry entry = key instanceof String ? byKey.get(key) : null;
        if (entry == null || !Long.valueOf(entry.bundleId()).equals(serviceProperties.get(Constants.SERVICE_BUNDLEID))) {
            return Optional.empty();
        }
        return Optional.of(entry.acceptor());
    }
}
