package io.wsstream.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wsstream.api.Message;
import io.wsstream.api.BroadcastResult;
import io.wsstream.api.StreamHandler;
import io.wsstream.api.WebsocketServerStream;
import io.wsstream.api.authentication.AuthenticationResult;
import io.wsstream.api.authentication.StreamAuthenticator;
import io.wsstream.api.runtime.WebsocketServerRuntime;
import io.wsstream.api.runtime.dto.RefusalReasons;
import io.wsstream.itest.support.TestSocket;

import org.junit.Test;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.cm.ConfigurationAdminOptions;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The metrics bundle with its Prometheus endpoint and JMX registry enabled: the endpoint is scraped over real HTTP on
 * wsstream's own server, the exposition format parsed, and the values follow the traffic the test sends; a path's
 * meter comes and goes with its handler. The endpoint answers only to the hosts and origins the server accepts, and
 * is not served when disabled, and only to authenticated requests when so configured. The handler and broadcast
 * timers count each call.
 */
public class MetricsIT extends WsstreamTestSupport {
    private static final String METRICS_PID = "io.wsstream.metrics";
    private static final String PATH = "/metered";
    private static final Map<String, String> DEFAULT_SERVER = Map.of("server", "default");

    @Inject
    private ConfigurationAdmin configAdmin;

    @Override
    protected Option[] additionalOptions() {
        return options(metricsBundles(),
                ConfigurationAdminOptions.newConfiguration(METRICS_PID)
                        .put("prometheus.enabled", true)
                        .put("jmx.enabled", true)
                        .put("jmx.domain", "wsstream.itest")
                        .asOption());
    }

    /** micrometer-core and what it needs, and ours (which carries the Prometheus and JMX registries). */
    static Option metricsBundles() {
        return composite(
                mavenBundle("org.jspecify", "jspecify").versionAsInProject(),
                mavenBundle("io.micrometer", "micrometer-commons").versionAsInProject(),
                mavenBundle("io.micrometer", "micrometer-core").versionAsInProject(),
                bundle(jarUrl("wsstream.metrics.jar", "metrics-bundle")));
    }

    private ServiceRegistration<StreamHandler> serveEcho() {
        return serve(PATH, new StreamHandler() {
            @Override
            public void onMessage(WebsocketServerStream stream, Message message) {
                stream.sendText(message.text());
            }
        });
    }

    @Test
    public void theScrapeFollowsTheTrafficAndThePaths() throws IOException {
        ServiceRegistration<StreamHandler> echo = serveEcho();
        Map<String, String> onPath = Map.of("server", "default", "path", PATH);
        await("the path's meter").until(() -> scrape().value("wsstream_streams_open", onPath).isPresent());
        PrometheusScrape before = scrape();
        assertEquals(0, before.require("wsstream_streams_open", onPath), 0);

        TestSocket socket = connect(PATH);
        for (int i = 0; i < 5; i++) {
            socket.sendText("hello " + i);
        }
        socket.nextTexts(5);
        // bytes out are counted when a write completes, which may be just after the client read the echo
        Map<String, String> out = Map.of("server", "default", "direction", "out");
        double outBefore = before.require("wsstream_bytes_total", out);
        PrometheusScrape during = await("the five echoes counted as written")
            .until(this::scrape, scrape -> scrape.require("wsstream_bytes_total", out) >= outBefore + 5 * "hello 0".length());
        System.out.println("metrics: the scrape with one stream open on " + PATH + ":\n" + during);
        assertEquals(1, during.require("wsstream_streams_open", onPath), 0);
        assertEquals(before.require("wsstream_server_streams_open", DEFAULT_SERVER) + 1,
                during.require("wsstream_server_streams_open", DEFAULT_SERVER), 0);
        assertEquals(before.require("wsstream_handshakes_accepted_total", DEFAULT_SERVER) + 1,
                during.require("wsstream_handshakes_accepted_total", DEFAULT_SERVER), 0);
        assertEquals(before.require("wsstream_messages_total", Map.of("server", "default", "direction", "in")) + 5,
                during.require("wsstream_messages_total", Map.of("server", "default", "direction", "in")), 0);
        assertEquals(before.require("wsstream_bytes_total", Map.of("server", "default", "direction", "out")) + 5 * "hello 0".length(),
                during.require("wsstream_bytes_total", Map.of("server", "default", "direction", "out")), 0);
        assertTrue("every refusal reason has its series",
                during.value("wsstream_handshakes_refused_total", Map.of("server", "default", "reason", RefusalReasons.ORIGIN)).isPresent());
        assertTrue(during.value("wsstream_streams_closed_outbound_limit_total", DEFAULT_SERVER).isPresent());
        assertTrue(during.value("wsstream_streams_closed_keepalive_total", DEFAULT_SERVER).isPresent());

        socket.sendClose(1000, "done");
        socket.awaitClose();
        await("the stream left").until(() -> scrape().require("wsstream_streams_open", onPath) == 0);

        echo.unregister();
        await("the path's meter left with its handler").until(() -> scrape().value("wsstream_streams_open", onPath).isEmpty());
    }

