package io.wsstream.bridge;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.wsstream.api.ClientOptions;
import io.wsstream.api.CloseCodes;
import io.wsstream.api.WebsocketClientStreamFactory;
import io.wsstream.api.WebsocketStream;
import io.wsstream.bridge.pump.ByteBridge;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local TCP port to remote websocket URL: port forwarding through a websocket. Each TCP connection accepted
 * on the local port opens one client stream to the URL, and binary messages carry its bytes both ways. One
 * component per factory configuration of {@value #PID}.
 *
 * <p>Endings: the local client's end of stream closes the websocket with 1000, a local TCP error with 1001;
 * the end of the websocket, whatever its code (e.g. 1014 from a bridge whose target is down), or a failed
 * connect closes the local connection, as {@code ssh -L} does.
 */
@Component(service = {}, configurationPid = TcpToWebsocketForwarder.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = TcpToWebsocketForwarder.Config.class, factory = true)
public final class TcpToWebsocketForwarder {
    /** The factory PID of this forwarder's configurations. */
    public static final String PID = "io.wsstream.bridge.forward";
    private static final Logger LOG = LoggerFactory.getLogger(TcpToWebsocketForwarder.class);
    private static final ByteBridge.Ending ENDING = new ByteBridge.Ending(CloseCodes.NORMAL, "client closed the connection",
            CloseCodes.GOING_AWAY, "client connection failed: ");

    @ObjectClassDefinition(id = PID, name = "wsstream TCP to websocket forwarder",
            description = "Listens on a local TCP port; each connection to it is forwarded over one websocket connection to a URL.")
    public @interface Config {
        @AttributeDefinition(description = "Address to listen on. The default accepts local connections only.")
        String listen_host() default "127.0.0.1";

        @AttributeDefinition(description = "Port to listen on.", min = "1", max = "65535")
        int listen_port();

        @AttributeDefinition(description = "The websocket URL to forward to, ws:// or wss://.")
        String url();

        @AttributeDefinition(description = "Subprotocols to offer, in order of preference.", required = false)
        String[] subprotocols() default {};

        @AttributeDefinition(description = "Milliseconds one websocket connection attempt may take.", min = "1")
        long connect_timeout_ms() default 10_000;

        @AttributeDefinition(description = "Milliseconds a forwarded connection may be idle, in both directions, before it is closed.", min = "1")
        long idle_timeout_ms() default 300_000;

        @AttributeDefinition(description = "Bytes read from TCP at most per binary message; also the read buffer of each connection.", min = "512", max = "1048576")
        int chunk_bytes() default 64 * 1024;

        @AttributeDefinition(description = "Binary messages in flight each way per connection (read buffers TCP to websocket, "
                + "messages demanded websocket to TCP): memory per connection is about window x chunk.bytes each way. "
                + "1 is stop-and-wait; window x chunk.bytes must stay below the server's outbound limit.", min = "1", max = "16")
        int window() default 4;

        @AttributeDefinition(description = "Largest binary message accepted from the websocket, in bytes.", min = "1")
        long max_message_bytes() default 1024 * 1024;

        @AttributeDefinition(description = "Trust store (PKCS12 or JKS) for wss:// URLs; empty for the JVM's default trust.", required = false)
        String trust_store() default "";

        @AttributeDefinition(description = "Password of the trust store.", type = AttributeType.PASSWORD, required = false)
        String trust_store_password() default "";

        @AttributeDefinition(description = "Type of the trust store: PKCS12 or JKS.")
        String trust_store_type() default "PKCS12";

        @AttributeDefinition(description = "Trust any certificate and host name: for tests against self-signed servers only.")
        boolean insecure_trust_all() default false;

        @AttributeDefinition(description = "Forwarded connections at most; further local connections are closed at once.", min = "1")
        int max_connections() default 256;

        @AttributeDefinition(description = "Milliseconds the TCP socket stays half-closed after the websocket ended, waiting for the client to close its side.", min = "0")
        long linger_ms() default 5_000;
    }

    private final Config config;
    private final URI uri;
    private final String name;
    private final ClientOptions options;
    private final WebsocketClientStreamFactory clients;
    private final BridgeThreads threads;
    private final AsynchronousServerSocketChannel server;
    private final Set<ByteBridge> bridges = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile boolean active = true;

    @Activate
    public TcpToWebsocketForwarder(Config config, @Reference WebsocketClientStreamFactory clients) throws IOException {
        if (config.chunk_bytes() < 1 || config.window() < 1) {
            throw new IllegalArgumentException("chunk.bytes and window must be positive, not " + config.chunk_bytes()
                    + " and " + config.window());
        }
        this.config = config;
        this.uri = websocketUri(config.url());
        this.name = config.listen_host() + ":" + config.listen_port() + "->" + uri;
        this.options = clientOptions(config);
        this.clients = clients;
        this.threads = new BridgeThreads("forward");
        try {
            server = AsynchronousServerSocketChannel.open(threads.group());
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(new InetSocketAddress(config.listen_host(), config.listen_port()));
        } catch (IOException | RuntimeException e) {
            threads.close();
            throw new IOException("forwarder " + name + " cannot listen on " + config.listen_host() + ":" + config.listen_port() + ": " + e.getMessage(), e);
        }
        acceptNext();
        LOG.info("forwarder {}: listening on {}:{} for {}", name, config.listen_host(), config.listen_port(), uri);
    }

    /** @return the URL as a URI; a configuration error unless it is a ws:// or wss:// URL with a host */
    static URI websocketUri(String url) {
        URI parsed;
        try {
            parsed = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("url is not a valid URI: " + url + ": " + e.getMessage(), e);
        }
        String scheme = parsed.getScheme();
        if (!"ws".equalsIgnoreCase(scheme) && !"wss".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("url must be a ws:// or wss:// URL, not " + url);
        }
        if (parsed.getHost() == null || parsed.getHost().isEmpty()) {
            throw new IllegalArgumentException("url must name a host: " + url);
        }
        return parsed;
    }

    static ClientOptions clientOptions(Config config) {
        ClientOptions.Builder builder = ClientOptions.builder()
                .subprotocols(config.subprotocols())
                .connectTimeout(Duration.ofMillis(config.connect_timeout_ms()))
                .idleTimeout(Duration.ofMillis(config.idle_timeout_ms()))
                .maxMessageBytes(config.max_message_bytes());
        if (config.insecure_trust_all()) {
            builder.insecureTrustAll();
        } else if (!config.trust_store().isEmpty()) {
            String password = config.trust_store_password().isEmpty() ? null : config.trust_store_password();
            builder.trustStore(Path.of(config.trust_store()), password, config.trust_store_type());
        }
        // No reconnection: a byte stream cannot resume on a new connection.
        return builder.build();
    }

    @Deactivate
    void deactivate() {
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
        if (connections.incrementAndGet() > config.max_connections()) {
            connections.decrementAndGet();
            LOG.warn("forwarder {}: at most {} connections; closing a new one", name, config.max_connections());
            closeQuietly(tcp);
            return;
        }
        CompletionStage<WebsocketStream> connecting;
        try {
            connecting = clients.connect(uri, options);
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
            ByteBridge bridge = new ByteBridge(name + " " + ws.id(), ws, tcp, config.window(), config.chunk_bytes(), ENDING, threads.timer(),
                    config.linger_ms());
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
