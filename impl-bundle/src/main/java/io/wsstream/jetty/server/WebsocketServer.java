package io.wsstream.jetty.server;

import java.net.URI;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;

import io.wsstream.api.WebsocketConstants;
import io.wsstream.api.WebsocketServerRuntime;
import io.wsstream.api.runtime.ServerDTO;
import io.wsstream.jetty.stream.ServerCounters;
import io.wsstream.jetty.stream.ServerSide;
import io.wsstream.jetty.stream.StreamRegistry;
import io.wsstream.jetty.whiteboard.HandlerWhiteboard;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One embedded Jetty server, configured by {@code io.wsstream.server} (optional: every property has a
 * default). Once it listens, it registers a {@link WebsocketServerRuntime} carrying the bound port.
 */
@Component(service = {}, configurationPid = WebsocketConstants.SERVER_PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ServerConfig.class)
@Capability(namespace = WebsocketConstants.IMPLEMENTATION_NAMESPACE, name = WebsocketConstants.IMPLEMENTATION,
        version = WebsocketConstants.IMPLEMENTATION_VERSION, uses = io.wsstream.api.StreamHandler.class)
public final class WebsocketServer implements WebsocketServerRuntime, StreamRegistry.ServerStatus {
    private static final Logger LOG = LoggerFactory.getLogger(WebsocketServer.class);

    private final String name;
    private final String host;
    private final Server server;
    private final ServerConnector connector;
    private final ServiceRegistration<WebsocketServerRuntime> registration;
    private final StreamRegistry streams;
    private final ServerCounters counters = new ServerCounters();
    private final ServerSide serverSide;
    private final Duration stopTimeout;

    @Activate
    public WebsocketServer(ServerConfig config, BundleContext context, @Reference HandlerWhiteboard whiteboard,
            @Reference StreamRegistry streams) throws Exception {
        this.name = config.name();
        this.host = config.host();
        this.streams = streams;
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("wsstream-" + name);
        server = new Server(threads);
        connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(config.port());
        server.addConnector(connector);
        serverSide = new ServerSide(name, counters, config.outbound_limit_bytes());
        stopTimeout = Duration.ofMillis(config.stop_timeout_ms());
        RoutingHandler routing = new RoutingHandler(server, whiteboard, streams, serverSide, counters);
        routing.container().setMaxTextMessageSize(config.max_text_message_bytes());
        routing.container().setMaxBinaryMessageSize(config.max_binary_message_bytes());
        routing.container().setMaxFrameSize(config.max_frame_bytes());
        routing.container().setIdleTimeout(Duration.ofMillis(config.idle_timeout_ms()));
        server.setHandler(routing);
        server.setStopTimeout(config.stop_timeout_ms());
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            throw new IllegalStateException("wsstream server " + name + " cannot listen on " + host + ":" + config.port(), e);
        }
        streams.serverStarted(this);
        registration = context.registerService(WebsocketServerRuntime.class, this, serviceProperties());
        LOG.info("wsstream server {} listening on ws://{}:{}/", name, host, port());
    }

    private Dictionary<String, Object> serviceProperties() {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(WebsocketConstants.SERVER_NAME, name);
        properties.put(WebsocketConstants.SERVER_HOST, host);
        properties.put(WebsocketConstants.SERVER_PORT, port());
        return properties;
    }

    @Deactivate
    void deactivate() throws Exception {
        registration.unregister();
        streams.serverStopped(this);
        streams.closeGracefully(serverSide, stopTimeout);
        server.stop();
        LOG.info("wsstream server {} stopped", name);
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
        return counters.toDto(name, host, port());
    }

    @Override
    public URI uri(String path) {
        return URI.create("ws://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + path);
    }
}