    /** A client's own close code and a handler's exception (1011) each count under the handler's path. */
    @Test
    public void closesAreCountedByPathAndCode() throws IOException {
        String throwing = "/metered-throwing";
        serveEcho();
        serve(throwing, new StreamHandler() {
            @Override
            public void onMessage(WebsocketServerStream stream, Message message) {
                throw new IllegalStateException("a handler failing on purpose");
            }
        });
        Map<String, String> closedByClient = Map.of("server", "default", "path", PATH, "code", "4001");
        Map<String, String> handlerError = Map.of("server", "default", "path", throwing, "code", "1011");
        PrometheusScrape before = scrape();

        TestSocket leaving = connect(PATH);
        leaving.sendClose(4001, "the client leaves");
        assertEquals(4001, leaving.awaitClose().code());
        TestSocket failing = connect(throwing);
        failing.sendText("make it throw");
        assertEquals(1011, failing.awaitClose().code());

        await("both closes counted").until(() -> scrape().value("wsstream_streams_closed_total", handlerError).isPresent()
                && scrape().value("wsstream_streams_closed_total", closedByClient).isPresent());
        PrometheusScrape after = scrape();
        System.out.println("metrics: closes by code:\n" + after);
        assertEquals(before.value("wsstream_streams_closed_total", closedByClient).orElse(0.0) + 1,
                after.require("wsstream_streams_closed_total", closedByClient), 0);
        assertEquals(before.value("wsstream_streams_closed_total", handlerError).orElse(0.0) + 1,
                after.require("wsstream_streams_closed_total", handlerError), 0);
    }

    /** Each onMessage is timed once, under the handler's path; the histogram's buckets add up to the count. */
    @Test
    public void theHandlerTimerCountsEachMessageHandled() throws IOException {
        serveEcho();
        Map<String, String> onPath = Map.of("server", "default", "path", PATH);
        double before = scrape().value("wsstream_handler_time_seconds_count", onPath).orElse(0);
        TestSocket socket = connect(PATH);
        for (int i = 0; i < 7; i++) {
            socket.sendText("timed " + i);
        }
        socket.nextTexts(7);
        // recorded when onMessage returned, which may be just after the client read the echo it sent
        PrometheusScrape after = await("seven handler calls timed")
                .until(this::scrape, scrape -> scrape.value("wsstream_handler_time_seconds_count", onPath).orElse(0) >= before + 7);
        double count = after.require("wsstream_handler_time_seconds_count", onPath);
        assertEquals(before + 7, count, 0);
        Map<String, String> everyCall = Map.of("server", "default", "path", PATH, "le", "+Inf");
        assertEquals(count, after.require("wsstream_handler_time_seconds_bucket", everyCall), 0);
        assertTrue("the time taken is summed", after.require("wsstream_handler_time_seconds_sum", onPath) > 0);
        long buckets = after.samples().stream()
                .filter(sample -> sample.name().equals("wsstream_handler_time_seconds_bucket") && sample.labels().get("path").equals(PATH))
                .count();
        assertTrue("a histogram for Prometheus: " + buckets + " buckets", buckets > 20);
    }

    /** A broadcast that reaches streams is timed once, under the path of their handler; one that reaches none is not. */
    @Test
    public void theBroadcastTimerCountsEachBroadcastThatReachedStreams() throws Exception {
        serveEcho();
        Map<String, String> onPath = Map.of("path", PATH);
        String nobody = "/metered-nobody";
        TestSocket first = connect(PATH);
        TestSocket second = connect(PATH);
        await("both streams listed").until(() -> streams.streams(PATH).size() >= 2);
        double before = scrape().value("wsstream_broadcast_time_seconds_count", onPath).orElse(0);

        BroadcastResult sent = streams.broadcast(PATH, "news").toCompletableFuture().get(10, TimeUnit.SECONDS);
        streams.broadcast(nobody, "lost").toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals("\"news\"", first.nextText());
        assertEquals("\"news\"", second.nextText());

        // recorded before broadcast returned
        PrometheusScrape after = scrape();
        assertEquals(sent.attempted() + " streams reached, one broadcast", before + 1,
                after.require("wsstream_broadcast_time_seconds_count", onPath), 0);
        assertTrue(after.value("wsstream_broadcast_time_seconds_count", Map.of("path", nobody)).isEmpty());
    }

