package io.wsstream.bridge;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.wsstream.api.CloseCodes;
import io.wsstream.api.StreamEndpoint;
import io.wsstream.api.WebsocketConstants;
import io.wsstream.api.WebsocketServerStream;
import io.wsstream.api.WebsocketServerStreamFactory;
import io.wsstream.bridge.pump.ByteBridge;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Websocket path to TCP host:port, as websockify does for noVNC: each websocket connection to the path opens
 * one TCP connection to the target, and binary messages carry its bytes both ways. One component per factory
 * configuration of {@value #PID}; a changed configuration restarts the bridge (its connections close with
 * 1001).
 *
 * <p>The path is served through a pull endpoint of the {@link WebsocketServerStreamFactory}, so a stream is
 * read only once its TCP connection is up. Endings: TCP end of stream closes the websocket with 1000; a
 * target that cannot be reached or fails closes it with 1014 (bad gateway) and the error as reason; a closed
 * websocket closes the TCP connection.
 */
@Component(service = {}, configurationPid = WebsocketToTcpBridge.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = WebsocketToTcpBridge.Config.class, factory = true)
public final class WebsocketToTcpBridge {
    /** The factory PID of this bridge's configurations. */
    public static final String PID = "io.wsstream.bridge.tcp";
    static final int BAD_GATEWAY = 1014;
    static final int TRY_AGAIN_LATER = 1013;
    private static final Logger LOG = LoggerFactory.getLogger(WebsocketToTcpBridge.class);
    private static final ByteBridge.Ending ENDING = new ByteBridge.Ending(CloseCodes.NORMAL, "target closed the connection",
            BAD_GATEWAY, "target failed: ");

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

        @AttributeDefinition(description = "Port of the TCP target.", min = "1", max = "65535")
        int target_port();

        @AttributeDefinition(description = "Milliseconds to wait for the TCP target to accept; then the websocket closes with 1014.", min = "1")
        long connect_timeout_ms() default 10_000;

        @AttributeDefinition(description = "Bytes read from TCP at most per binary message; also the read buffer of each connection.", min = "512", max = "1048576")
        int chunk_bytes() default 64 * 1024;

        @AttributeDefinition(description = "Binary messages in flight each way per connection (read buffers TCP to websocket, "
                + "messages demanded websocket to TCP): memory per connection is about window x chunk.bytes each way. "
                + "1 is stop-and-wait; window x chunk.bytes must stay below the server's outbound limit.", min = "1", max = "16")
        int window() default 4;

        @AttributeDefinition(description = "Websocket handshakes that may wait to be bridged; beyond them the handshake is answered with 503.", min = "1")
        int backlog() default 64;

        @AttributeDefinition(description = "Bridged connections at most; a websocket beyond them is closed with 1013 (try again later).", min = "1")
        int max_connections() default 256;

