package io.wsstream.jetty.configuration;

import java.net.URI;
import java.util.Hashtable;
import java.util.Map;

import io.wsstream.api.WebsocketConstants;
import io.wsstream.api.runtime.WebsocketServerRuntime;
import io.wsstream.api.runtime.dto.RuntimeDTO;
import io.wsstream.api.runtime.dto.ServerDTO;
import io.wsstream.jetty.handshake.Admission;
import io.wsstream.jetty.handshake.RoutingHandler;
import io.wsstream.jetty.handshake.RoutingParts;
import io.wsstream.jetty.stream.KeepAlive;
import io.wsstream.jetty.stream.ServerCounters;
import io.wsstream.jetty.stream.ServerSide;
import io.wsstream.jetty.stream.StreamRegistry;
import io.wsstream.jetty.whiteboard.HandlerWhiteboard;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listening Jetty server with fixed name, host, port and TLS, and its {@link WebsocketServerRuntime}
 * service. The other settings change while it runs ({@link #apply}); a change of the fixed ones makes a
 * new {@code RunningServer} ({@link ServerInstance}).
 */
final class RunningServer implements WebsocketServerRuntime, HandlerWhiteboard.RunningServerView {
    private static final Logger LOG = LoggerFactory.getLogger(RunningServer.class);

    private final String name;
    private final String host;
    private final boolean secure;
    private final Server server;
    private final ServerConnector connector;
    private final RoutingHandler routing;
    private final ServerSide serverSide;
    private final ServerCounters counters;
    private final KeepAlive keepAlive;
    private final StreamRegistry streams;
    private final HandlerWhiteboard whiteboard;
    private volatile ServerSettings settings;
    private volatile Map<String, Object> properties = Map.of();
    private ServiceRegistration<WebsocketServerRuntime> registration;

    RunningServer(ServerSettings settings, ServerCounters counters, ServerCollaborators collaborators) {
        this.settings = settings;
        this.name = settings.name;
        this.host = settings.host;
        this.secure = settings.isSecure();
        this.counters = counters;
        this.streams = collaborators.streams();
        this.whiteboard = collaborators.whiteboard();
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("wsstream-" + name);
        server = new Server(threads);
        connector = TlsConnectors.create(server, settings);
        connector.setHost(host);
        connector.setPort(settings.port);
        server.addConnector(connector);
        serverSide = new ServerSide(name, counters, settings.outboundLimitBytes, settings.stopTimeout);
        keepAlive = new KeepAlive(streams, serverSide);
        Admission admission = new Admission(name, () -> this.settings.handshake, () -> properties, collaborators.authenticators());
        routing = new RoutingHandler(server, collaborators.routingParts(), serverSide, admission);
        server.setHandler(routing);
        applyToJetty(settings);
    }

    /** Binds the port, joins the whiteboard and registers the runtime service. */
    void start(BundleContext context) {
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly();
            throw new IllegalStateException("cannot listen on " + host + ":" + settings.port + ": " + FailureText.of(e), e);
        }
        properties = Map.of(WebsocketConstants.SERVER_NAME, name, WebsocketConstants.SERVER_HOST, host,
                WebsocketConstants.SERVER_PORT, port(), WebsocketConstants.SERVER_SECURE, secure);
        try {
            whiteboard.serverStarted(this, properties);
        } catch (IllegalStateException duplicateName) {
            stopQuietly();
            throw duplicateName;
        }
        keepAlive.interval(settings.pingInterval);
        registration = context.registerService(WebsocketServerRuntime.class, this, new Hashtable<>(properties));
        LOG.info("wsstream server {} listening on {}://{}:{}/", name, secure ? "wss" : "ws", host, port());
        warnIfEveryHostIsAccepted(settings);
    }

    /**
     * A server on the network with no {@code allowed.hosts} accepts every {@code Host}: browsers that can reach
     * it can be steered to it by DNS rebinding. Said once when it starts, and when a change makes it so.
     */
    private void warnIfEveryHostIsAccepted(ServerSettings current) {
        if (current.hosts.acceptsEveryHostByDefault()) {
            LOG.warn("wsstream server {} listens on {}, not a loopback address, and allowed.hosts is empty: it accepts every Host "
                    + "header, so a web page whose name an attacker points at this machine (DNS rebinding) can reach handlers that "
                    + "do not require authentication; list the names clients use in allowed.hosts", name, host);
        }
    }

    /** Applies settings whose fixed part ({@link ServerSettings#needsRestart}) is unchanged. */
    void apply(ServerSettings next) {
        boolean everyHostBefore = settings.hosts.acceptsEveryHostByDefault();
        settings = next;
        if (!everyHostBefore) {
            warnIfEveryHostIsAccepted(next);
        }
        applyToJetty(next);
        serverSide.outboundLimitBytes(next.outboundLimitBytes);
        serverSide.stopTimeout(next.stopTimeout);
        keepAlive.interval(next.pingInterval);
        LOG.info("wsstream server {}: configuration applied without a restart", name);
    }

    /**
     * Bytes read from a connection at once (Jetty's default: 4 KiB). A large binary message otherwise arrives
     * in 4 KiB reads, each parsed, unmasked and handed on as a fragment: measured on the bridge (64 KiB
     * messages), about a fifth of the server's CPU per byte. A connection holds the buffer only while a read
     * has data not yet parsed; Jetty pools it.
     */
    static final int INPUT_BUFFER_BYTES = 64 * 1024;

    private void applyToJetty(ServerSettings next) {
        routing.configuration().setMaxTextMessageSize(next.maxTextMessageBytes);
        routing.configuration().setMaxBinaryMessageSize(next.maxBinaryMessageBytes);
        routing.configuration().setMaxFrameSize(next.maxFrameBytes);
        routing.configuration().setIdleTimeout(next.idleTimeout);
        routing.configuration().setInputBufferSize(INPUT_BUFFER_BYTES);
        server.setStopTimeout(next.stopTimeout.toMillis());
    }

    /** Leaves the whiteboard, closes the streams with 1001 (waiting at most the stop timeout), stops Jetty. */
    void stop(String why) {
        int port = port();
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
        keepAlive.stop();
        whiteboard.serverStopped(this);
        streams.closeGracefully(serverSide, settings.stopTimeout, why);
        stopQuietly();
        LOG.info("wsstream server {} on port {} stopped ({})", name, port, why);
    }

    private void stopQuietly() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("wsstream server {} did not stop cleanly", name, e);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public ServerDTO toDto() {
        return counters.toDto(name, host, port(), secure, () -> streams.everyStreamOn(serverSide));
    }

    @Override
    public RuntimeDTO getRuntimeDTO() {
        return whiteboard.runtimeOf(toDto(), properties, streams::countOf);
    }

    @Override
    public URI uri(String path) {
        return URI.create((secure ? "wss://" : "ws://") + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + path);
    }

    @Override
    public String toString() {
        return "wsstream server " + name + " (" + uri("/") + ")";
    }
}