    /**
     * With {@code prometheus.authentication.required}, the server's authenticators decide as for a handshake to a
     * handler that requires authentication: 401 with a Bearer challenge unless one accepts.
     */
    @Test
    public void anAuthenticatedEndpointIsServedOnlyToAcceptedRequests() throws IOException {
        StreamAuthenticator tokens = request -> request.bearerToken()
                .map(token -> token.equals("scrape-token")
                        ? AuthenticationResult.accept(() -> "prometheus")
                        : AuthenticationResult.refuse(AuthenticationResult.UNAUTHORIZED, "unknown token"))
                .orElse(AuthenticationResult.abstain());
        registerService(StreamAuthenticator.class, tokens, Map.of());
        Map<String, String> unauthenticated = Map.of("server", "default", "reason", RefusalReasons.UNAUTHENTICATED);
        Configuration config = configAdmin.getConfiguration(METRICS_PID, null);
        Dictionary<String, Object> open = config.getProperties();
        try {
            Dictionary<String, Object> authenticated = copy(open);
            authenticated.put("prometheus.authentication.required", true);
            config.update(authenticated);
            await("the endpoint asks for credentials").until(() -> status(get(localHost(), null)) == 401);
            double refusedBefore = authenticatedScrape().require("wsstream_handshakes_refused_total", unauthenticated);
            String anonymous = get(localHost(), null);
            assertTrue(anonymous, anonymous.toLowerCase().contains("www-authenticate: bearer"));
            assertEquals("a token no authenticator accepts", 401, status(get(localHost(), null, "Authorization: Bearer stolen-token")));
            assertEquals("another site's page, even with the token", 403,
                    status(get(localHost(), "http://attacker.example", "Authorization: Bearer scrape-token")));

            assertEquals("the refused scrapes are counted as unauthenticated", refusedBefore + 2,
                    authenticatedScrape().require("wsstream_handshakes_refused_total", unauthenticated), 0);
        } finally {
            config.update(open);
        }
        await("the endpoint is open again").until(() -> status(get(localHost(), null)) == 200);
    }

    @Test
    public void aMeterRegistryServiceGetsTheMetersOfEachServerWhileItRuns() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        registerService(MeterRegistry.class, registry, Map.of());
        await("the default server's meters").until(() -> openStreams(registry, "default") != null);
        serveEcho();
        connect(PATH).sendText("counted");
        await("the open stream").until(() -> openStreams(registry, "default").value() == 1);