        @AttributeDefinition(description = "Milliseconds the TCP socket stays half-closed after the websocket ended, waiting for the target to close its side.", min = "0")
        long linger_ms() default 5_000;
    }

    private final Config config;
    private final String name;
    private final InetSocketAddress target;
    private final BridgeThreads threads;
    private final StreamEndpoint endpoint;
    private final Set<ByteBridge> bridges = ConcurrentHashMap.newKeySet();
    /** Slots taken: bridges connecting or started; reserved before connecting, so a burst cannot exceed the maximum. */
    private final AtomicInteger connections = new AtomicInteger();
    private volatile boolean active = true;

    @Activate
    public WebsocketToTcpBridge(Config config, @Reference WebsocketServerStreamFactory factory) throws IOException {
        if (config.target_port() < 1 || config.target_port() > 65535) {
            throw new IllegalArgumentException("target.port must be 1-65535, not " + config.target_port());
        }
        if (config.chunk_bytes() < 1 || config.window() < 1) {
            throw new IllegalArgumentException("chunk.bytes and window must be positive, not " + config.chunk_bytes()
                    + " and " + config.window());
        }
        this.config = config;
        this.name = config.path() + "->" + config.target_host() + ":" + config.target_port();
        this.target = InetSocketAddress.createUnresolved(config.target_host(), config.target_port());
        this.threads = new BridgeThreads("tcp");
        try {
            this.endpoint = factory.open(config.path(), config.backlog(), config.wsstream_target().isBlank() ? Map.of()
                    : Map.of(WebsocketConstants.TARGET, config.wsstream_target()));
        } catch (RuntimeException e) {
            threads.close();
            throw e;
        }
        acceptNext();
        LOG.info("bridge {}: serving websocket {} for TCP {}:{}", name, config.path(), config.target_host(), config.target_port());
    }

    @Deactivate
    void deactivate() {
        active = false;
        endpoint.close();
        bridges.forEach(bridge -> bridge.abort(CloseCodes.GOING_AWAY, "bridge stopped"));
        threads.close();
        LOG.info("bridge {}: stopped", name);
    }

    /**
     * Takes streams from the endpoint, in order. Streams waiting in the backlog complete {@code accept()} at
     * once: they are taken in this loop rather than by nested calls, so a backlog neither reverses the order
     * nor deepens the stack; a stream not there yet is taken by the callback, which loops again.
     */
    private void acceptNext() {
        while (active) {
            CompletableFuture<WebsocketServerStream> next;
            try {
                next = endpoint.accept().toCompletableFuture();
            } catch (IllegalStateException closed) {
                return;
            }
            if (!next.isDone()) {
                next.whenComplete((stream, failure) -> {
                    if (failure == null) {
                        bridge(stream);
                        acceptNext();
                    } // else the endpoint closed
                });
                return;
            }
            if (next.isCompletedExceptionally()) {
                return; // the endpoint closed
            }
            bridge(next.join());
        }
    }

    /**
     * Reserves a connection slot on the calling thread (a Jetty thread: it completes the accept), then
     * resolves and connects on the timer thread: name resolution may block.
     */
    private void bridge(WebsocketServerStream stream) {
        if (!active) {
            stream.close(CloseCodes.GOING_AWAY, "bridge stopped");
            return;
        }
        if (connections.incrementAndGet() > config.max_connections()) {
            int open = connections.decrementAndGet();
            LOG.warn("bridge {}: {} connections open or opening, the maximum; closing stream {} with 1013", name, open, stream.id());
            stream.close(TRY_AGAIN_LATER, "too many bridged connections");
            return;
        }
        try {
            threads.timer().execute(() -> connect(stream));
        } catch (RejectedExecutionException stopping) {
            connections.decrementAndGet();
            stream.close(CloseCodes.GOING_AWAY, "bridge stopped");
        }
    }

    /** Opens the TCP connection for a stream that holds a slot; gives the slot back unless the bridge starts. */
    private void connect(WebsocketServerStream stream) {
        if (!active) {
            connectFailed(stream, null, CloseCodes.GOING_AWAY, "bridge stopped");
            return;
        }
        AsynchronousSocketChannel tcp;
        try {
            tcp = AsynchronousSocketChannel.open(threads.group());
        } catch (IOException | RuntimeException e) {
            connectFailed(stream, null, BAD_GATEWAY, "cannot open a socket: " + ByteBridge.describe(e));
            return;
        }
        InetSocketAddress resolved = new InetSocketAddress(target.getHostString(), target.getPort());
        if (resolved.isUnresolved()) {
            connectFailed(stream, tcp, BAD_GATEWAY, "target unreachable: unknown host " + target.getHostString());
            return;
        }
        ScheduledFuture<?> timeout;
        try {
            timeout = threads.timer().schedule(() -> closeQuietly(tcp), config.connect_timeout_ms(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            connectFailed(stream, tcp, CloseCodes.GOING_AWAY, "bridge stopped");
            return;
        }
        try {
            tcp.connect(resolved, null, new CompletionHandler<Void, Void>() {
                @Override
                public void completed(Void result, Void attachment) {
                    timeout.cancel(false);
                    start(stream, tcp);
                }

                @Override
                public void failed(Throwable failure, Void attachment) {
                    String reason = timeout.cancel(false) ? "target unreachable: " + ByteBridge.describe(failure)
                            : "target unreachable: no answer within " + config.connect_timeout_ms() + " ms";
                    LOG.info("bridge {}: stream {}: {}", name, stream.id(), reason);
                    connectFailed(stream, tcp, BAD_GATEWAY, reason);
                }
            });
        } catch (RuntimeException e) {
            timeout.cancel(false);
            connectFailed(stream, tcp, BAD_GATEWAY, "target unreachable: " + ByteBridge.describe(e));
        }
    }

    private void connectFailed(WebsocketServerStream stream, AsynchronousSocketChannel tcp, int code, String reason) {
        connections.decrementAndGet();
        if (tcp != null) {
            closeQuietly(tcp);
        }
        stream.close(code, ByteBridge.truncate(reason));
    }

    private void start(WebsocketServerStream stream, AsynchronousSocketChannel tcp) {
        ByteBridge bridge = new ByteBridge(name + " " + stream.id(), stream, tcp, config.window(), config.chunk_bytes(), ENDING,
                threads.timer(), config.linger_ms());
        bridges.add(bridge);
        bridge.finished().whenComplete((done, failure) -> {
            bridges.remove(bridge);
            connections.decrementAndGet();
        });
        LOG.debug("bridge {}: stream {} connected", name, stream.id());
        if (!active) {
            bridge.abort(CloseCodes.GOING_AWAY, "bridge stopped");
        }
        bridge.start();
    }

    private static void closeQuietly(AsynchronousSocketChannel tcp) {
        try {
            tcp.close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}
