package io.wsstream.itest;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javax.inject.Inject;
import javax.net.ssl.SSLException;

import io.wsstream.api.CloseCodes;
import io.wsstream.api.Message;
import io.wsstream.api.PullStreamEndpoint;
import io.wsstream.api.StreamClosedException;
import io.wsstream.api.StreamHandler;
import io.wsstream.api.WebsocketServerPullStream;
import io.wsstream.api.WebsocketServerStream;
import io.wsstream.api.WebsocketServerStreamFactory;
import io.wsstream.api.client.ClientOptions;
import io.wsstream.api.client.ReconnectPolicy;
import io.wsstream.api.client.WebsocketClientStream;
import io.wsstream.api.client.WebsocketClientStreamFactory;
import io.wsstream.api.client.WebsocketHandshakeException;
import io.wsstream.api.runtime.WebsocketServerRuntime;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.ServiceReference;

/**
 * The client bundle: client streams against our server (push and pull endpoints) and against a plain Jetty
 * server in the same container; pull-style demand, handshake failures, timeouts, reconnection, and the
 * bundle-scoped factory closing its streams when released.
 */
public class ClientStreamIT extends WsstreamTestSupport {

    @Inject
    private WebsocketServerStreamFactory endpoints;

    /** Taken per test and released after it, so that one test can watch the release close its streams. */
    private ServiceReference<WebsocketClientStreamFactory> clientsRef;
    private WebsocketClientStreamFactory clients;
    private final List<WebsocketClientStream> opened = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> resources = new CopyOnWriteArrayList<>();

    @Override
    protected Option[] additionalOptions() {
        return new Option[] {clientBundles()};
    }

    @Before
    public void takeTheFactory() {
        awaitService(WebsocketClientStreamFactory.class, null, TIMEOUT);
        clientsRef = context.getServiceReference(WebsocketClientStreamFactory.class);
        clients = context.getService(clientsRef);
    }

