package io.wsstream.bridge;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.wsstream.api.CloseCodes;
import io.wsstream.api.client.WebsocketClientStream;
import io.wsstream.api.client.WebsocketClientStreamFactory;
import io.wsstream.bridge.pump.ByteBridge;
import io.wsstream.bridge.pump.Traffic;
import io.wsstream.bridge.runtime.BridgeRuntime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running TCP-to-websocket forwarder, for one valid configuration: listens on the local address, and
 * forwards each accepted TCP connection over one client stream to the URL. Endings: the local client's end of
 * stream closes the websocket with 1000, a local TCP error with 1001; the end of the websocket, whatever its
 * code (e.g. 1014 from a bridge whose target is down), or a failed connect closes the local connection, as
 * {@code ssh -L} does.
 */
final class TcpForwarder implements BridgeRuntime.Counters {
    private static final Logger LOG = LoggerFactory.getLogger(TcpToWebsocketForwarder.class);
    private static final ByteBridge.Ending ENDING = new ByteBridge.Ending(CloseCodes.NORMAL, "client closed the connection",
            CloseCodes.GOING_AWAY, "client connection failed: ");

    /** Why a forwarder cannot start, in one line: the listening address and the cause. */
    static final class CannotListen extends Exception {
        private static final long serialVersionUID = 1L;

        CannotListen(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final String configuration;
    private final ForwarderSettings settings;
    private final String name;
    private final WebsocketClientStreamFactory clients;
    private final BridgeThreads threads;
    private final AsynchronousServerSocketChannel server;
    private final Traffic traffic = new Traffic();
    private final Set<ByteBridge> bridges = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile boolean active = true;

    /**
     * Listens at once.
     *
     * @param configuration the configuration's PID, for log lines
     * @throws CannotListen when the address does not resolve, is in use, or cannot be bound
     */
    TcpForwarder(String configuration, ForwarderSettings settings, WebsocketClientStreamFactory clients) throws CannotListen {
        this.configuration = configuration;
        this.settings = settings;
        this.name = settings.listens() + "->" + settings.url;
        this.clients = clients;
        InetSocketAddress address = new InetSocketAddress(settings.listenHost, settings.listenPort);
        if (address.isUnresolved()) {
            throw new CannotListen("cannot listen on " + settings.listens() + ": unknown host " + settings.listenHost, null);
        }
        try {
            this.threads = new BridgeThreads("forward");
        } catch (IOException e) {
            throw new CannotListen("cannot make its threads: " + ByteBridge.describe(e), e);
        }
        try {
            server = AsynchronousServerSocketChannel.open(threads.group());
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(address);
        } catch (IOException | RuntimeException e) {
            threads.close();
            throw new CannotListen("cannot listen on " + settings.listens() + ": " + ByteBridge.describe(e), e);
        }
        acceptNext();
        LOG.info("forwarder {}: listening on {} for {}", name, settings.listens(), settings.url);
        threads.timer().execute(this::checkUrlHostResolves);
    }

    void stop() {
        active = false;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        bridges.forEach(bridge -> bridge.abort(CloseCodes.GOING_AWAY, "forwarder stopped"));
        threads.close();
        LOG.info("forwarder {}: stopped", name);
    }

    /** @return connections forwarded now (websocket connected) */
    @Override
    public int openConnections() {
        return bridges.size();
    }

    @Override
    public long bytesToTarget() {
        return traffic.fromTcp();
    }

    @Override
    public long bytesFromTarget() {
        return traffic.toTcp();
    }

    /** As the bridge's target host: said once at the start, on the timer thread; the forwarder keeps listening. */
    private void checkUrlHostResolves() {
        String host = settings.url.getHost();
        try {
            InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            LOG.error("forwarder configuration {}: the host of {} does not resolve; its connections are closed until it does",
                    configuration, settings.url);
            LOG.debug("forwarder {}: resolving {}", name, host, e);
        }
    }

    private void acceptNext() {
        server.accept(null, new CompletionHandler<AsynchronousSocketChannel, Void>() {
            @Override
            public void completed(AsynchronousSocketChannel tcp, Void attachment) {
                acceptNext();
                forward(tcp);
            }

            @Override
            public void failed(Throwable failure, Void attachment) {
                if (active && server.isOpen()) {
                    LOG.warn("forwarder {}: accept failed: {}", name, failure.toString());
                    acceptNext();
                }
            }
        });
    }

    private void forward(AsynchronousSocketChannel tcp) {
        if (!active) {
            LOG.info("forwarder {}: stopped; closing a new connection", name);
            closeQuietly(tcp);
            return;
        }
        if (connections.incrementAndGet() > settings.maxConnections) {
            connections.decrementAndGet();
            LOG.warn("forwarder {}: at most {} connections; closing a new one", name, settings.maxConnections);
            closeQuietly(tcp);
            return;
        }
        CompletionStage<WebsocketClientStream> connecting;
        try {
            connecting = clients.connect(settings.url, settings.options);
        } catch (RuntimeException e) {
            // The factory refused at once (e.g. released while stopping): no stage will give the slot back.
            connections.decrementAndGet();
            LOG.info("forwarder {}: cannot connect: {}", name, ByteBridge.describe(e));
            closeQuietly(tcp);
            return;
        }
        connecting.whenComplete((ws, failure) -> {
            if (failure != null) {
                connections.decrementAndGet();
                LOG.info("forwarder {}: cannot connect: {}", name, ByteBridge.describe(failure));
                closeQuietly(tcp);
                return;
            }
            ByteBridge bridge = new ByteBridge(name + " " + ws.id(), ws, tcp, settings.window, settings.chunkBytes, ENDING, threads.timer(),
                    settings.lingerMillis, traffic);
            bridges.add(bridge);
            bridge.finished().whenComplete((done, error) -> {
                bridges.remove(bridge);
                connections.decrementAndGet();
            });
            if (!active) {
                bridge.abort(CloseCodes.GOING_AWAY, "forwarder stopped");
            }
            bridge.start();
        });
    }

    private static void closeQuietly(AsynchronousSocketChannel tcp) {
        try {
            tcp.close();
        } catch (IOException e) {
            // closed already
        }
    }
}
