package io.wsstream.jakarta;

import java.util.concurrent.atomic.AtomicBoolean;

import org.osgi.framework.ServiceObjects;

/**
 * One handshake wsstream admitted: its place under the server's connection limit and the endpoint instance
 * made for it, both given back exactly once, when the session ends or when no session was opened.
 */
final class AdmittedSession {
    /** Carries this object from the per-upgrade endpoint configuration to the session's user properties. */
    static final String USER_PROPERTY = AdmittedSession.class.getName();

    private final Runnable releasePlace;
    private final ServiceObjects<Object> instances;
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile Object instance;

    AdmittedSession(Runnable releasePlace, ServiceObjects<Object> instances) {
        this.releasePlace = releasePlace;
        this.instances = instances;
    }

    /** @return the endpoint instance of this session: a new one from a prototype-scoped service */
    Object newInstance() throws InstantiationException {
        Object created = instances.getService();
        if (created == null) {
            throw new InstantiationException("the endpoint service returned no instance");
        }
        instance = created;
        return created;
    }

    void finish() {
        if (finished.compareAndSet(false, true)) {
            releasePlace.run();
            Object used = instance;
            if (used != null) {
                try {
                    instances.ungetService(used);
                } catch (IllegalStateException | IllegalArgumentException gone) {
                    // the endpoint service left already: nothing to give back
                }
            }
        }
    }
}
