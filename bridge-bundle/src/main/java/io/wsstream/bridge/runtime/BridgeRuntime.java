package io.wsstream.bridge.runtime;

import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import java.util.function.Supplier;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The runtime view of one bridge or forwarder configuration, for operators and programs alike: a service of
 * the JDK type {@link Supplier} whose properties say what the configuration is and does (find them all with
 * the filter {@code (wsstream.bridge=*)}), and whose {@link #get()} returns those properties and the current
 * counters as a snapshot. JDK types only: a runtime DTO of wsstream's API would need the API reshape that is
 * planned. Registered while the configuration exists, whatever its state; {@code wsstream:bridges} reads it.
 */
public final class BridgeRuntime implements Supplier<Map<String, Object>> {
    /** Service property: {@value #TCP} for a websocket-to-TCP bridge, {@value #FORWARD} for a forwarder. */
    public static final String KIND = "wsstream.bridge";
    public static final String TCP = "tcp";
    public static final String FORWARD = "forward";
    /** Service property: the configuration's PID, e.g. {@code io.wsstream.bridge.tcp~redis}. */
    public static final String CONFIGURATION = "wsstream.bridge.configuration";
    /** Service property: {@value #RUNNING}, {@value #REFUSED} (a bad configuration) or {@value #FAILED} (cannot start). */
    public static final String STATE = "wsstream.bridge.state";
    public static final String RUNNING = "running";
    public static final String REFUSED = "refused";
    public static final String FAILED = "failed";
    /** Service property, unless running: why not. */
    public static final String PROBLEM = "wsstream.bridge.problem";
    /** Service property, while running: the websocket path a bridge serves, or host:port a forwarder listens on. */
    public static final String SERVES = "wsstream.bridge.serves";
    /** Service property, while running: host:port a bridge connects to, or the URL a forwarder opens. */
    public static final String TARGET = "wsstream.bridge.target";
    /** Snapshot only: connections bridged now ({@code Integer}). */
    public static final String OPEN_CONNECTIONS = "wsstream.bridge.connections";
    /** Snapshot only: bytes carried towards the target ({@code Long}), since the configuration (last) started. */
    public static final String BYTES_TO_TARGET = "wsstream.bridge.bytes.to.target";
    /** Snapshot only: bytes carried back from the target ({@code Long}), since the configuration (last) started. */
    public static final String BYTES_FROM_TARGET = "wsstream.bridge.bytes.from.target";

    /** The counters of a running bridge or forwarder. */
    public interface Counters {
        int openConnections();

        long bytesToTarget();

        long bytesFromTarget();
    }

    private final Map<String, Object> identity;
    private ServiceRegistration<?> registration; // guarded by this
    private Map<String, Object> description; // guarded by this
    private Counters counters; // guarded by this

    /** Not registered yet: describe it ({@link #running} or {@link #stopped}), then {@link #register}. */
    public BridgeRuntime(String kind, String configuration) {
        identity = Map.of(KIND, kind, CONFIGURATION, configuration);
        description = identity;
    }

    public void register(BundleContext context) {
        Hashtable<String, Object> properties;
        synchronized (this) {
            properties = new Hashtable<>(description);
        }
        ServiceRegistration<?> registered = context.registerService(Supplier.class.getName(), this, properties);
        synchronized (this) {
            registration = registered;
        }
    }

    public void running(String serves, String target, Counters running) {
        describe(Map.of(STATE, RUNNING, SERVES, serves, TARGET, target), running);
    }

    /** @param state {@link #REFUSED} or {@link #FAILED} */
    public void stopped(String state, String problem) {
        describe(Map.of(STATE, state, PROBLEM, problem), null);
    }

    /** Unregisters the view: the configuration is gone. */
    public void withdraw() {
        ServiceRegistration<?> registered;
        synchronized (this) {
            registered = registration;
            registration = null;
        }
        if (registered != null) {
            registered.unregister();
        }
    }

    @Override
    public synchronized Map<String, Object> get() {
        Map<String, Object> snapshot = new HashMap<>(description);
        if (counters != null) {
            snapshot.put(OPEN_CONNECTIONS, counters.openConnections());
            snapshot.put(BYTES_TO_TARGET, counters.bytesToTarget());
            snapshot.put(BYTES_FROM_TARGET, counters.bytesFromTarget());
        }
        return Map.copyOf(snapshot);
    }

    /** Callers are serialised by their component; the service event is fired outside this object's lock. */
    private void describe(Map<String, Object> state, Counters running) {
        Map<String, Object> next = new HashMap<>(identity);
        next.putAll(state);
        ServiceRegistration<?> registered;
        synchronized (this) {
            description = Map.copyOf(next);
            counters = running;
            registered = registration;
        }
        if (registered != null) {
            registered.setProperties(new Hashtable<>(next));
        }
    }
}