        servers().start("second", Map.of());
        await("the second server's meters").until(() -> openStreams(registry, "second") != null);
        servers().stop("second");
        await("the second server's meters left with it").until(() -> openStreams(registry, "second") == null);
        assertEquals(1, openStreams(registry, "default").value(), 0);
    }

    private static Gauge openStreams(MeterRegistry registry, String server) {
        return registry.find("wsstream.server.streams.open").tag("server", server).gauge();
    }

    @Test
    public void refusalsAreCountedByReason() throws IOException {
        serveEcho();
        Map<String, String> notFound = Map.of("server", "default", "reason", RefusalReasons.NOT_FOUND);
        double before = scrape().require("wsstream_handshakes_refused_total", notFound);
        assertEquals(404, handshakeStatus("/nothing-here"));
        assertEquals(before + 1, scrape().require("wsstream_handshakes_refused_total", notFound), 0);
    }

    @Test
    public void anotherHostOrAnotherOriginGets403() throws IOException {
        URI http = httpUri("/");
        String local = http.getHost() + ":" + http.getPort();
        assertEquals(200, status(get(local, null)));
        assertEquals("a page of the server's own origin", 200, status(get(local, "http://" + local)));
        assertEquals("DNS rebinding", 403, status(get("attacker.example:" + http.getPort(), null)));
        assertEquals("a page of another site", 403, status(get(local, "http://attacker.example")));
    }

    @Test
    public void theMetersAreMBeansToo() throws Exception {
        serveEcho();
        TestSocket socket = connect(PATH);
        socket.sendText("to JMX");
        socket.nextText();
        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> names = mbeans.queryNames(new ObjectName("wsstream.itest:*"), null);
        ObjectName accepted = names.stream().filter(n -> n.toString().contains("HandshakesAccepted") && n.toString().contains("default"))
                .findFirst().orElseThrow(() -> new AssertionError("no MBean of wsstream.handshakes.accepted among " + names));
        Number count = (Number) mbeans.getAttribute(accepted, "Count");
        assertEquals(servers().dto("default").accepted, count.longValue());

        // the handler timer: recorded when onMessage returned, which may be just after the client read the echo
        ObjectName handlerTime = await("the handler timer's MBean").until(
                () -> mbeans.queryNames(new ObjectName("wsstream.itest:*"), null).stream()
                        .filter(n -> n.toString().contains("HandlerTime") && n.toString().contains(PATH)).findFirst(),
                found -> found.isPresent()).orElseThrow();
        System.out.println("metrics: the handler timer's MBean " + handlerTime + " has "
                + List.of(mbeans.getMBeanInfo(handlerTime).getAttributes()).stream().map(a -> a.getName()).toList());
        assertEquals("timers", handlerTime.getKeyProperty("type"));
        assertTrue(((Number) mbeans.getAttribute(handlerTime, "Count")).longValue() >= 1);
    }

    /** A misspelt switch must not serve openly what was meant to need credentials: not served at all, one line. */
    @Test
    public void anAuthenticationSwitchThatIsNeitherTrueNorFalseKeepsTheEndpointClosed() throws IOException {
        assertNotServedWhile("prometheus.authentication.required", "yes");
    }

    @Test
    public void aDisabledEndpointIsNotServed() throws IOException {
        assertNotServedWhile("prometheus.enabled", false);
    }

    /**
     * Sets one property of the metrics configuration: the endpoint leaves (404); once the configuration is put back it
     * is served again.
     */
    private void assertNotServedWhile(String key, Object value) throws IOException {
        Configuration config = configAdmin.getConfiguration(METRICS_PID, null);
        Dictionary<String, Object> before = config.getProperties();
        try {
            Dictionary<String, Object> changed = copy(before);
            changed.put(key, value);
            config.update(changed);
            await("the endpoint left").until(() -> status(get(localHost(), null)) == 404);
        } finally {
            config.update(before);
        }
        await("the endpoint is back").until(() -> status(get(localHost(), null)) == 200);
    }

    @Test
    public void theTargetChoosesTheServersThatServeTheEndpoint() throws IOException {
        WebsocketServerRuntime admin = servers().start("admin", Map.of());
        Configuration config = configAdmin.getConfiguration(METRICS_PID, null);
        Dictionary<String, Object> everyServer = config.getProperties();
        try {
            Dictionary<String, Object> adminOnly = copy(everyServer);
            adminOnly.put("prometheus.target", "(wsstream.server.name=admin)");
            config.update(adminOnly);
            URI adminHttp = URI.create("http://127.0.0.1:" + admin.port() + "/metrics");
            await("the endpoint on the admin server only").until(
                    () -> status(get(localHost(), null)) == 404 && TestSocket.httpGetStatus(adminHttp) == 200);
            String scrape = TestSocket.httpGet(adminHttp).body();
            assertTrue("the admin server's endpoint shows every server:\n" + scrape,
                    scrape.contains("server=\"default\"") && scrape.contains("server=\"admin\""));
        } finally {
            config.update(everyServer);
        }
        await("the endpoint is back on the default server").until(() -> status(get(localHost(), null)) == 200);
    }

    private static Dictionary<String, Object> copy(Dictionary<String, Object> properties) {
        Dictionary<String, Object> copy = new Hashtable<>();
        for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            copy.put(key, properties.get(key));
        }
        return copy;
    }

    private String localHost() {
        URI http = httpUri("/");
        return http.getHost() + ":" + http.getPort();
    }

    private PrometheusScrape scrape() throws IOException {
        String answer = get(localHost(), null);
        assertEquals(answer, 200, status(answer));
        assertTrue(answer, answer.toLowerCase().contains("content-type: text/plain; version=0.0.4"));
        return PrometheusScrape.parse(answer.substring(answer.indexOf("\r\n\r\n") + 4));
    }

    private PrometheusScrape authenticatedScrape() throws IOException {
        String accepted = get(localHost(), null, "Authorization: Bearer scrape-token");
        assertEquals(accepted, 200, status(accepted));
        return PrometheusScrape.parse(accepted.substring(accepted.indexOf("\r\n\r\n") + 4));
    }

    private String get(String host, String origin, String... headers) throws IOException {
        List<String> lines = new ArrayList<>(List.of("GET /metrics HTTP/1.1", "Host: " + host, "Connection: close"));
        if (origin != null) {
            lines.add("Origin: " + origin);
        }
        lines.addAll(List.of(headers));
        return RawWebsocket.requestAll(httpUri("/"), lines.toArray(new String[0]));
    }

    private static int status(String answer) {
        return Integer.parseInt(answer.substring(9, 12));
    }
}
