package io.wsstream.client;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.wsstream.api.client.ClientOptions;
import io.wsstream.client.stream.ClientStream;
import io.wsstream.common.codec.JsonCodec;
import io.wsstream.common.stream.DaemonThreads;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Jetty websocket clients of the bundle, shared by every user: one per TLS trust setting (the JVM's
 * default, a trust store, or trust-all), started on first use and stopped with the bundle. Also the timer
 * for reconnections and the executor on which subscribers are called.
 */
@Component(service = JettyClients.class)
public final class JettyClients {
    private static final Logger LOG = LoggerFactory.getLogger(JettyClients.class);

    private final Map<Trust, WebSocketClient> clients = new ConcurrentHashMap<>();
    private final JsonCodec codec = new JsonCodec();
    private final ThreadPoolExecutor signals;
    private final ScheduledThreadPoolExecutor timer;
    private volatile boolean stopped;

    public JettyClients() {
        signals = DaemonThreads.pool("wsstream-client", Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
        timer = DaemonThreads.timer("wsstream-client-timer");
    }

    @Deactivate
    void stop() {
        stopped = true;
        for (WebSocketClient client : clients.values()) {
            try {
                client.stop();
            } catch (Exception e) {
                LOG.warn("stopping the websocket client {} failed", client, e);
            }
        }
        clients.clear();
        timer.shutdownNow();
        signals.shutdown();
    }

    /**
     * Starts the upgrade request of one connection attempt.
     *
     * @return Jetty's future of the session; the listener's {@code onWebSocketOpen} is called first
     */
    CompletableFuture<Session> dial(URI uri, ClientOptions options, Session.Listener listener) throws Exception {
        WebSocketClient client = clientFor(Trust.of(options));
        ClientUpgradeRequest request = new ClientUpgradeRequest(uri);
        if (!options.subprotocols().isEmpty()) {
            request.setSubProtocols(options.subprotocols());
        }
        options.headers().forEach(request::setHeader);
        request.setTimeout(options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        return client.connect(listener, request);
    }

    /** @return a stream, not started yet, that dials {@code uri} with these clients and runs on their threads */
    ClientStream newStream(URI uri, ClientOptions options) {
        return new ClientStream(uri, options, listener -> dial(uri, options, listener), timer, signals, codec);
    }

    private WebSocketClient clientFor(Trust trust) {
        if (stopped) {
            throw new IllegalStateException("the wsstream client bundle is stopping");
        }
        return clients.computeIfAbsent(trust, JettyClients::start);
    }

    private static WebSocketClient start(Trust trust) {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("wsstream-client-jetty" + (trust.isDefault() ? "" : "-" + Integer.toHexString(trust.hashCode())));
        threads.setDaemon(true);
        ClientConnector connector = new ClientConnector();
        connector.setSslContextFactory(trust.sslContextFactory());
        HttpClient http = new HttpClient(new HttpClientTransportOverHTTP(connector));
        http.setExecutor(threads);
        WebSocketClient client = new WebSocketClient(http);
        client.setStopAtShutdown(false);
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start a Jetty websocket client (" + trust + "): " + e.getMessage(), e);
        }
        LOG.debug("started a Jetty websocket client for {}", trust);
        return client;
    }

    /** The TLS trust of a connection: the part of the options that needs its own Jetty client. */
    private record Trust(String trustStore, String password, String type, boolean trustAll) {
        static Trust of(ClientOptions options) {
            return new Trust(options.trustStore().map(path -> path.toAbsolutePath().toString()).orElse(null),
                    options.trustStorePassword(), options.trustStoreType(), options.insecureTrustAll());
        }

        boolean isDefault() {
            return trustStore == null && !trustAll;
        }

        SslContextFactory.Client sslContextFactory() {
            SslContextFactory.Client ssl = new SslContextFactory.Client(trustAll);
            if (trustAll) {
                ssl.setEndpointIdentificationAlgorithm(null);
            } else if (trustStore != null) {
                ssl.setTrustStorePath(trustStore);
                ssl.setTrustStorePassword(password);
                ssl.setTrustStoreType(type);
            }
            return ssl;
        }

        /** Never the password. */
        @Override
        public String toString() {
            return trustAll ? "trust all (insecure)" : trustStore != null ? "trust store " + trustStore : "default trust";
        }
    }
}
