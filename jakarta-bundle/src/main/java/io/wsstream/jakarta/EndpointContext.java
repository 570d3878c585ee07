package io.wsstream.jakarta;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;

import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.ee11.websocket.jakarta.common.JakartaWebSocketSession;
import org.eclipse.jetty.ee11.websocket.jakarta.common.JakartaWebSocketSessionListener;
import org.eclipse.jetty.ee11.websocket.jakarta.server.JakartaWebSocketServerContainer;
import org.eclipse.jetty.ee11.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One endpoint on one wsstream server: a servlet context of its own, so that its container's open sessions
 * are this endpoint's sessions only, and closing them touches nobody else.
 */
final class EndpointContext {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointContext.class);

    private final ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
    /** Every session of this context, with its admission (a session opened otherwise has none). */
    private final Map<Session, Optional<AdmittedSession>> sessions = new ConcurrentHashMap<>();
    private final AtomicBoolean contextStopped = new AtomicBoolean();
    private final Server server;
    private volatile JakartaWebSocketServerContainer container;
    private final int closeCode;
    private volatile boolean stopping;

    /** @param closeCode what this endpoint's sessions are closed with when it leaves */
    EndpointContext(Server server, EndpointDeployment endpoint, int closeCode) {
        this.server = server;
        this.closeCode = closeCode;
        context.setContextPath("/");
        context.setServer(server);
        context.getObjectFactory().addDecorator(new OwnConfigurators());
        context.addServlet(new ServletHolder(new UpgradeServlet(endpoint, this::container)), "/*");
        JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, serverContainer) -> {
            container = (JakartaWebSocketServerContainer) serverContainer;
            container.addSessionListener(new SessionEnds());
        });
    }

    private ServerContainer container() {
        return container;
    }

    void start() throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(JakartaWebSocketServletContainerInitializer.class.getClassLoader());
        try {
            context.start();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    boolean handle(Request request, Response response, Callback callback) throws Exception {
        return context.handle(request, response, callback);
    }

    /** As {@link #stop()}, after a grace period in which the open sessions are still served. */
    void stopAfter(Duration grace) {
        if (grace.isZero()) {
            stop();
            return;
        }
        try {
            server.getScheduler().schedule(this::stop, grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException serverStopping) {
            stop();
        }
    }

    /**
     * Closes this endpoint's sessions on this server, then the context once they are gone: stopping it at once
     * would cut the close handshakes short.
     */
    void stop() {
        stopping = true;
        JakartaWebSocketServerContainer current = container;
        List<Session> open = current == null ? List.of() : List.copyOf(current.getOpenSessions());
        for (Session session : open) {
            closeLeaving((JakartaWebSocketSession) session);
        }
        stopWhenIdle();
    }

    /**
     * Through the core session: Jakarta's {@code Session.close} reports every code but 1000 to the endpoint as an
     * error, which Jetty logs as a WARN with a stack trace for endpoints without {@code @OnError}.
     */
    private void closeLeaving(JakartaWebSocketSession session) {
        try {
            session.getCoreSession().close(closeCode, "endpoint left", Callback.NOOP);
        } catch (RuntimeException alreadyGone) {
            LOG.debug("closing Jakarta session {}", session.getId(), alreadyGone);
        }
    }

    private void stopWhenIdle() {
        if (stopping && sessions.isEmpty() && contextStopped.compareAndSet(false, true)) {
            try {
                // Not on the thread of a session of this context, which the context's stop would wait for.
                server.getThreadPool().execute(this::stopContext);
            } catch (RejectedExecutionException serverStopped) {
                stopContext(); // the server's threads are gone, and with them every session thread
            }
        }
    }

    private void stopContext() {
        try {
            context.stop();
        } catch (Exception failed) {
            LOG.warn("stopping the context of a Jakarta endpoint: {}", failed.toString());
            LOG.debug("stopping the context of a Jakarta endpoint", failed);
        }
    }

    /** Ties each session to its admission, and gives the place and the instance back when it ends. */
    private final class SessionEnds implements JakartaWebSocketSessionListener {
        @Override
        public void onJakartaWebSocketSessionCreated(JakartaWebSocketSession session) {
            Object admitted = session.getUserProperties().remove(AdmittedSession.USER_PROPERTY);
            sessions.put(session, admitted instanceof AdmittedSession ? Optional.of((AdmittedSession) admitted) : Optional.empty());
            if (admitted instanceof AdmittedSession ours) {
                ours.opened(session.getCoreSession());
            }
        }

        /** A handshake that was under way when the endpoint left: its session ends like the others. */
        @Override
        public void onJakartaWebSocketSessionOpened(JakartaWebSocketSession session) {
            if (stopping) {
                closeLeaving(session);
            }
        }

        /** {@code session} is null when the connection ended before the session was made: its connection gives the place back. */
        @Override
        public void onJakartaWebSocketSessionClosed(JakartaWebSocketSession session) {
            if (session == null) {
                return;
            }
            Optional<AdmittedSession> admitted = sessions.remove(session);
            if (admitted != null) {
                admitted.ifPresent(AdmittedSession::finish);
            }
            stopWhenIdle();
        }
    }
}
