package io.wsstream.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.wsstream.api.CloseCodes;
import io.wsstream.api.Message;
import io.wsstream.api.StreamHandler;
import io.wsstream.api.WebsocketServerStream;
import io.wsstream.itest.support.TestSocket;

import org.junit.Test;
import org.osgi.framework.ServiceRegistration;

/** The foundation: a handler service is served, messages flow both ways, failures are isolated. */
public class StreamLifecycleIT extends WsstreamTestSupport {

    public record Reading(String sensor, double value, long sequence) {}

    public record Reply(String sensor, double doubled, long sequence, String streamId) {}

    /** Echoes text as text and binary as binary. */
    static final StreamHandler ECHO = (stream, message) -> {
        if (message.isText()) {
            stream.sendText(message.text());
        } else {
            stream.sendBinary(message.bytes());
        }
    };

    @Test
    public void handlerRegisteredAfterStartupIsServedAtOnce() {
        assertEquals(404, handshakeStatus("/late"));
        serve("/late", ECHO);
        TestSocket socket = connect("/late");
        socket.sendText("hello");
        assertEquals("hello", socket.nextText());
    }

    @Test
    public void textAndBinaryAreEchoedAsTheyCame() {
        serve("/echo", ECHO);
        TestSocket socket = connect("/echo");
        socket.sendText("héllo wörld ✓");
        assertEquals("héllo wörld ✓", socket.nextText());
        byte[] bytes = new byte[70_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        socket.sendBinary(bytes);
        ByteBuffer echoed = socket.nextBinary();
        byte[] received = new byte[echoed.remaining()];
        echoed.get(received);
        assertTrue(java.util.Arrays.equals(bytes, received));
    }

    @Test
    public void jsonRoundTripThroughRecords() {
        serve("/json", (stream, message) -> {
            Reading reading = message.as(Reading.class);
            stream.send(new Reply(reading.sensor(), reading.value() * 2, reading.sequence(), stream.id()));
        });
        TestSocket socket = connect("/json");
        socket.sendText("{\"sensor\":\"t1\",\"value\":21.25,\"sequence\":9007199254740993}");
        String reply = socket.nextText();
        assertTrue(reply, reply.startsWith("{\"sensor\":\"t1\",\"doubled\":42.5,\"sequence\":9007199254740993,\"streamId\":\""));
    }

    @Test
    public void asMapGivesLongsLikeTheSeedsDict() {
        List<Map<String, Object>> received = new CopyOnWriteArrayList<>();
        serve("/dict", (stream, message) -> received.add(message.asMap()));
        TestSocket socket = connect("/dict");
        socket.sendText("{\"n\":3,\"x\":0.5,\"nested\":{\"k\":[1,2]}}");
        await("message handled", () -> received.size() == 1);
        Map<String, Object> dict = received.get(0);
        assertEquals(3L, dict.get("n"));
        assertEquals(0.5, dict.get("x"));
        assertEquals(Map.of("k", List.of(1L, 2L)), dict.get("nested"));
    }

    @Test
    public void handlerThatLeavesClosesItsStreamsWith1001AndThePathAnswers404() {
        ServiceRegistration<StreamHandler> registration = serve("/leaving", ECHO);
        TestSocket first = connect("/leaving");
        TestSocket second = connect("/leaving");
        await("both streams open", () -> streams.streams("/leaving").size() == 2);

        registration.unregister();

        assertEquals(CloseCodes.GOING_AWAY, first.awaitClose().code());
        assertEquals(CloseCodes.GOING_AWAY, second.awaitClose().code());
        assertEquals(404, handshakeStatus("/leaving"));
        await("streams gone from the manager", () -> streams.streams("/leaving").isEmpty());
    }

    @Test
    public void throwingHandlerClosesOnlyItsStreamWith1011() {
        AtomicInteger closes = new AtomicInteger();
        serve("/fragile", new StreamHandler() {
            @Override
            public void onMessage(WebsocketServerStream stream, Message message) {
                if (message.text().equals("boom")) {
                    throw new IllegalStateException("deliberate failure");
                }
                stream.sendText("ok " + message.text());
            }

            @Override
            public void onClose(WebsocketServerStream stream, int code, String reason) {
                closes.incrementAndGet();
            }
        });
        TestSocket victim = connect("/fragile");
        TestSocket bystander = connect("/fragile");

        victim.sendText("boom");

        assertEquals(CloseCodes.INTERNAL_ERROR, victim.awaitClose().code());
        bystander.sendText("still here");
        assertEquals("ok still here", bystander.nextText());
        await("the failed stream's onClose ran", () -> closes.get() == 1);
    }

    @Test
    public void throwingOnOpenClosesWith1011() {
        serve("/bad-open", new StreamHandler() {
            @Override
            public void onOpen(WebsocketServerStream stream) {
                throw new IllegalStateException("refuse");
            }

            @Override
            public void onMessage(WebsocketServerStream stream, Message message) {}
        });
        assertEquals(CloseCodes.INTERNAL_ERROR, connect("/bad-open").awaitClose().code());
    }

    @Test
    public void malformedJsonEscapingTheHandlerClosesWith1007() {
        serve("/strict", (stream, message) -> stream.send(message.asMap()));
        TestSocket socket = connect("/strict");
        socket.sendText("{\"valid\":true}");
        assertEquals("{\"valid\":true}", socket.nextText());
        socket.sendText("{not json");
        assertEquals(CloseCodes.INVALID_PAYLOAD, socket.awaitClose().code());
    }

    @Test
    public void jsonDecodeOfABinaryMessageClosesWith1003() {
        serve("/json-only", (stream, message) -> message.asMap());
        TestSocket socket = connect("/json-only");
        socket.sendBinary(new byte[] {'{', '}'});
        assertEquals(CloseCodes.UNSUPPORTED_DATA, socket.awaitClose().code());
    }

    @Test
    public void tenThousandMessagesArriveInOrderOneAtATime() {
        int count = 10_000;
        List<Integer> seen = Collections.synchronizedList(new ArrayList<>(count));
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        serve("/ordered", (stream, message) -> {
            if (inside.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            seen.add(Integer.parseInt(message.text()));
            inside.decrementAndGet();
        });
        TestSocket socket = connect("/ordered");
        for (int i = 0; i < count; i++) {
            socket.sendText(Integer.toString(i));
        }
        await("all messages handled", () -> seen.size() == count);
        for (int i = 0; i < count; i++) {
            assertEquals("message " + i, Integer.valueOf(i), seen.get(i));
        }
        assertEquals("onMessage calls overlapped", 0, overlaps.get());
    }

    @Test
    public void managerListsExactlyTheOpenStreams() {
        serve("/listed", new StreamHandler() {
            @Override
            public void onOpen(WebsocketServerStream stream) {
                stream.sendText(stream.id());
            }

            @Override
            public void onMessage(WebsocketServerStream stream, Message message) {}
        });
        TestSocket a = connect("/listed");
        TestSocket b = connect("/listed");
        TestSocket c = connect("/listed");
        String idA = a.nextText();
        String idB = b.nextText();
        String idC = c.nextText();
        assertEquals(Set.of(idA, idB, idC), idsOn("/listed"));
        assertTrue(streams.stream(idB).isPresent());
        assertEquals("/listed", streams.stream(idB).get().path());

        b.close();

        await("the closed stream left", () -> idsOn("/listed").equals(Set.of(idA, idC)));
        assertFalse(streams.stream(idB).isPresent());
        assertTrue(streams.streams().stream().map(WebsocketServerStream::id).collect(Collectors.toSet()).containsAll(Set.of(idA, idC)));
    }

    @Test
    public void onCloseRunsOnceAfterTheStreamLeftTheManager() {
        Map<String, Integer> closeCalls = new ConcurrentHashMap<>();
        Map<String, Boolean> listedDuringClose = new ConcurrentHashMap<>();
        serve("/close-once", new StreamHandler() {
            @Override
            public void onMessage(WebsocketServerStream stream, Message message) {
                stream.stop();
            }

            @Override
            public void onClose(WebsocketServerStream stream, int code, String reason) {
                closeCalls.merge(stream.id(), 1, Integer::sum);
                listedDuringClose.put(stream.id(), streams.stream(stream.id()).isPresent());
            }
        });
        TestSocket socket = connect("/close-once");
        socket.sendText("stop please");
        assertEquals(CloseCodes.NORMAL, socket.awaitClose().code());
        await("onClose ran", () -> closeCalls.size() == 1);
        assertEquals(Integer.valueOf(1), closeCalls.values().iterator().next());
        assertEquals(Boolean.FALSE, listedDuringClose.values().iterator().next());
    }

    @Test
    public void sendOnAClosedStreamFailsWithTheCloseCode() {
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        serve("/late-send", new StreamHandler() {
            @Override
            public void onMessage(WebsocketServerStream stream, Message message) {}

            @Override
            public void onClose(WebsocketServerStream stream, int code, String reason) {
                stream.sendText("too late").whenComplete((ok, failure) -> failures.add(failure));
            }
        });
        connect("/late-send").close();
        await("the late send failed", () -> failures.size() == 1);
        assertTrue(String.valueOf(failures.get(0)), failures.get(0) instanceof io.wsstream.api.StreamClosedException);
        assertEquals(CloseCodes.NORMAL, ((io.wsstream.api.StreamClosedException) failures.get(0)).code());
    }

    @Test
    public void unknownPathIs404AndPlainGetOnAServedPathIs426() {
        serve("/served", ECHO);
        assertEquals(404, handshakeStatus("/not-served"));
        assertEquals(404, httpGetStatus("/not-served"));
        assertEquals(426, httpGetStatus("/served"));
        assertEquals(101, handshakeStatus("/served"));
    }

    @Test
    public void pingIsAnsweredWithTheSamePayload() {
        serve("/ping", ECHO);
        TestSocket socket = connect("/ping");
        socket.sendPing(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        assertEquals(ByteBuffer.wrap(new byte[] {1, 2, 3}), socket.nextPong());
        socket.sendText("after ping");
        assertEquals("after ping", socket.nextText());
    }

    @Test
    public void streamInfoDescribesTheHandshake() {
        List<WebsocketServerStream> opened = new CopyOnWriteArrayList<>();
        serve("/info", new StreamHandler() {
            @Override
            public void onOpen(WebsocketServerStream stream) {
                opened.add(stream);
            }

            @Override
            public void onMessage(WebsocketServerStream stream, Message message) {}
        });
        connect("/info?room=blue&room=red", options -> options.header("X-Test", "yes"));
        await("opened", () -> opened.size() == 1);
        WebsocketServerStream stream = opened.get(0);
        assertEquals("/info", stream.path());
        assertEquals(List.of("blue", "red"), stream.info().queryParameters().get("room"));
        assertEquals(List.of("yes"), stream.info().headers().get("x-test"));
        assertEquals("127.0.0.1", stream.info().remoteAddress().getAddress().getHostAddress());
        assertEquals("default", stream.info().serverName());
    }

    private Set<String> idsOn(String path) {
        return streams.streams(path).stream().map(WebsocketServerStream::id).collect(Collectors.toSet());
    }
}
