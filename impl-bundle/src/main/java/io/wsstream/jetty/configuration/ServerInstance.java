package io.wsstream.jetty.configuration;

import java.util.function.Supplier;

import io.wsstream.jetty.stream.ServerCounters;

import org.osgi.framework.BundleContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured server across configuration changes: applies a change to the running server when it
 * can, and otherwise (name, host, port, TLS) stops it, closing its streams with 1001 "server restarting",
 * and starts a new one. Its counters survive restarts.
 *
 * <p>A configuration the server cannot run with (invalid values, a port in use, an unreadable keystore) is
 * logged and leaves the server stopped until the next change; it never fails the component, since Felix
 * SCR would not try a failed component again when its configuration changes.
 */
final class ServerInstance {
    private static final Logger LOG = LoggerFactory.getLogger(ServerInstance.class);

    private final BundleContext context;
    private final ServerCollaborators collaborators;
    private final ServerCounters counters = new ServerCounters();
    private ServerSettings settings;
    private RunningServer running;

    ServerInstance(BundleContext context, ServerCollaborators collaborators) {
        this.context = context;
        this.collaborators = collaborators;
    }

    /**
     * The first configuration, or a change: applied live, or by a restart. Failures are logged, not thrown.
     *
     * @param pid the configuration, for log lines
     * @param next reads and validates the configuration
     */
    synchronized void configure(String pid, Supplier<ServerSettings> next) {
        try {
            configure(next.get());
        } catch (IllegalArgumentException invalid) {
            LOG.error("wsstream server: configuration {} refused: {}; {}", pid, invalid.getMessage(),
                    running == null ? "the server stays stopped until it changes" : "the server keeps its previous configuration");
        }
    }

    private void configure(ServerSettings next) {
        if (running != null && settings != null && !settings.needsRestart(next)) {
            settings = next;
            running.apply(next);
            return;
        }
        if (running != null) {
            LOG.info("wsstream server {}: restarting for the new configuration ({}); its streams close with 1001", settings.name, next);
            running.stop("server restarting");
            running = null;
        }
        settings = next;
        try {
            running = newServer(next);
        } catch (RuntimeException e) {
            // one line with the cause for the operator; the stack trace helps only a developer
            LOG.error("wsstream server {} cannot start, and stays stopped until its configuration changes: {}", next.name, FailureText.of(e));
            LOG.debug("wsstream server {}: start failure", next.name, e);
        }
    }

    synchronized void stop() {
        if (running != null) {
            running.stop("server stopping");
            running = null;
        }
    }

    private RunningServer newServer(ServerSettings next) {
        RunningServer server = new RunningServer(next, counters, collaborators);
        server.start(context);
        return server;
    }
}
