package io.wsstream.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.inject.Inject;

import io.wsstream.api.CloseCodes;
import io.wsstream.api.Message;
import io.wsstream.api.PullStreamEndpoint;
import io.wsstream.api.StreamHandler;
import io.wsstream.api.WebsocketServerPullStream;
import io.wsstream.api.WebsocketServerStream;
import io.wsstream.api.WebsocketServerStreamFactory;
import io.wsstream.api.runtime.WebsocketServerRuntime;
import io.wsstream.itest.support.TestSocket;

import org.junit.Test;

/**
 * Keep-alive: wsstream pings every stream at the configured interval and closes, with 1001, a stream whose
 * peer stopped answering; a peer that answers (as every websocket client library does by itself) stays,
 * and so does a stream whose own consumer is not reading. Pings count as traffic for the idle timeout.
 */
public class KeepAliveIT extends WsstreamTestSupport {
    private static final long INTERVAL_MS = 200;

    @Inject
    WebsocketServerStreamFactory factory;

    private WebsocketServerRuntime pinging(String name, Map<String, Object> more) {
        Map<String, Object> properties = new java.util.HashMap<>(more);
        properties.put("ping.interval.ms", INTERVAL_MS);
        return servers().start(name, properties);
    }

    @Test
    public void aPeerThatAnswersIsPingedAtTheIntervalAndStaysOpen() {
        WebsocketServerRuntime pinging = pinging("pinging", Map.of());
        serve("/ka/echo", StreamLifecycleIT.ECHO);
        TestSocket socket = connect(pinging.uri("/ka/echo"));

        for (int i = 0; i < 5; i++) {
            socket.nextPing();
        }

        assertFalse("the JDK client answers pings: the stream stays", socket.isClosed());
        socket.sendText("alive after five pings");
        assertEquals("alive after five pings", socket.nextText());
        assertEquals(0, servers().dto("pinging").closedKeepAlive);
    }

    @Test
    public void aPeerThatStopsAnsweringIsClosedWith1001AndTheHandlerIsTold() throws Exception {
        WebsocketServerRuntime pinging = pinging("pinging", Map.of());
        List<Integer> closes = new CopyOnWriteArrayList<>();
        serve("/ka/silent", new StreamHandler() {
            @Override
            public void onMessage(WebsocketServerStream stream, Message message) {}

            @Override
            public void onClose(WebsocketServerStream stream, int code, String reason) {
                closes.add(code);
            }
        });
        try (RawWebsocket silent = RawWebsocket.open(pinging.uri("/ka/silent"))) {
            // This client reads the pings but never answers them.
            assertEquals(CloseCodes.GOING_AWAY, silent.awaitClose());
        }
        await("the handler's onClose ran", () -> closes.size() == 1);
        await("counted", () -> servers().dto("pinging").closedKeepAlive == 1);
        assertTrue(streams.streams("/ka/silent").isEmpty());
    }

    @Test
    public void aStreamWhoseConsumerDoesNotReadIsNotTakenForADeadPeer() {
        WebsocketServerRuntime pinging = pinging("pinging", Map.of());
        PullStreamEndpoint endpoint = factory.open("/ka/paused", 4);
        try {
            TestSocket socket = connect(pinging.uri("/ka/paused"));
            WebsocketServerPullStream stream = endpoint.accept().toCompletableFuture().join();
            socket.sendText("never received by the program");

            // No receive(): the server reads nothing, so it reads no pong either; its pings still go out.
            for (int i = 0; i < 5; i++) {
                socket.nextPing();
            }

            assertTrue(stream.isOpen());
            assertFalse(socket.isClosed());
            assertEquals("never received by the program", stream.receive().toCompletableFuture().join().text());
        } finally {
            endpoint.close();
        }
    }

    @Test
    public void pingsKeepAStreamFromTheIdleTimeoutWhichClosesItWithoutThem() {
        WebsocketServerRuntime withPings = pinging("with-pings", Map.of("idle.timeout.ms", 600L));
        WebsocketServerRuntime withoutPings = servers().start("without-pings", Map.of("idle.timeout.ms", 600L, "ping.interval.ms", 0L));
        serve("/ka/idle", StreamLifecycleIT.ECHO);
        TestSocket pinged = connect(withPings.uri("/ka/idle"));
        TestSocket idle = connect(withoutPings.uri("/ka/idle"));

        assertEquals("no pings, no traffic: the idle timeout closes the stream", CloseCodes.GOING_AWAY,
            idle.awaitClose(Duration.ofSeconds(5)).code());
        for (int i = 0; i < 8; i++) {
            pinged.nextPing();
        }
        assertFalse("1.6 s of pings: longer than the idle timeout, still open", pinged.isClosed());
    }

    @Test
    public void theIntervalChangesLiveForOpenStreams() {
        WebsocketServerRuntime quiet = servers().start("quiet", Map.of("ping.interval.ms", 0L));
        serve("/ka/live", StreamLifecycleIT.ECHO);
        TestSocket socket = connect(quiet.uri("/ka/live"));

        servers().update("quiet", Map.of("ping.interval.ms", INTERVAL_MS));

        socket.nextPing();
        socket.nextPing();
        assertFalse(socket.isClosed());
    }
}
