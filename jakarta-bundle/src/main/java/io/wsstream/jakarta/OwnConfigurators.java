package io.wsstream.jakarta;

import jakarta.websocket.server.ServerEndpointConfig;

import org.eclipse.jetty.util.Decorator;

/**
 * Jetty creates an annotation's own configurator ({@code @ServerEndpoint(configurator = ...)}) through the
 * context's object factory during each upgrade, and it then replaces ours: this decorator wraps it so that
 * the session still gets the service's instance. The upgrade runs on one thread, which names its session.
 */
final class OwnConfigurators implements Decorator {
    private static final ThreadLocal<AdmittedSession> UPGRADING = new ThreadLocal<>();

    /** Runs an upgrade with its session known to the decorator. */
    static <E extends Exception> void upgrading(AdmittedSession session, Upgrade<E> upgrade) throws E {
        UPGRADING.set(session);
        try {
            upgrade.run();
        } finally {
            UPGRADING.remove();
        }
    }

    /** An upgrade call. */
    interface Upgrade<E extends Exception> {
        void run() throws E;
    }

    @Override
    @SuppressWarnings("unchecked") // Jetty's caller takes it as a Configurator, which the wrapper is
    public <T> T decorate(T object) {
        AdmittedSession session = UPGRADING.get();
        if (session != null && object instanceof ServerEndpointConfig.Configurator && !(object instanceof InstanceConfigurator)) {
            return (T) new InstanceConfigurator(session, (ServerEndpointConfig.Configurator) object);
        }
        return object;
    }

    @Override
    public void destroy(Object object) {
        // nothing held
    }
}
