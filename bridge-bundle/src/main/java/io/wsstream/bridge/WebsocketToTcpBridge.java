package io.wsstream.bridge;

import java.io.IOException;
import java.util.Map;

import io.wsstream.api.WebsocketServerStreamFactory;
import io.wsstream.bridge.config.ConfigurationValues;
import io.wsstream.bridge.config.InvalidProperty;
import io.wsstream.bridge.pump.ByteBridge;
import io.wsstream.bridge.runtime.BridgeRuntime;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Websocket path to TCP host:port, as websockify does for noVNC: each websocket connection to the path opens
 * one TCP connection to the target, and binary messages carry its bytes both ways ({@link TcpBridge}). One
 * component per factory configuration of {@value #PID}; a changed configuration restarts the bridge (its
 * connections close with 1001).
 *
 * <p>The component reads its configuration itself ({@link BridgeSettings}): a value of the wrong type or out
 * of the Metatype's range, or a bridge that cannot start, is one ERROR line naming the configuration, and
 * the bridge keeps running with its previous configuration, or stays stopped when it has none. It never
 * fails the component: Felix SCR would not try a failed component again when its configuration changes.
 * Its state and counters are published as a {@link BridgeRuntime} service.
 */
@Component(service = {}, configurationPid = WebsocketToTcpBridge.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = WebsocketToTcpBridge.Config.class, factory = true)
public final class WebsocketToTcpBridge {
    /** The factory PID of this bridge's configurations. */
    public static final String PID = "io.wsstream.bridge.tcp";
    private static final Logger LOG = LoggerFactory.getLogger(WebsocketToTcpBridge.class);

    @ObjectClassDefinition(id = PID, name = "wsstream websocket to TCP bridge",
            description = "Serves a websocket path; each connection to it is bridged to one TCP connection to the target (websockify style).")
    public @interface Config {
        @AttributeDefinition(description = "The websocket path to serve, e.g. /vnc (a wsstream.path pattern).")
        String path();

        @AttributeDefinition(description = "LDAP filter over the server runtime properties: the servers that serve the path, "
                + "e.g. (wsstream.server.name=internal). Empty: every server.", required = false)
        String wsstream_target() default "";

        @AttributeDefinition(description = "Host of the TCP target.")
        String target_host() default "127.0.0.1";

        @AttributeDefinition(description = "Port of the TCP target.", min = Limits.PORT_MIN, max = Limits.PORT_MAX)
        int target_port();

        @AttributeDefinition(description = "Milliseconds to wait for the TCP target to accept; then the websocket closes with 1014.",
                min = Limits.CONNECT_TIMEOUT_MIN, max = Limits.CONNECT_TIMEOUT_MAX)
        long connect_timeout_ms() default 10_000;

        @AttributeDefinition(description = "Bytes read from TCP at most per binary message; also the read buffer of each connection.",
                min = Limits.CHUNK_MIN, max = Limits.CHUNK_MAX)
        int chunk_bytes() default 64 * 1024;

        @AttributeDefinition(description = "Binary messages in flight each way per connection (read buffers TCP to websocket, "
                + "messages demanded websocket to TCP): memory per connection is about window x chunk.bytes each way. "
                + "1 is stop-and-wait; window x chunk.bytes must stay below the server's outbound limit.",
                min = Limits.WINDOW_MIN, max = Limits.WINDOW_MAX)
        int window() default 4;

        @AttributeDefinition(description = "Websocket handshakes that may wait to be bridged; beyond them the handshake is answered with 503.",
                min = Limits.BACKLOG_MIN, max = Limits.BACKLOG_MAX)
        int backlog() default 64;

        @AttributeDefinition(description = "Bridged connections at most; a websocket beyond them is closed with 1013 (try again later).",
                min = Limits.CONNECTIONS_MIN, max = Limits.CONNECTIONS_MAX)
        int max_connections() default 256;

        @AttributeDefinition(description = "Milliseconds the TCP socket stays half-closed after the websocket ended, waiting for the target to close its side.",
                min = Limits.LINGER_MIN, max = Limits.LINGER_MAX)
        long linger_ms() default 5_000;
    }

    private final WebsocketServerStreamFactory factory;
    private final String configuration;
    private final BridgeRuntime runtime;
    private TcpBridge running; // guarded by this

    @Activate
    public WebsocketToTcpBridge(BundleContext context, Map<String, Object> properties, @Reference WebsocketServerStreamFactory factory) {
        this.factory = factory;
        this.configuration = ConfigurationValues.pid(properties);
        this.runtime = new BridgeRuntime(BridgeRuntime.TCP, configuration);
        configure(properties);
        runtime.register(context);
    }

    /** A changed configuration: the bridge restarts with it, or keeps running as it was when it is refused. */
    @Modified
    synchronized void configure(Map<String, Object> properties) {
        BridgeSettings next;
        try {
            next = BridgeSettings.read(properties);
        } catch (InvalidProperty invalid) {
            refused(invalid.getMessage());
            return;
        }
        TcpBridge started;
        try {
            // Started before the previous one stops: a path the factory refuses leaves the previous one serving,
            // and on the same path the new endpoint takes over as the old one closes.
            started = new TcpBridge(configuration, next, factory);
        } catch (IllegalArgumentException refusedByFactory) {
            refused("path=" + next.path + ": " + refusedByFactory.getMessage());
            return;
        } catch (IOException | RuntimeException e) {
            LOG.error("bridge configuration {}: cannot start: {}; {}", configuration, ByteBridge.describe(e), consequence());
            LOG.debug("bridge configuration {}: cannot start", configuration, e);
            if (running == null) {
                runtime.stopped(BridgeRuntime.FAILED, ByteBridge.describe(e));
            }
            return;
        }
        if (running != null) {
            running.stop();
        }
        running = started;
        runtime.running(next.path, next.target(), started);
    }

    @Deactivate
    synchronized void deactivate() {
        runtime.withdraw();
        if (running != null) {
            running.stop();
            running = null;
        }
    }

    private void refused(String problem) {
        LOG.error("bridge configuration {} refused: {}; {}", configuration, problem, consequence());
        if (running == null) {
            runtime.stopped(BridgeRuntime.REFUSED, problem);
        }
    }

    private String consequence() {
        return running == null ? "the bridge stays stopped until its configuration changes" : "the bridge keeps its previous configuration";
    }
}