    @After
    public void closeAndRelease() {
        for (WebsocketClientStream stream : opened) {
            if (stream.isOpen()) {
                stream.close(CloseCodes.NORMAL, "test over");
            }
        }
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                // best effort
            }
        }
        context.ungetService(clientsRef);
    }

    // ---------------------------------------------------------------- against our server

    @Test
    public void textBinaryAndJsonRoundTripThroughOurServer() throws Exception {
        serve("/client/echo", StreamLifecycleIT.ECHO);
        WebsocketClientStream stream = open(uri("/client/echo"), ClientOptions.defaults());
        assertTrue(stream.isOpen());

        get(stream.sendText("héllo ✓"));
        assertEquals("héllo ✓", get(stream.receive()).text());

        byte[] bytes = pattern(70_000, 7);
        get(stream.sendBinary(ByteBuffer.wrap(bytes)));
        Message binary = get(stream.receive());
        assertFalse(binary.isText());
        assertArrayEquals(bytes, toArray(binary.bytes()));

        get(stream.send(Map.of("n", 3, "x", 0.5)));
        Map<String, Object> dict = get(stream.receive()).asMap();
        assertEquals(3L, dict.get("n"));
        assertEquals(0.5, dict.get("x"));

        await("server stream listed", () -> streams.streams("/client/echo").size() == 1);
        get(stream.close(CloseCodes.NORMAL, "done"));
        await("server stream gone", () -> streams.streams("/client/echo").isEmpty());
        assertFalse(stream.isOpen());
        assertClosed(stream.sendText("late"));
    }

    @Test
    public void bothEndsPullFromEachOther() throws Exception {
        PullStreamEndpoint endpoint = endpoints.open("/client/pull", 4);
        resources.add(endpoint);
        WebsocketClientStream client = open(uri("/client/pull"), ClientOptions.defaults());
        WebsocketServerPullStream server = get(endpoint.accept());

        get(client.sendText("ping"));
        assertEquals("ping", get(server.receive()).text());
        get(server.sendText("pong"));
        assertEquals("pong", get(client.receive()).text());

        get(server.close(4001, "application says bye"));
        StreamClosedException closed = failure(client.receive(), StreamClosedException.class);
        assertEquals(4001, closed.code());
        assertEquals("application says bye", closed.reason());
        await("client sees the close", () -> !client.isOpen());
    }

    @Test
    public void headersReachTheServer() throws Exception {
        AtomicReference<WebsocketServerStream> seen = new AtomicReference<>();
        serve("/client/headers", new StreamHandler() {
            @Override
            public void onOpen(WebsocketServerStream stream) {
                seen.set(stream);
            }

            @Override
            public void onMessage(WebsocketServerStream stream, Message message) {}
        });
        open(uri("/client/headers"), ClientOptions.builder().header("X-Test", "one").header("X-Test", "two").build());
        await("server stream open", () -> seen.get() != null);
        // Jetty's client sends a repeated header as one line of comma-separated values: the same in HTTP.
        assertEquals("one,two", String.join(",", seen.get().info().headers().get("x-test")).replace(" ", ""));
    }

    /**
     * With no demand nothing is read: the server's sends stall once the socket buffers are full, and resume
     * when the client requests.
     */
    @Test
    public void withheldDemandStopsTheNetworkReads() throws Exception {
        PullStreamEndpoint endpoint = endpoints.open("/client/demand", 4);
        resources.add(endpoint);
        WebsocketClientStream client = open(uri("/client/demand"), ClientOptions.defaults());
        WebsocketServerPullStream server = get(endpoint.accept());

        int count = 128;
        int size = 512 * 1024;
        AtomicInteger written = new AtomicInteger();
        CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < count; i++) {
                ByteBuffer message = ByteBuffer.allocate(size);
                message.putInt(0, i);
                server.sendBinary(message).toCompletableFuture().join();
                written.incrementAndGet();
            }
        });
        int[] last = {-1};
        await("the server's sends stall").pollInterval(Duration.ofMillis(300)).until(() -> {
            int now = written.get();
            boolean stalled = now == last[0];
            last[0] = now;
            return stalled;
        });
        int stalledAt = written.get();
        assertTrue("sends went on without demand: " + stalledAt, stalledAt < count);

        List<Integer> order = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> all = new CompletableFuture<>();
        client.messages().subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(Message message) {
                order.add(message.bytes().getInt(0));
                if (order.size() == count) {
                    all.complete(null);
                }
            }

            @Override
            public void onError(Throwable failure) {
                all.completeExceptionally(failure);
            }

            @Override
            public void onComplete() {}
        });
        all.get(30, TimeUnit.SECONDS);
        sending.get(10, TimeUnit.SECONDS);
        for (int i = 0; i < count; i++) {
            assertEquals(i, (int) order.get(i));
        }
    }

    // ---------------------------------------------------------------- failures

    @Test
    public void refusedHandshakeFailsWithItsStatus() {
        WebsocketHandshakeException refused = failure(clients.connect(uri("/client/nobody-here"), ClientOptions.defaults()),
            WebsocketHandshakeException.class);
        assertEquals(404, refused.status());
    }

    @Test
    public void silentServerTimesOut() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            TimeoutException timedOut = failure(clients.connect(URI.create("ws://127.0.0.1:" + silent.getLocalPort() + "/x"),
                ClientOptions.builder().connectTimeout(Duration.ofMillis(500)).build()), TimeoutException.class);
            assertTrue("the configured timeout applied: " + timedOut.getMessage(), timedOut.getMessage().contains("500 ms elapsed"));
        }
    }

    @Test
    public void unreachableServerFailsWithAnIoException() throws Exception {
        failure(clients.connect(URI.create("ws://127.0.0.1:" + closedPort() + "/x"), ClientOptions.defaults()), IOException.class);
    }

    @Test
    public void invalidUriIsRefusedAtOnce() {
        try {
            clients.connect(URI.create("http://127.0.0.1/x"), ClientOptions.defaults());
            fail("http: accepted");
        } catch (IllegalArgumentException expected) {
            // fine
        }
    }

    // ---------------------------------------------------------------- reconnection

    @Test
    public void droppedConnectionIsReplacedAndTheReceiverCarriesOver() throws Exception {
        PullStreamEndpoint endpoint = endpoints.open("/client/reconnect", 4);
        resources.add(endpoint);
        ClientOptions options = ClientOptions.builder()
            .reconnect(ReconnectPolicy.exponential(Duration.ofMillis(50), Duration.ofMillis(400)).withMaxAttempts(20))
            .build();
        WebsocketClientStream client = open(uri("/client/reconnect"), options);
        WebsocketServerPullStream first = get(endpoint.accept());
        client.attributes().put("kept", "yes");

        CompletionStage<Message> pending = client.receive();
        CompletionStage<WebsocketServerPullStream> next = endpoint.accept();
        get(first.close(CloseCodes.SERVICE_RESTART, "restarting"));

        WebsocketServerPullStream second = get(next);
        await("client open again", client::isOpen);
        get(second.sendText("after the restart"));
        assertEquals("after the restart", get(pending).text());
        get(client.sendText("me too"));
        assertEquals("me too", get(second.receive()).text());
        assertEquals("yes", client.attributes().get("kept"));
    }

    @Test
    public void normalCloseIsNotReconnected() throws Exception {
        PullStreamEndpoint endpoint = endpoints.open("/client/no-reconnect", 4);
        resources.add(endpoint);
        ClientOptions options = ClientOptions.builder()
            .reconnect(ReconnectPolicy.exponential(Duration.ofMillis(50), Duration.ofMillis(400)))
            .build();
        WebsocketClientStream client = open(uri("/client/no-reconnect"), options);
        WebsocketServerPullStream server = get(endpoint.accept());
        CompletionStage<Message> pending = client.receive();
        get(server.close(CloseCodes.NORMAL, "finished"));
        assertEquals(CloseCodes.NORMAL, failure(pending, StreamClosedException.class).code());
        assertFalse(client.isOpen());
    }

    @Test
    public void connectRetriesUntilThePathIsServed() throws Exception {
        ClientOptions options = ClientOptions.builder()
            .reconnect(ReconnectPolicy.exponential(Duration.ofMillis(50), Duration.ofMillis(200)).withMaxAttempts(100))
            .build();
        CompletionStage<WebsocketClientStream> connecting = clients.connect(uri("/client/later"), options);
        serve("/client/later", StreamLifecycleIT.ECHO);
        WebsocketClientStream stream = track(get(connecting));
        get(stream.sendText("finally"));
        assertEquals("finally", get(stream.receive()).text());
    }

    @Test
    public void retriesRunOut() throws Exception {
        ClientOptions options = ClientOptions.builder()
            .reconnect(ReconnectPolicy.exponential(Duration.ofMillis(20), Duration.ofMillis(40)).withMaxAttempts(2))
            .build();
        failure(clients.connect(URI.create("ws://127.0.0.1:" + closedPort() + "/x"), options), IOException.class);
    }

    // ---------------------------------------------------------------- bundle scope

    @Test
    public void releasingTheFactoryClosesTheBundlesStreamsWith1001() throws Exception {
        PullStreamEndpoint endpoint = endpoints.open("/client/release", 4);
        resources.add(endpoint);
        WebsocketClientStream client = open(uri("/client/release"), ClientOptions.defaults());
        WebsocketServerPullStream server = get(endpoint.accept());
        CompletionStage<Message> serverReceive = server.receive();

        // What the framework does when the bundle that got the service stops.
        assertTrue(context.ungetService(clientsRef));

        assertEquals(CloseCodes.GOING_AWAY, failureOrCompletion(serverReceive));
        assertFalse(client.isOpen());
        clients = context.getService(clientsRef); // for closeAndRelease()
    }

    // ---------------------------------------------------------------- against plain Jetty

    /** A plain Jetty 12 server with Jetty's own websocket echo endpoint, started inside the container. */
    @Test
    public void clientTalksToAPlainJettyServer() throws Exception {
        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        jetty.setHandler(WebSocketUpgradeHandler.from(jetty, container -> {
            container.setMaxBinaryMessageSize(1024 * 1024);
            container.addMapping("/plain", (request, response, callback) -> new JettyEcho());
        }));
        jetty.start();
        resources.add(jetty::stop);

        WebsocketClientStream stream = open(URI.create("ws://127.0.0.1:" + connector.getLocalPort() + "/plain"), ClientOptions.defaults());
        get(stream.sendText("to jetty"));
        assertEquals("echo:to jetty", get(stream.receive()).text());
        byte[] bytes = pattern(200_000, 3);
        get(stream.sendBinary(ByteBuffer.wrap(bytes)));
        assertArrayEquals(bytes, toArray(get(stream.receive()).bytes()));
        get(stream.sendText("close please"));
        StreamClosedException closed = failure(stream.receive(), StreamClosedException.class);
        assertEquals(4000, closed.code());
        assertEquals("as you wish", closed.reason());
    }

    /** Jetty's own listener style: auto-demanding, echoes, closes with 4000 on request. */
    public static final class JettyEcho implements Session.Listener.AutoDemanding {
        private Session session;

        @Override
        public void onWebSocketOpen(Session opened) {
            session = opened;
        }

        @Override
        public void onWebSocketText(String text) {
            if (text.equals("close please")) {
                session.close(4000, "as you wish", Callback.NOOP);
            } else {
                session.sendText("echo:" + text, Callback.NOOP);
            }
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            ByteBuffer copy = ByteBuffer.allocate(payload.remaining());
            copy.put(payload).flip();
            callback.succeed();
            session.sendBinary(copy, Callback.NOOP);
        }
    }

    @Test
    public void wssTrustsTheGivenStoreOrEverythingWhenAskedAndNothingUnknownByDefault() throws Exception {
        TestKeystores.Keystore keystore = TestKeystores.create("PKCS12");
        WebsocketServerRuntime tls = servers().start("client-tls", Map.of("tls.keystore.path", keystore.path().toString(),
            "tls.keystore.type", keystore.type(), "tls.keystore.password", TestKeystores.PASSWORD));
        serve("/client/tls", StreamLifecycleIT.ECHO);
        URI secure = tls.uri("/client/tls");
        assertTrue(secure.toString(), secure.getScheme().equals("wss"));

        WebsocketClientStream trusting = open(secure, ClientOptions.builder()
            .trustStore(keystore.path(), TestKeystores.PASSWORD, keystore.type()).build());
        get(trusting.sendText("over TLS"));
        assertEquals("over TLS", get(trusting.receive()).text());

        WebsocketClientStream trustingAll = open(secure, ClientOptions.builder().insecureTrustAll().build());
        get(trustingAll.sendText("trusting anything"));
        assertEquals("trusting anything", get(trustingAll.receive()).text());

        Throwable refused = failure(clients.connect(secure, ClientOptions.defaults()), Exception.class);
        boolean tlsFailure = false;
        for (Throwable cause = refused; cause != null; cause = cause.getCause()) {
            tlsFailure |= cause instanceof SSLException;
        }
        assertTrue("the JVM's default trust does not know the test certificate: " + refused, tlsFailure);
    }

    // ---------------------------------------------------------------- helpers

    private WebsocketClientStream open(URI uri, ClientOptions options) throws Exception {
        return track(get(clients.connect(uri, options)));
    }

    private WebsocketClientStream track(WebsocketClientStream stream) {
        opened.add(stream);
        return stream;
    }

    static <T> T get(CompletionStage<T> stage) throws Exception {
        try {
            return stage.toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception) {
                throw (Exception) e.getCause();
            }
            throw e;
        }
    }

    /** Waits for the stage to fail and returns the failure, which must be of the type. */
    static <E extends Throwable> E failure(CompletionStage<?> stage, Class<E> type) {
        try {
            Object value = stage.toCompletableFuture().get(TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
            throw new AssertionError("expected " + type.getSimpleName() + ", got the value " + value);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (!type.isInstance(cause)) {
                throw new AssertionError("expected " + type.getSimpleName() + ", got " + cause, cause);
            }
            return type.cast(cause);
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("the stage did not fail in time", e);
        }
    }

    /** @return the close code with which a receive() ended */
    private static int failureOrCompletion(CompletionStage<Message> receive) {
        return failure(receive, StreamClosedException.class).code();
    }

    private static void assertClosed(CompletionStage<Void> send) {
        assertNotNull(failure(send, StreamClosedException.class));
    }

    /** @return a port nothing listens on (bound, then released) */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        }
    }

    static byte[] pattern(int size, int seed) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + seed);
        }
        return bytes;
    }

    static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
