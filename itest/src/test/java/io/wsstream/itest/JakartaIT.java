package io.wsstream.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;

import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.inject.Inject;

import jakarta.websocket.DecodeException;
import jakarta.websocket.Decoder;
import jakarta.websocket.Encoder;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;

import io.wsstream.api.CloseCodes;
import io.wsstream.api.Message;
import io.wsstream.api.StreamHandler;
import io.wsstream.api.WebsocketConstants;
import io.wsstream.api.WebsocketServerStream;
import io.wsstream.api.authentication.AuthenticationResult;
import io.wsstream.api.authentication.StreamAuthenticator;
import io.wsstream.api.runtime.WebsocketServerRuntime;
import io.wsstream.api.runtime.dto.DTOConstants;
import io.wsstream.api.runtime.dto.FailedHandlerDTO;
import io.wsstream.api.runtime.dto.HandlerDTO;
import io.wsstream.api.runtime.dto.RefusalReasons;
import io.wsstream.api.runtime.dto.ServerDTO;
import io.wsstream.itest.support.TestSocket;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.Test;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.PrototypeServiceFactory;
import org.osgi.framework.ServiceFactory;
import org.osgi.framework.ServiceRegistration;

/**
 * Jakarta WebSocket endpoint services (the OSGi Jakarta WebSocket Whiteboard draft's properties, and Pax Web's)
 * served by wsstream's routing through Jetty's ee11 implementation, with a real client: annotated and
 * programmatic endpoints, path parameters, encoders and decoders, removal touching nobody else, and one
 * routing table shared with wsstream handlers.
 */
public class JakartaIT extends WsstreamTestSupport {
    private static final String IMPLEMENTOR = "osgi.jakarta.websocket.endpoint.implementor";
    private static final String ENDPOINT_PATH = "osgi.jakarta.websocket.endpoint.path";
    private static final String PAX_WEB = "org.ops4j.pax.web.http.whiteboard.websocket";

    @Inject
    private CommandProcessor commands;

    @Override
    protected Option[] additionalOptions() {
        return new Option[] {jakartaBundles(), mavenBundle("org.apache.felix", "org.apache.felix.gogo.runtime").versionAsInProject()};
    }

    /** The jakarta bundle and what it needs beyond {@link #jetty()}: Jetty's ee11 servlet and Jakarta WebSocket. */
    static Option jakartaBundles() {
        return composite(
            mavenBundle("jakarta.servlet", "jakarta.servlet-api").versionAsInProject(),
            mavenBundle("jakarta.websocket", "jakarta.websocket-client-api").versionAsInProject(),
            mavenBundle("jakarta.websocket", "jakarta.websocket-api").versionAsInProject(),
            mavenBundle("org.eclipse.jetty.compression", "jetty-compression-common").versionAsInProject(),
            mavenBundle("org.eclipse.jetty", "jetty-alpn-client").versionAsInProject(),
            mavenBundle("org.eclipse.jetty", "jetty-client").versionAsInProject(),
            mavenBundle("org.eclipse.jetty", "jetty-security").versionAsInProject(),
            mavenBundle("org.eclipse.jetty", "jetty-session").versionAsInProject(),
            mavenBundle("org.eclipse.jetty", "jetty-xml").versionAsInProject(),
            mavenBundle("org.eclipse.jetty.websocket", "jetty-websocket-core-client").versionAsInProject(),
            mavenBundle("org.eclipse.jetty.ee", "jetty-ee-webapp").versionAsInProject(),
            mavenBundle("org.eclipse.jetty.ee11", "jetty-ee11-servlet").versionAsInProject(),
            mavenBundle("org.eclipse.jetty.ee11", "jetty-ee11-webapp").versionAsInProject(),
            mavenBundle("org.eclipse.jetty.ee11.websocket", "jetty-ee11-websocket-servlet").versionAsInProject(),
            mavenBundle("org.eclipse.jetty.ee11.websocket", "jetty-ee11-websocket-jakarta-common").versionAsInProject(),
            mavenBundle("org.eclipse.jetty.ee11.websocket", "jetty-ee11-websocket-jakarta-client").versionAsInProject(),
            mavenBundle("org.eclipse.jetty.ee11.websocket", "jetty-ee11-websocket-jakarta-server").versionAsInProject(),
            bundle(jarUrl("wsstream.jakarta.jar", "jakarta-bundle")));
    }

