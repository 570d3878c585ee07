package io.wsstream.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.StreamSupport;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.wsstream.api.StreamHandler;
import io.wsstream.api.authentication.AuthenticationResult;
import io.wsstream.api.authentication.StreamAuthenticator;
import io.wsstream.itest.support.TestSocket;

import org.junit.Test;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.ServiceRegistration;

/**
 * The dashboard's data stream ({@code monitor-bundle}) with real clients: its snapshot lists the served paths, and a
 * path's open streams and messages per second move with the traffic the test sends and fall back when it stops; a
 * chosen path's messages appear in its tail; anything but a tail request is refused with an answer; the page is
 * served; the server's origin check applies, and an authenticator makes the stream require authentication.
 */
public class MonitorIT extends WsstreamTestSupport {
    private static final String MONITOR = "/wsstream/monitor";
    private static final String WATCHED = "/watched";
    private static final StreamHandler ECHO = (stream, message) -> stream.sendText(message.text());
    /** Snapshots come once a second; a few of them may pass before a rate shows. */
    private static final Duration SNAPSHOTS = Duration.ofSeconds(20);

    @Override
    protected Option[] additionalOptions() {
        return options(bundle(jarUrl("wsstream.monitor.jar", "monitor-bundle")));
    }

    @Test
    public void theSnapshotFollowsThePathsTraffic() {
        serve(WATCHED, ECHO);
        TestSocket monitor = connectMonitor();
        JsonObject idle = path(awaitSnapshot(monitor, s -> path(s, WATCHED).isPresent()), WATCHED).orElseThrow();
        assertEquals("a served path is listed before it has streams", 0, idle.get("openStreams").getAsInt());

        TestSocket client = connect(WATCHED);
        JsonObject busy = awaitSnapshot(monitor, snapshot -> {
            client.sendText("traffic");
            client.nextText();
            return path(snapshot, WATCHED).map(p -> p.get("inPerSecond").getAsDouble() > 0).orElse(false);
        });
        JsonObject watched = path(busy, WATCHED).orElseThrow();
        System.out.println("monitor: a snapshot with traffic on " + WATCHED + ": " + busy);
        assertEquals(1, watched.get("openStreams").getAsInt());
        assertTrue(watched.toString(), watched.get("outPerSecond").getAsDouble() > 0);
        JsonObject server = busy.getAsJsonArray("servers").get(0).getAsJsonObject();
        assertEquals("default", server.get("name").getAsString());
        assertTrue(server.toString(), server.getAsJsonObject("refusals").has("origin"));
        assertTrue(busy.toString(), strings(busy.getAsJsonArray("handlers"), "path").contains(WATCHED));
        assertTrue(busy.toString(), strings(busy.getAsJsonArray("busiestStreams"), "path").contains(WATCHED));
        assertTrue(busy.toString(), busy.getAsJsonArray("tailPaths").toString().contains(WATCHED));

        client.sendClose(1000, "done");
        client.awaitClose();
        awaitSnapshot(monitor, snapshot -> path(snapshot, WATCHED)
            .map(p -> p.get("openStreams").getAsInt() == 0 && p.get("inPerSecond").getAsDouble() == 0).orElse(false));
    }

    @Test
    public void theTailShowsTheChosenPathsMessagesInAndOut() {
        serve(WATCHED, ECHO);
        TestSocket client = connect(WATCHED);
        TestSocket monitor = connectMonitor();
        monitor.sendText("{\"tail\": \"" + WATCHED + "\"}");
        JsonObject snapshot = awaitSnapshot(monitor, s -> {
            client.sendText("tailed message");
            client.nextText();
            return !s.get("tail").isJsonNull() && s.getAsJsonObject("tail").getAsJsonArray("messages").size() >= 2;
        });
        JsonObject tail = snapshot.getAsJsonObject("tail");
        assertEquals(WATCHED, tail.get("path").getAsString());
        List<String> directions = strings(tail.getAsJsonArray("messages"), "direction");
        assertTrue(tail.toString(), directions.contains("in") && directions.contains("out"));
        assertEquals(List.of("tailed message"), strings(tail.getAsJsonArray("messages"), "text").stream().distinct().toList());

        monitor.sendText("{\"tail\": null}");
        awaitSnapshot(monitor, s -> s.get("tail").isJsonNull());
    }

