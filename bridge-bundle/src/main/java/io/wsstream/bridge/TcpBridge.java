package io.wsstream.bridge;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
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
import io.wsstream.api.PullStreamEndpoint;
import io.wsstream.api.WebsocketConstants;
import io.wsstream.api.WebsocketServerPullStream;
import io.wsstream.api.WebsocketServerStreamFactory;
import io.wsstream.bridge.pump.ByteBridge;
import io.wsstream.bridge.pump.Traffic;
import io.wsstream.bridge.runtime.BridgeRuntime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running websocket-to-TCP bridge, for one valid configuration: serves the path through a pull endpoint
 * of the {@link WebsocketServerStreamFactory}, so a stream is read only once its TCP connection is up, and
 * bridges each stream to one TCP connection to the target. Endings: TCP end of stream closes the websocket
 * with 1000; a target that cannot be reached or fails closes it with 1014 (bad gateway) and the error as
 * reason; a closed websocket closes the TCP connection.
 */
final class TcpBridge implements BridgeRuntime.Counters {
    static final int BAD_GATEWAY = 1014;
    static final int TRY_AGAIN_LATER = 1013;
    private static final Logger LOG = LoggerFactory.getLogger(WebsocketToTcpBridge.class);
    private static final ByteBridge.Ending ENDING = new ByteBridge.Ending(CloseCodes.NORMAL, "target closed the connection",
            BAD_GATEWAY, "target failed: ");

    private final String configuration;
    private final BridgeSettings settings;
    private final String name;
    private final InetSocketAddress target;
    private final BridgeThreads threads;
    private final PullStreamEndpoint endpoint;
    private final Traffic traffic = new Traffic();
    private final Set<ByteBridge> bridges = ConcurrentHashMap.newKeySet();
    /** Slots taken: bridges connecting or started; reserved before connecting, so a burst cannot exceed the maximum. */
    private final AtomicInteger connections = new AtomicInteger();
    private volatile boolean active = true;

    /**
     * Serves the path at once.
     *
     * @param configuration the configuration's PID, for log lines
     * @throws IllegalArgumentException when the factory refuses the path or the server filter, with the reason
     * @throws IOException when the bridge's threads cannot be made
     */
    TcpBridge(String configuration, BridgeSettings settings, WebsocketServerStreamFactory factory) throws IOException {
        this.configuration = configuration;
        this.settings = settings;
        this.name = settings.path + "->" + settings.target();
        this.target = InetSocketAddress.createUnresolved(settings.targetHost, settings.targetPort);
        this.threads = new BridgeThreads("tcp");
        try {
            this.endpoint = factory.open(settings.path, settings.backlog,
                    settings.servers.isEmpty() ? Map.of() : Map.of(WebsocketConstants.TARGET, settings.servers));
        } catch (RuntimeException e) {
            threads.close();
            throw e;
        }
        acceptNext();
        LOG.info("bridge {}: serving websocket {} for TCP {}", name, settings.path, settings.target());
        threads.timer().execute(this::checkTargetResolves);
    }

    /** Closes the endpoint and every bridged connection with 1001. */
    void stop() {
        active = false;
        endpoint.close();
        bridges.forEach(bridge -> bridge.abort(CloseCodes.GOING_AWAY, "bridge stopped"));
        threads.close();
        LOG.info("bridge {}: stopped", name);
    }

    /** @return connections bridged now (TCP connected) */
    @Override
    public int openConnections() {
        return bridges.size();
    }

    @Override
    public long bytesToTarget() {
        return traffic.toTcp();
    }

    @Override
    public long bytesFromTarget() {
        return traffic.fromTcp();
    }

    /**
     * A target host that does not resolve is a configuration that cannot work: said once, at the start, on
     * the timer thread (resolution may block). The bridge keeps serving: each connection closes with 1014
     * until the name resolves, which it may do later.
     */
    private void checkTargetResolves() {
        try {
            InetAddress.getByName(settings.targetHost);
        } catch (UnknownHostException e) {
            LOG.error("bridge configuration {}: target host {} does not resolve; its connections close with 1014 until it does",
                    configuration, settings.targetHost);
            LOG.debug("bridge {}: resolving {}", name, settings.targetHost, e);
        }
    }

    /**
     * Takes streams from the endpoint, in order. Streams waiting in the backlog complete {@code accept()} at
     * once: they are taken in this loop rather than by nested calls, so a backlog neither reverses the order
     * nor deepens the stack; a stream not there yet is taken by the callback, which loops again.
     */
    private void acceptNext() {
        while (active) {
            CompletableFuture<WebsocketServerPullStream> next;
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
    private void bridge(WebsocketServerPullStream stream) {
        if (!active) {
            stream.close(CloseCodes.GOING_AWAY, "bridge stopped");
            return;
        }
        if (connections.incrementAndGet() > settings.maxConnections) {
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
    private void connect(WebsocketServerPullStream stream) {
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
            timeout = threads.timer().schedule(() -> closeQuietly(tcp), settings.connectTimeoutMillis, TimeUnit.MILLISECONDS);
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
                            : "target unreachable: no answer within " + settings.connectTimeoutMillis + " ms";
                    LOG.info("bridge {}: stream {}: {}", name, stream.id(), reason);
                    connectFailed(stream, tcp, BAD_GATEWAY, reason);
                }
            });
        } catch (RuntimeException e) {
            timeout.cancel(false);
            connectFailed(stream, tcp, BAD_GATEWAY, "target unreachable: " + ByteBridge.describe(e));
        }
    }

    private void connectFailed(WebsocketServerPullStream stream, AsynchronousSocketChannel tcp, int code, String reason) {
        connections.decrementAndGet();
        if (tcp != null) {
            closeQuietly(tcp);
        }
        stream.close(code, ByteBridge.truncate(reason));
    }

    private void start(WebsocketServerPullStream stream, AsynchronousSocketChannel tcp) {
        ByteBridge bridge = new ByteBridge(name + " " + stream.id(), stream, tcp, settings.window, settings.chunkBytes, ENDING,
                threads.timer(), settings.lingerMillis, traffic);
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