    // ---------------------------------------------------------------- endpoints

    @ServerEndpoint("/jakarta/echo")
    public static class AnnotatedEcho {
        @OnMessage
        public String echo(String message) {
            return message;
        }
    }

    public static class ProgrammaticEcho extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.addMessageHandler(String.class, text -> session.getAsyncRemote().sendText("programmatic " + text));
        }
    }

    @ServerEndpoint("/jakarta/rooms/{room}")
    public static class Room {
        @OnMessage
        public String say(@PathParam("room") String room, String message) {
            return room + ": " + message;
        }
    }

    public record Point(int x, int y) {}

    public static class PointDecoder implements Decoder.Text<Point> {
        @Override
        public Point decode(String text) throws DecodeException {
            String[] parts = text.split(",");
            return new Point(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
        }

        @Override
        public boolean willDecode(String text) {
            return text.matches("\\s*-?\\d+\\s*,\\s*-?\\d+\\s*");
        }
    }

    public static class PointEncoder implements Encoder.Text<Point> {
        @Override
        public String encode(Point point) {
            return "(" + point.x() + "|" + point.y() + ")";
        }
    }

    @ServerEndpoint(value = "/jakarta/points", decoders = PointDecoder.class, encoders = PointEncoder.class)
    public static class Mirror {
        @OnMessage
        public Point mirror(Point point) {
            return new Point(point.y(), point.x());
        }
    }

    /** Greets with the principal wsstream's authenticators found. */
    @ServerEndpoint("/jakarta/whoami")
    public static class WhoAmI {
        @OnOpen
        public void greet(Session session) {
            session.getAsyncRemote().sendText(session.getUserPrincipal() == null ? "nobody" : session.getUserPrincipal().getName());
        }
    }

    /** Counts the messages its own instance saw: one instance per session when the service is prototype-scoped. */
    @ServerEndpoint("/jakarta/counter")
    public static class Counter {
        private int count;

        @OnMessage
        public String count(String message) {
            return Integer.toString(++count);
        }
    }

    /** Puts a request header into the session's user properties. */
    public static class AgentConfigurator extends ServerEndpointConfig.Configurator {
        @Override
        public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
            config.getUserProperties().put("agent", request.getHeaders().getOrDefault("X-Agent", List.of("none")).get(0));
        }
    }

    /** Has its own configurator; greets with the greeting of the instance that serves the session. */
    @ServerEndpoint(value = "/jakarta/configured", configurator = AgentConfigurator.class)
    public static class Configured {
        private final String greeting;

        public Configured() {
            this("an instance Jetty made");
        }

        public Configured(String greeting) {
            this.greeting = greeting;
        }

        @OnOpen
        public void greet(Session session) {
            session.getAsyncRemote().sendText(greeting + " for " + session.getUserProperties().get("agent"));
        }
    }

    /** Lets a test hold a handshake that carries {@code X-Hold} in the middle of its upgrade, before the 101. */
    public static class HoldingConfigurator extends ServerEndpointConfig.Configurator {
        static final CountDownLatch HELD = new CountDownLatch(1);
        static final CountDownLatch RELEASE = new CountDownLatch(1);

        @Override
        public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
            if (request.getHeaders().containsKey("X-Hold")) {
                HELD.countDown();
                try {
                    RELEASE.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @ServerEndpoint(value = "/jakarta/held", configurator = HoldingConfigurator.class)
    public static class Held {
        @OnMessage
        public String echo(String message) {
            return message;
        }

        @OnError
        public void failed(Throwable vanishedClient) {
            // the test's client resets the connection: expected
        }
    }

    /** A wsstream handler answering with its name, to tell who serves a path. */
    private static StreamHandler named(String name) {
        return new StreamHandler() {
            @Override
            public void onMessage(WebsocketServerStream stream, Message message) {
                stream.sendText(name + " " + message.text());
            }
        };
    }

    private ServiceRegistration<Object> endpoint(Object endpoint, Map<String, ?> properties) {
        return registerService(Object.class, endpoint, properties);
    }

    /** Waits until the endpoint on the path is served (its DTO names the service the jakarta bundle registered for it). */
    private HandlerDTO awaitJakartaServed(String path) {
        return await("Jakarta endpoint on " + path).until(() -> handlerDTO(path), Optional::isPresent).get();
    }

    private static String echoed(TestSocket socket, String text) {
        socket.sendText(text);
        return socket.nextText();
    }

    // ---------------------------------------------------------------- tests

    @Test
    public void anAnnotatedAndAProgrammaticEndpointEcho() {
        endpoint(new AnnotatedEcho(), Map.of(IMPLEMENTOR, true));
        endpoint(new ProgrammaticEcho(), Map.of(IMPLEMENTOR, true, ENDPOINT_PATH, "/jakarta/programmatic"));
        awaitJakartaServed("/jakarta/echo");
        awaitJakartaServed("/jakarta/programmatic");

        assertEquals("hello", echoed(connect("/jakarta/echo"), "hello"));
        assertEquals("programmatic hello", echoed(connect("/jakarta/programmatic"), "hello"));
    }

    @Test
    public void paxWebsPropertyServesAnEndpointUnchanged() {
        endpoint(new AnnotatedEcho(), Map.of(PAX_WEB, "true", ENDPOINT_PATH, "/jakarta/pax"));
        awaitJakartaServed("/jakarta/pax");

        assertEquals("pax", echoed(connect("/jakarta/pax"), "pax"));
    }

    @Test
    public void aPathParameterIsBound() {
        endpoint(new Room(), Map.of(IMPLEMENTOR, true));
        awaitJakartaServed("/jakarta/rooms/{room}");

        assertEquals("lobby: hi", echoed(connect("/jakarta/rooms/lobby"), "hi"));
        assertEquals("7: hi", echoed(connect("/jakarta/rooms/7"), "hi"));
        assertEquals(404, handshakeStatus("/jakarta/rooms/7/more"));
    }

    @Test
    public void theAnnotationsDecoderAndEncoderAreUsed() {
        endpoint(new Mirror(), Map.of(IMPLEMENTOR, true));
        awaitJakartaServed("/jakarta/points");

        assertEquals("(4|3)", echoed(connect("/jakarta/points"), "3, 4"));
    }

    @Test
    public void aLeavingEndpointClosesOnlyItsOwnSessionsWith1001() {
        ServiceRegistration<Object> leaving = endpoint(new AnnotatedEcho(), Map.of(IMPLEMENTOR, true, ENDPOINT_PATH, "/jakarta/leaving"));
        endpoint(new AnnotatedEcho(), Map.of(IMPLEMENTOR, true, ENDPOINT_PATH, "/jakarta/staying"));
        serve("/jakarta/wsstream", named("wsstream"));
        awaitJakartaServed("/jakarta/leaving");
        awaitJakartaServed("/jakarta/staying");
        TestSocket toLeaving = connect("/jakarta/leaving");
        TestSocket toStaying = connect("/jakarta/staying");
        TestSocket toWsstream = connect("/jakarta/wsstream");
        assertEquals("before", echoed(toLeaving, "before"));
        assertEquals("before", echoed(toStaying, "before"));
        assertEquals("wsstream before", echoed(toWsstream, "before"));

        leaving.unregister();

        assertEquals(CloseCodes.GOING_AWAY, toLeaving.awaitClose().code());
        assertEquals("after", echoed(toStaying, "after"));
        assertEquals("wsstream after", echoed(toWsstream, "after"));
        assertTrue(!toStaying.isClosed() && !toWsstream.isClosed());
        assertEquals(404, handshakeStatus("/jakarta/leaving"));
    }

    @Test
    public void aJakartaEndpointAndAWsstreamHandlerShareOneRoutingTable() {
        ServiceRegistration<StreamHandler> handler = serve(named("wsstream"), Map.of(WebsocketConstants.PATH, "/jakarta/shared"));
        ServiceRegistration<Object> jakarta = endpoint(new AnnotatedEcho(),
            Map.of(IMPLEMENTOR, true, ENDPOINT_PATH, "/jakarta/shared", Constants.SERVICE_RANKING, 10));
        await("the Jakarta endpoint wins /jakarta/shared").until(() -> isRefused("/jakarta/shared", DTOConstants.FAILURE_REASON_SHADOWED));

        assertEquals("hi", echoed(connect("/jakarta/shared"), "hi"));
        FailedHandlerDTO shadowed = awaitFailed(handler);
        assertEquals(DTOConstants.FAILURE_REASON_SHADOWED, shadowed.failureReason);

        jakarta.unregister();
        awaitServed(handler);
        assertEquals("wsstream hi", echoed(connect("/jakarta/shared"), "hi"));

        ServiceRegistration<Object> lower = endpoint(new AnnotatedEcho(),
            Map.of(IMPLEMENTOR, true, ENDPOINT_PATH, "/jakarta/shared", Constants.SERVICE_RANKING, -10));
        await("the Jakarta endpoint is shadowed").until(() -> Arrays.stream(streams.getWhiteboardDTO().failedHandlerDTOs)
            .anyMatch(f -> "/jakarta/shared".equals(f.path) && f.serviceId != serviceId(handler)
                && f.failureReason == DTOConstants.FAILURE_REASON_SHADOWED));
        assertEquals("wsstream hi", echoed(connect("/jakarta/shared"), "hi"));
        lower.unregister();
    }

    @Test
    public void aJakartaHandshakeIsAdmittedLikeAWsstreamOne() {
        WebsocketServerRuntime limited = servers().start("limited", Map.of("max.connections", 1));
        registerService(StreamAuthenticator.class, request -> request.header("X-Ban").isPresent()
            ? AuthenticationResult.refuse(AuthenticationResult.FORBIDDEN, "banned")
            : AuthenticationResult.accept(() -> request.header("X-User").orElse("anonymous")),
            Map.of(WebsocketConstants.TARGET, "(" + WebsocketConstants.SERVER_NAME + "=limited)"));
        endpoint(new WhoAmI(), Map.of(IMPLEMENTOR, true));
        awaitJakartaServed("/jakarta/whoami");
        URI whoami = limited.uri("/jakarta/whoami");

        assertEquals(403, TestSocket.handshakeStatus(whoami, options -> options.origin("https://evil.example")));
        assertEquals(403, TestSocket.handshakeStatus(whoami, options -> options.header("X-Ban", "yes")));
        TestSocket holder = connect(whoami, options -> options.header("X-User", "alice"));
        assertEquals("alice", holder.nextText());
        assertEquals(503, TestSocket.handshakeStatus(whoami));

        holder.close();
        await("the closed Jakarta session gave its place back").until(() -> TestSocket.handshakeStatus(whoami) == 101);
        ServerDTO counted = servers().dto("limited");
        assertEquals(1, refusals(counted, RefusalReasons.ORIGIN));
        assertEquals(1, refusals(counted, RefusalReasons.FORBIDDEN));
        assertTrue(refusals(counted, RefusalReasons.CONNECTION_LIMIT) >= 1);
    }

    @Test
    public void aPrototypeScopedEndpointHasOneInstancePerSession() {
        AtomicInteger made = new AtomicInteger();
        AtomicInteger released = new AtomicInteger();
        registerService(Object.class, new PrototypeServiceFactory<Object>() {
            @Override
            public Object getService(Bundle bundle, ServiceRegistration<Object> registration) {
                made.incrementAndGet();
                return new Counter();
            }

            @Override
            public void ungetService(Bundle bundle, ServiceRegistration<Object> registration, Object service) {
                released.incrementAndGet();
            }
        }, Map.of(IMPLEMENTOR, true));
        awaitJakartaServed("/jakarta/counter");
        int madeBefore = made.get();
        TestSocket first = connect("/jakarta/counter");
        TestSocket second = connect("/jakarta/counter");

        assertEquals("1", echoed(first, "a"));
        assertEquals("2", echoed(first, "b"));
        assertEquals("1", echoed(second, "a"));
        assertEquals(2, made.get() - madeBefore);

        int releasedBefore = released.get();
        first.close();
        second.close();
        await("both session instances given back").until(() -> released.get() - releasedBefore == 2);
    }

    @Test
    public void thePathPropertyOverridesTheAnnotationAndPathParamsStillBind() {
        endpoint(new Room(), Map.of(IMPLEMENTOR, true, ENDPOINT_PATH, "/jakarta/chat/{room}/live"));
        awaitJakartaServed("/jakarta/chat/{room}/live");

        assertEquals("lobby: hi", echoed(connect("/jakarta/chat/lobby/live"), "hi"));
        assertEquals(404, handshakeStatus("/jakarta/rooms/lobby"));
    }

    @Test
    public void anAnnotationsOwnConfiguratorRunsAndTheServicesInstanceServes() {
        endpoint(new Configured("the service's instance"), Map.of(IMPLEMENTOR, true));
        awaitJakartaServed("/jakarta/configured");

        TestSocket socket = connect("/jakarta/configured", options -> options.header("X-Agent", "tester"));
        assertEquals("the service's instance for tester", socket.nextText());
    }

    @Test
    public void endpointsThatCannotBeServedAreListedAsFailedWithTheReason() {
        endpoint("not an endpoint", Map.of(IMPLEMENTOR, true, ENDPOINT_PATH, "/jakarta/invalid"));
        registerService(Object.class, new ServiceFactory<Object>() {
            @Override
            public Object getService(Bundle bundle, ServiceRegistration<Object> registration) {
                return null;
            }

            @Override
            public void ungetService(Bundle bundle, ServiceRegistration<Object> registration, Object service) {}
        }, Map.of(IMPLEMENTOR, true, ENDPOINT_PATH, "/jakarta/nothing"));

        FailedHandlerDTO invalid = awaitFailedOn("/jakarta/invalid");
        assertEquals(DTOConstants.FAILURE_REASON_VALIDATION_FAILED, invalid.failureReason);
        assertTrue(invalid.failureMessage, invalid.failureMessage.contains("neither annotated with @ServerEndpoint"));
        FailedHandlerDTO nothing = awaitFailedOn("/jakarta/nothing");
        assertEquals(DTOConstants.FAILURE_REASON_SERVICE_NOT_GETTABLE, nothing.failureReason);
        assertEquals(404, handshakeStatus("/jakarta/invalid"));
        assertEquals(404, handshakeStatus("/jakarta/nothing"));
    }

    /** The grace is read as for wsstream handlers: a number of milliseconds, never a text or a negative number. */
    @Test
    public void anEndpointWithACloseGraceThatIsNoNumberOfMillisecondsIsRefusedWithTheReason() {
        endpoint(new AnnotatedEcho(), Map.of(IMPLEMENTOR, true, ENDPOINT_PATH, "/jakarta/grace-text",
            WebsocketConstants.CLOSE_GRACE_MILLIS, "soon"));
        endpoint(new AnnotatedEcho(), Map.of(IMPLEMENTOR, true, ENDPOINT_PATH, "/jakarta/grace-negative",
            WebsocketConstants.CLOSE_GRACE_MILLIS, -1L));

        for (String path : List.of("/jakarta/grace-text", "/jakarta/grace-negative")) {
            FailedHandlerDTO refused = awaitFailedOn(path);
            assertEquals(path, DTOConstants.FAILURE_REASON_VALIDATION_FAILED, refused.failureReason);
            assertTrue(refused.failureMessage, refused.failureMessage.contains(WebsocketConstants.CLOSE_GRACE_MILLIS));
            assertEquals(404, handshakeStatus(path));
        }
    }

    private FailedHandlerDTO awaitFailedOn(String path) {
        return await("a failed handler on " + path).until(() -> {
            FailedHandlerDTO[] failed = streams.getWhiteboardDTO().failedHandlerDTOs;
            return failed == null ? Optional.<FailedHandlerDTO>empty() : Arrays.stream(failed).filter(f -> path.equals(f.path)).findFirst();
        }, Optional::isPresent).get();
    }

    @Test
    public void endpointsComingAndGoingLoseNothingOfAnotherEndpointsTraffic() {
        endpoint(new AnnotatedEcho(), Map.of(IMPLEMENTOR, true, ENDPOINT_PATH, "/jakarta/busy"));
        awaitJakartaServed("/jakarta/busy");
        TestSocket busy = connect("/jakarta/busy");
        int messages = 400;

        for (int i = 0; i < messages; i++) {
            busy.sendText("m" + i);
            if (i % 40 == 0) {
                ServiceRegistration<Object> passing = endpoint(new ProgrammaticEcho(),
                    Map.of(IMPLEMENTOR, true, ENDPOINT_PATH, "/jakarta/passing"));
                awaitJakartaServed("/jakarta/passing");
                TestSocket visitor = connect("/jakarta/passing");
                passing.unregister();
                assertEquals(CloseCodes.GOING_AWAY, visitor.awaitClose().code());
            }
        }

        List<String> echoes = busy.nextTexts(messages);
        for (int i = 0; i < messages; i++) {
            assertEquals("m" + i, echoes.get(i));
        }
        assertTrue(!busy.isClosed());
    }

    @Test
    public void wsstreamTargetChoosesTheServersOfAnEndpoint() {
        WebsocketServerRuntime second = servers().start("second", Map.of());
        endpoint(new AnnotatedEcho(), Map.of(IMPLEMENTOR, true, ENDPOINT_PATH, "/jakarta/targeted",
            WebsocketConstants.TARGET, "(" + WebsocketConstants.SERVER_NAME + "=second)"));
        await("the endpoint served on the second server only").until(() -> handlerDTO("/jakarta/targeted")
            .map(served -> Arrays.asList(served.serverNames).equals(List.of("second"))).orElse(false));

        assertEquals("there", echoed(connect(second.uri("/jakarta/targeted")), "there"));
        assertEquals(404, handshakeStatus("/jakarta/targeted"));
    }

    @Test
    public void aLeavingEndpointUsesItsOwnCloseCode() {
        ServiceRegistration<Object> leaving = endpoint(new AnnotatedEcho(), Map.of(IMPLEMENTOR, true, ENDPOINT_PATH, "/jakarta/coded",
            WebsocketConstants.CLOSE_CODE, 4000));
        awaitJakartaServed("/jakarta/coded");
        TestSocket socket = connect("/jakarta/coded");
        assertEquals("hi", echoed(socket, "hi"));

        leaving.unregister();

        assertEquals(4000, socket.awaitClose().code());
    }

    @Test
    public void jakartaSessionsAreStreamsListedSentToAndClosedById() throws Exception {
        endpoint(new AnnotatedEcho(), Map.of(IMPLEMENTOR, true, ENDPOINT_PATH, "/jakarta/listed"));
        awaitJakartaServed("/jakarta/listed");
        TestSocket socket = connect("/jakarta/listed");
        assertEquals("hi", echoed(socket, "hi"));

        WebsocketServerStream stream = await("the session listed as a stream").until(() -> streams.streams("/jakarta/listed"),
            listed -> listed.size() == 1).iterator().next();
        assertEquals("/jakarta/listed", stream.path());
        assertEquals(stream, streams.stream(stream.id()).orElseThrow());
        assertTrue(streams.streams().contains(stream));
        assertEquals("default", stream.info().serverName());
        assertTrue(stream.isOpen());
        assertEquals(1, handlerDTO("/jakarta/listed").orElseThrow().openStreams);
        assertTrue(servers().dto("default").openStreams >= 1);
        String row = GogoCommands.rowWithCell(GogoCommands.run(commands, "wsstream:streams /jakarta/listed"), 0, stream.id());
        assertTrue(row, row.matches(stream.id() + " +/jakarta/listed +127\\.0\\.0\\.1:\\d+ .* default"));

        stream.sendText("text from wsstream").toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals("text from wsstream", socket.nextText());
        stream.send(Map.of("json", 1)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals("{\"json\":1}", socket.nextText());
        assertEquals(1, streams.broadcast("/jakarta/listed", "to all").toCompletableFuture().get(10, TimeUnit.SECONDS).written());
        assertEquals("\"to all\"", socket.nextText());
        assertEquals("the endpoint still echoes", echoed(socket, "the endpoint still echoes"));

        GogoCommands.run(commands, "wsstream:close " + stream.id() + " 4001");

        assertEquals(4001, socket.awaitClose().code());
        await("the closed session left the stream manager").until(() -> streams.streams("/jakarta/listed").isEmpty());
        assertTrue(streams.stream(stream.id()).isEmpty());
        await("no open stream counted").until(() -> handlerDTO("/jakarta/listed").orElseThrow().openStreams == 0);
    }

    @Test
    public void keepAlivePingsJakartaSessionsAndClosesTheSilentOnes() throws Exception {
        WebsocketServerRuntime pinging = servers().start("pinging", Map.of("ping.interval.ms", 200L));
        endpoint(new AnnotatedEcho(), Map.of(IMPLEMENTOR, true, ENDPOINT_PATH, "/jakarta/pinged"));
        awaitJakartaServed("/jakarta/pinged");
        TestSocket answering = connect(pinging.uri("/jakarta/pinged"));

        for (int i = 0; i < 5; i++) {
            answering.nextPing();
        }
        assertEquals("alive after five pings", echoed(answering, "alive after five pings"));
        assertEquals(0, servers().dto("pinging").closedKeepAlive);

        try (RawWebsocket silent = RawWebsocket.open(pinging.uri("/jakarta/pinged"))) {
            // This client reads the pings but never answers them.
            assertEquals(CloseCodes.GOING_AWAY, silent.awaitClose());
        }
        await("counted").until(() -> servers().dto("pinging").closedKeepAlive == 1);
        await("only the answering session is left").until(() -> streams.streams("/jakarta/pinged").size() == 1);
        assertEquals("still here", echoed(answering, "still here"));
    }

    @Test
    public void aHandshakeWhoseClientVanishesDuringTheUpgradeGivesItsPlaceBack() throws Exception {
        WebsocketServerRuntime limited = servers().start("limited-held", Map.of("max.connections", 1));
        endpoint(new Held(), Map.of(IMPLEMENTOR, true));
        awaitJakartaServed("/jakarta/held");
        URI held = limited.uri("/jakarta/held");

        try (Socket vanishing = new Socket(held.getHost(), held.getPort())) {
            vanishing.getOutputStream().write(("GET /jakarta/held HTTP/1.1\r\nHost: " + held.getHost() + ":" + held.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\nX-Hold: yes\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            vanishing.getOutputStream().flush();
            assertTrue("the upgrade is under way", HoldingConfigurator.HELD.await(10, TimeUnit.SECONDS));
            assertEquals("its place is taken", 503, TestSocket.handshakeStatus(held));
            vanishing.setSoLinger(true, 0); // a reset: the 101 cannot be written
        }
        HoldingConfigurator.RELEASE.countDown();

        await("the place of the failed upgrade is given back").until(() -> TestSocket.handshakeStatus(held) == 101);
    }

    @Test
    public void aLeavingEndpointsSessionsAreServedThroughItsGracePeriod() {
        ServiceRegistration<Object> leaving = endpoint(new AnnotatedEcho(), Map.of(IMPLEMENTOR, true, ENDPOINT_PATH, "/jakarta/graceful",
            WebsocketConstants.CLOSE_GRACE_MILLIS, 3000L));
        awaitJakartaServed("/jakarta/graceful");
        TestSocket socket = connect("/jakarta/graceful");
        assertEquals("before", echoed(socket, "before"));

        leaving.unregister();

        assertEquals("new handshakes are refused at once", 404, handshakeStatus("/jakarta/graceful"));
        assertEquals("during the grace period", echoed(socket, "during the grace period"));
        assertEquals(CloseCodes.GOING_AWAY, socket.awaitClose().code());
    }
}