    @Test
    public void onlyATailRequestIsAcceptedAndTheStreamStaysOpen() {
        TestSocket monitor = connectMonitor();
        for (String request : List.of("{\"close\": \"all\"}", "{\"tail\": \"chat\"}", "not json", "{\"tail\": 1}")) {
            monitor.sendText(request);
            JsonObject answer = awaitMessage(monitor, m -> m.get("type").getAsString().equals("error"));
            assertTrue(request + ": " + answer, answer.get("error").getAsString().length() > 10);
        }
        awaitSnapshot(monitor, s -> true);
        assertTrue(!monitor.isClosed());
    }

    @Test
    public void thePageIsServedBesideTheStream() {
        var page = TestSocket.httpGet(httpUri("/wsstream/dashboard/"));
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<title>wsstream dashboard</title>"));
        assertEquals(200, TestSocket.httpGet(httpUri("/wsstream/dashboard/dashboard.js")).statusCode());
    }

    @Test
    public void anotherOriginIsRefusedAndAnAuthenticatorMakesItRequireAuthentication() {
        String own = httpUri("/").toString().replaceAll("/$", "");
        assertEquals(101, TestSocket.handshakeStatus(uri(MONITOR), o -> o.origin(own)));
        assertEquals(403, TestSocket.handshakeStatus(uri(MONITOR), o -> o.origin("http://elsewhere.example")));

        StreamAuthenticator admins = request -> request.bearerToken()
            .map(token -> token.equals("admin-token") ? AuthenticationResult.accept(() -> "admin")
                : AuthenticationResult.refuse(AuthenticationResult.UNAUTHORIZED, "unknown token"))
            .orElse(AuthenticationResult.abstain());
        ServiceRegistration<StreamAuthenticator> authenticator = registerService(StreamAuthenticator.class, admins, Map.of());
        await("anonymous dashboards refused").until(() -> TestSocket.handshakeStatus(uri(MONITOR)) == 401);
        assertEquals(101, TestSocket.handshakeStatus(uri(MONITOR), o -> o.header("Authorization", "Bearer admin-token")));
        assertEquals("a page's token, as a subprotocol", 101, TestSocket.handshakeStatus(uri(MONITOR),
            o -> o.origin(own).subprotocols("wsstream.bearer", "wsstream.bearer.admin-token")));

        authenticator.unregister();
        await("open again without an authenticator").until(() -> TestSocket.handshakeStatus(uri(MONITOR)) == 101);
    }

    // ---------------------------------------------------------------- helpers

    private TestSocket connectMonitor() {
        await("the dashboard's stream served").until(() -> TestSocket.handshakeStatus(uri(MONITOR)) == 101);
        return connect(MONITOR);
    }

    /** Reads the monitor's snapshots until one satisfies the condition (evaluated once per snapshot). */
    private static JsonObject awaitSnapshot(TestSocket monitor, java.util.function.Predicate<JsonObject> condition) {
        return awaitMessage(monitor, m -> m.get("type").getAsString().equals("snapshot") && condition.test(m));
    }

    private static JsonObject awaitMessage(TestSocket monitor, java.util.function.Predicate<JsonObject> condition) {
        AtomicReference<JsonObject> found = new AtomicReference<>();
        await("a message from the monitor").atMost(SNAPSHOTS).pollInterval(Duration.ZERO).until(() -> {
            JsonObject message = JsonParser.parseString(monitor.nextText()).getAsJsonObject();
            if (condition.test(message)) {
                found.set(message);
                return true;
            }
            return false;
        });
        return found.get();
    }

    private static Optional<JsonObject> path(JsonObject snapshot, String path) {
        return StreamSupport.stream(snapshot.getAsJsonArray("paths").spliterator(), false)
            .map(JsonElement::getAsJsonObject)
            .filter(p -> p.get("path").getAsString().equals(path))
            .findFirst();
    }

    private static List<String> strings(com.google.gson.JsonArray array, String key) {
        return StreamSupport.stream(array.spliterator(), false)
            .map(e -> e.getAsJsonObject().get(key))
            .filter(e -> e != null && !e.isJsonNull())
            .map(JsonElement::getAsString)
            .toList();
    }
}
