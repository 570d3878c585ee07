package io.wsstream.bridge;

import java.util.Map;

import io.wsstream.api.client.WebsocketClientStreamFactory;
import io.wsstream.bridge.config.ConfigurationValues;
import io.wsstream.bridge.config.InvalidProperty;
import io.wsstream.bridge.runtime.BridgeRuntime;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local TCP port to remote websocket URL: port forwarding through a websocket. Each TCP connection accepted
 * on the local port opens one client stream to the URL, and binary messages carry its bytes both ways
 * ({@link TcpForwarder}). One component per factory configuration of {@value #PID}; a changed configuration
 * restarts the forwarder (its connections close).
 *
 * <p>As the bridge: the component reads its configuration itself ({@link ForwarderSettings}); a bad value is
 * one ERROR line and the forwarder keeps its previous configuration, or stays stopped when it has none; a
 * forwarder that cannot listen (address in use, unknown host) is one ERROR line too, and stays stopped until
 * its configuration changes. Its state and counters are published as a {@link BridgeRuntime} service.
 */
@Component(service = {}, configurationPid = TcpToWebsocketForwarder.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = TcpToWebsocketForwarder.Config.class, factory = true)
public final class TcpToWebsocketForwarder {
    /** The factory PID of this forwarder's configurations. */
    public static final String PID = "io.wsstream.bridge.forward";
    private static final Logger LOG = LoggerFactory.getLogger(TcpToWebsocketForwarder.class);

    @ObjectClassDefinition(id = PID, name = "wsstream TCP to websocket forwarder",
            description = "Listens on a local TCP port; each connection to it is forwarded over one websocket connection to a URL.")
    public @interface Config {
        @AttributeDefinition(description = "Address to listen on. The default accepts local connections only.")
        String listen_host() default "127.0.0.1";

        @AttributeDefinition(description = "Port to listen on.", min = Limits.PORT_MIN, max = Limits.PORT_MAX)
        int listen_port();

        @AttributeDefinition(description = "The websocket URL to forward to, ws:// or wss://.")
        String url();

        @AttributeDefinition(description = "Subprotocols to offer, in order of preference.", required = false)
        String[] subprotocols() default {};

        @AttributeDefinition(description = "Milliseconds one websocket connection attempt may take.",
                min = Limits.CONNECT_TIMEOUT_MIN, max = Limits.CONNECT_TIMEOUT_MAX)
        long connect_timeout_ms() default 10_000;

        @AttributeDefinition(description = "Milliseconds a forwarded connection may be idle, in both directions, before it is closed.",
                min = Limits.IDLE_TIMEOUT_MIN, max = Limits.IDLE_TIMEOUT_MAX)
        long idle_timeout_ms() default 300_000;

        @AttributeDefinition(description = "Bytes read from TCP at most per binary message; also the read buffer of each connection.",
                min = Limits.CHUNK_MIN, max = Limits.CHUNK_MAX)
        int chunk_bytes() default 64 * 1024;

        @AttributeDefinition(description = "Binary messages in flight each way per connection (read buffers TCP to websocket, "
                + "messages demanded websocket to TCP): memory per connection is about window x chunk.bytes each way. "
                + "1 is stop-and-wait; window x chunk.bytes must stay below the server's outbound limit.",
                min = Limits.WINDOW_MIN, max = Limits.WINDOW_MAX)
        int window() default 4;

        @AttributeDefinition(description = "Largest binary message accepted from the websocket, in bytes.",
                min = Limits.MESSAGE_MIN, max = Limits.MESSAGE_MAX)
        long max_message_bytes() default 1024 * 1024;

        @AttributeDefinition(description = "Trust store (PKCS12 or JKS) for wss:// URLs; empty for the JVM's default trust.", required = false)
        String trust_store() default "";

        @AttributeDefinition(description = "Password of the trust store.", type = AttributeType.PASSWORD, required = false)
        String trust_store_password() default "";

        @AttributeDefinition(description = "Type of the trust store: PKCS12 or JKS.")
        String trust_store_type() default "PKCS12";

        @AttributeDefinition(description = "Trust any certificate and host name: for tests against self-signed servers only.")
        boolean insecure_trust_all() default false;

        @AttributeDefinition(description = "Forwarded connections at most; further local connections are closed at once.",
                min = Limits.CONNECTIONS_MIN, max = Limits.CONNECTIONS_MAX)
        int max_connections() default 256;

        @AttributeDefinition(description = "Milliseconds the TCP socket stays half-closed after the websocket ended, waiting for the client to close its side.",
                min = Limits.LINGER_MIN, max = Limits.LINGER_MAX)
        long linger_ms() default 5_000;
    }

    private final WebsocketClientStreamFactory clients;
    private final String configuration;
    private final BridgeRuntime runtime;
    private ForwarderSettings settings; // guarded by this
    private TcpForwarder running; // guarded by this

    @Activate
    public TcpToWebsocketForwarder(BundleContext context, Map<String, Object> properties, @Reference WebsocketClientStreamFactory clients) {
        this.clients = clients;
        this.configuration = ConfigurationValues.pid(properties);
        this.runtime = new BridgeRuntime(BridgeRuntime.FORWARD, configuration);
        configure(properties);
        runtime.register(context);
    }

    /** A changed configuration: the forwarder restarts with it, or keeps running as it was when it is refused. */
    @Modified
    synchronized void configure(Map<String, Object> properties) {
        ForwarderSettings next;
        try {
            next = ForwarderSettings.read(properties);
        } catch (InvalidProperty invalid) {
            LOG.error("forwarder configuration {} refused: {}; {}", configuration, invalid.getMessage(),
                    running == null ? "the forwarder stays stopped until its configuration changes" : "the forwarder keeps its previous configuration");
            if (running == null) {
                runtime.stopped(BridgeRuntime.REFUSED, invalid.getMessage());
            }
            return;
        }
        // A new address is bound before the previous forwarder stops, so a failure leaves that one running;
        // the same address can only be bound once the previous one let go of it.
        if (running != null && settings.listensLike(next)) {
            running.stop();
            running = null;
        }
        TcpForwarder started;
        try {
            started = new TcpForwarder(configuration, next, clients);
        } catch (TcpForwarder.CannotListen e) {
            LOG.error("forwarder configuration {}: {}; {}", configuration, e.getMessage(),
                    running == null ? "the forwarder stays stopped until its configuration changes" : "the forwarder keeps its previous configuration");
            LOG.debug("forwarder configuration {}: cannot start", configuration, e);
            if (running == null) {
                runtime.stopped(BridgeRuntime.FAILED, e.getMessage());
            }
            return;
        }
        if (running != null) {
            running.stop();
        }
        running = started;
        settings = next;
        runtime.running(next.listens(), next.url.toString(), started);
    }

    @Deactivate
    synchronized void deactivate() {
        runtime.withdraw();
        if (running != null) {
            running.stop();
            running = null;
        }
    }
}
