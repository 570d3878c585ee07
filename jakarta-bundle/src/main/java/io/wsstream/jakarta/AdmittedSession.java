package io.wsstream.jakarta;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.osgi.framework.ServiceObjects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One handshake wsstream admitted: its place under the server's connection limit, the endpoint instance made
 * for it and its listing among wsstream's streams, all given back exactly once: when its connection ends, when
 * its session ends, or when no session was opened, whichever comes first. Thread safe.
 */
final class AdmittedSession {
    /** Carries this object from the per-upgrade endpoint configuration to the session's user properties. */
    static final String USER_PROPERTY = AdmittedSession.class.getName();
    private static final Logger LOG = LoggerFactory.getLogger(AdmittedSession.class);

    private final Runnable releasePlace;
    private final Function<Object, Runnable> listAsStream;
    private final ServiceObjects<Object> instances;
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile Object instance;
    private volatile Runnable unlist;

    /** @param listAsStream wsstream's registration of the session as a stream; {@code null} when wsstream offers none */
    AdmittedSession(Runnable releasePlace, Function<Object, Runnable> listAsStream, ServiceObjects<Object> instances) {
        this.releasePlace = releasePlace;
        this.listAsStream = listAsStream;
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

    /** The session opened (Jetty's thread, before the endpoint's {@code onOpen}): wsstream lists it as a stream. */
    void opened(CoreSession session) {
        if (listAsStream == null || finished.get()) {
            return;
        }
        try {
            unlist = listAsStream.apply(session);
        } catch (RuntimeException refused) {
            LOG.warn("Jakarta session {} is not listed as a wsstream stream: {}", session, refused.toString());
        }
        if (finished.get()) {
            unlist(); // the session ended while it was being listed
        }
    }

    /**
     * The upgrade succeeded: the place is given back when the connection closes, also if no session ever opens on
     * it (the connection failed between the 101 and the session).
     *
     * @param upgraded the websocket connection Jetty upgraded to, or {@code null} if Jetty did not say
     */
    void endsWith(Object upgraded) {
        if (!(upgraded instanceof Connection connection)) {
            LOG.debug("no upgraded connection to watch: the session's end gives the place back");
            return;
        }
        connection.addEventListener(new Connection.Listener() {
            @Override
            public void onClosed(Connection closed) {
                finish();
            }
        });
        if (!connection.getEndPoint().isOpen()) {
            finish(); // closed before the listener was added
        }
    }

    void finish() {
        if (finished.compareAndSet(false, true)) {
            unlist();
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

    private void unlist() {
        Runnable listed = unlist;
        if (listed != null) {
            listed.run(); // running it twice does nothing
        }
    }
}
