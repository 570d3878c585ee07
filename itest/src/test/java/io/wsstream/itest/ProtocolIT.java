package io.wsstream.itest;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.wsstream.api.CloseCodes;
import io.wsstream.api.Message;
import io.wsstream.api.StreamClosedException;
import io.wsstream.api.StreamHandler;
import io.wsstream.api.WebsocketServerStream;
import io.wsstream.api.runtime.dto.RefusalReasons;
import io.wsstream.api.runtime.dto.ServerDTO;
import io.wsstream.itest.support.TestSocket;

import org.junit.Before;
import org.junit.Test;

/** Every bad input gets the answer RFC 6455 asks for: at the handshake, and frame by frame. */
public class ProtocolIT extends WsstreamTestSupport {
    private static final String PATH = "/proto/echo";
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    private static final byte[] NOTHING = new byte[0];

    @Before
    public void serveEcho() {
        serve(PATH, StreamLifecycleIT.ECHO);
    }

    private RawWebsocket open() throws Exception {
        return RawWebsocket.open(uri(PATH));
    }

    private RawWebsocket.HttpAnswer handshake(String method, String... headers) throws Exception {
        URI target = uri(PATH);
        String[] lines = new String[headers.length + 2];
        lines[0] = method + " " + PATH + " HTTP/1.1";
        lines[1] = "Host: " + target.getHost() + ":" + target.getPort();
        System.arraycopy(headers, 0, lines, 2, headers.length);
        return RawWebsocket.request(target, lines);
    }

    // ---- handshake ----

    @Test
    public void handshakeWithoutConnectionUpgradeIs400() throws Exception {
        assertEquals(400, handshake("GET", "Upgrade: websocket", "Sec-WebSocket-Key: " + KEY, "Sec-WebSocket-Version: 13").status());
    }

    @Test
    public void handshakeWithoutKeyIs400() throws Exception {
        assertEquals(400, handshake("GET", "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 13").status());
    }

    @Test
    public void keyThatIsNot16BytesOfBase64Is400() throws Exception {
        assertEquals(400, handshake("GET", "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Key: c2hvcnQ=",
                "Sec-WebSocket-Version: 13").status());
        assertEquals(400, handshake("GET", "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Key: !!!notbase64!!!",
                "Sec-WebSocket-Version: 13").status());
    }

    @Test
    public void missingVersionIs400AndUnsupportedIs426BothNamingVersion13() throws Exception {
        RawWebsocket.HttpAnswer missing = handshake("GET", "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Key: " + KEY);
        assertEquals(400, missing.status());
        assertEquals("13", missing.header("Sec-WebSocket-Version"));
        RawWebsocket.HttpAnswer unsupported = handshake("GET", "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Key: " + KEY, "Sec-WebSocket-Version: 8");
        assertEquals(426, unsupported.status());
        assertEquals("13", unsupported.header("Sec-WebSocket-Version"));
    }

    @Test
    public void nonGetUpgradeIs405() throws Exception {
        RawWebsocket.HttpAnswer answer = handshake("POST", "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Key: " + KEY,
                "Sec-WebSocket-Version: 13", "Content-Length: 0");
        assertEquals(405, answer.status());
        assertEquals("GET", answer.header("Allow"));
    }

    @Test
    public void malformedHandshakesAreCounted() throws Exception {
        long before = badRequests();
        handshake("GET", "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 13");
        assertEquals(before + 1, badRequests());
    }

    // ---- frames: protocol errors ----

    private void assertClosesWith(int expected, FrameAction action) throws Exception {
        try (RawWebsocket socket = open()) {
            action.run(socket);
            assertEquals(expected, socket.awaitClose());
        }
    }

    @FunctionalInterface
    interface FrameAction {
        void run(RawWebsocket socket) throws Exception;
    }

    @Test
    public void unmaskedClientFrameIs1002() throws Exception {
        assertClosesWith(CloseCodes.PROTOCOL_ERROR, s -> s.frame(true, 0, RawWebsocket.TEXT, "hi".getBytes(StandardCharsets.UTF_8), false));
    }

    @Test
    public void reservedBitsWithoutAnExtensionAre1002() throws Exception {
        for (int rsv : new int[] {1, 2, 4}) {
            assertClosesWith(CloseCodes.PROTOCOL_ERROR, s -> s.frame(true, rsv, RawWebsocket.TEXT, "hi".getBytes(StandardCharsets.UTF_8), true));
        }
    }

    @Test
    public void reservedOpcodesAre1002() throws Exception {
        for (int opcode : new int[] {0x3, 0x7, 0xB, 0xF}) {
            assertClosesWith(CloseCodes.PROTOCOL_ERROR, s -> s.frame(true, 0, opcode, NOTHING, true));
        }
    }

    @Test
    public void fragmentedOrOversizedControlFramesAre1002() throws Exception {
        assertClosesWith(CloseCodes.PROTOCOL_ERROR, s -> s.frame(false, 0, RawWebsocket.PING, NOTHING, true));
        assertClosesWith(CloseCodes.PROTOCOL_ERROR, s -> s.frame(true, 0, RawWebsocket.PING, new byte[126], true));
    }

    @Test
    public void continuationWithoutAStartIs1002() throws Exception {
        assertClosesWith(CloseCodes.PROTOCOL_ERROR, s -> s.frame(true, 0, RawWebsocket.CONTINUATION, "x".getBytes(StandardCharsets.UTF_8), true));
    }

    @Test
    public void aNewDataFrameInsideAFragmentedMessageIs1002() throws Exception {
        assertClosesWith(CloseCodes.PROTOCOL_ERROR, s -> {
            s.frame(false, 0, RawWebsocket.TEXT, "part".getBytes(StandardCharsets.UTF_8), true);
            s.frame(true, 0, RawWebsocket.TEXT, "new".getBytes(StandardCharsets.UTF_8), true);
        });
    }

    // ---- frames: invalid payloads ----

    @Test
    public void invalidUtf8Is1007() throws Exception {
        assertClosesWith(CloseCodes.INVALID_PAYLOAD, s -> s.frame(RawWebsocket.TEXT, new byte[] {(byte) 0xC3, 0x28}));
    }

    @Test
    public void invalidUtf8SplitAcrossFragmentsIs1007() throws Exception {
        assertClosesWith(CloseCodes.INVALID_PAYLOAD, s -> {
            s.frame(false, 0, RawWebsocket.TEXT, new byte[] {'o', 'k', (byte) 0xE2, (byte) 0x82}, true);
            s.frame(true, 0, RawWebsocket.CONTINUATION, new byte[] {0x28}, true);
        });
    }

    @Test
    public void validUtf8SplitAcrossFragmentsIsReassembled() throws Exception {
        try (RawWebsocket socket = open()) {
            byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
            socket.frame(false, 0, RawWebsocket.TEXT, new byte[] {'a', euro[0]}, true);
            socket.frame(true, 0, RawWebsocket.CONTINUATION, new byte[] {euro[1], euro[2], 'b'}, true);
            assertEquals("a€b", socket.read().text());
        }
    }

    @Test
    public void invalidUtf8InACloseReasonIs1007() throws Exception {
        assertClosesWith(CloseCodes.INVALID_PAYLOAD, s -> s.close(1000, new byte[] {(byte) 0xFF, (byte) 0xFE}));
    }

    @Test
    public void closeCodesThatMayNotBeSentAre1002() throws Exception {
        for (int code : new int[] {999, 1005, 1006, 1016, 2999, 5000}) {
            assertClosesWith(CloseCodes.PROTOCOL_ERROR, s -> s.close(code, NOTHING));
        }
    }

    @Test
    public void aOneByteClosePayloadIs1002() throws Exception {
        assertClosesWith(CloseCodes.PROTOCOL_ERROR, s -> s.frame(RawWebsocket.CLOSE, new byte[] {0x03}));
    }

    // ---- frames: what must work ----

    @Test
    public void validClosesAreEchoedAndTheConnectionEnds() throws Exception {
        for (int code : new int[] {1000, 4000}) {
            try (RawWebsocket socket = open()) {
                socket.close(code, "bye".getBytes(StandardCharsets.UTF_8));
                assertEquals(code, socket.awaitClose());
                assertTrue("the server closes the TCP connection after the closing handshake", socket.awaitEndOfStream());
            }
        }
    }

    @Test
    public void dataAfterACloseIsIgnored() throws Exception {
        try (RawWebsocket socket = open()) {
            socket.close(1000, NOTHING);
            socket.text("too late");
            RawWebsocket.Frame first = socket.read();
            assertEquals("only the close comes back", RawWebsocket.CLOSE, first.opcode());
            assertEquals(1000, first.closeCode());
        }
    }

    @Test
    public void aPingIsAnsweredWithTheSamePayload() throws Exception {
        try (RawWebsocket socket = open()) {
            byte[] payload = {1, 2, 3, 4, 5};
            socket.frame(RawWebsocket.PING, payload);
            RawWebsocket.Frame pong = socket.read();
            assertEquals(RawWebsocket.PONG, pong.opcode());
            assertArrayEquals(payload, pong.payload());
            socket.text("still open");
            assertEquals("still open", socket.read().text());
        }
    }

    @Test
    public void anOversizedMessageIs1009() throws Exception {
        byte[] quarter = new byte[256 * 1024 + 1];
        Arrays.fill(quarter, (byte) 'a');
        assertClosesWith(CloseCodes.MESSAGE_TOO_BIG, s -> {
            s.frame(false, 0, RawWebsocket.TEXT, quarter, true);
            for (int i = 0; i < 3; i++) {
                s.frame(i == 2, 0, RawWebsocket.CONTINUATION, quarter, true);
            }
        });
    }

    @Test
    public void anOversizedFrameIs1009() throws Exception {
        assertClosesWith(CloseCodes.MESSAGE_TOO_BIG, s -> s.frame(true, 0, RawWebsocket.BINARY, new byte[1024 * 1024 + 16], true));
    }

    // ---- peers and handlers that go away ----

    @Test
    public void aClientThatVanishesLeavesTheManagerAndOnCloseRunsOnceWhilePendingSendsFail() throws Exception {
        Map<String, Integer> closes = new ConcurrentHashMap<>();
        List<WebsocketServerStream> opened = new CopyOnWriteArrayList<>();
        serve("/proto/vanish", new StreamHandler() {
            @Override
            public void onOpen(WebsocketServerStream stream) {
                opened.add(stream);
            }

            @Override
            public void onMessage(WebsocketServerStream stream, Message message) {}

            @Override
            public void onClose(WebsocketServerStream stream, int code, String reason) {
                closes.merge(stream.id() + " " + code, 1, Integer::sum);
            }
        });
        RawWebsocket socket = RawWebsocket.open(uri("/proto/vanish"));
        await("opened", () -> opened.size() == 1);
        WebsocketServerStream stream = opened.get(0);

        socket.reset();

        await("the stream left the manager", () -> streams.streams("/proto/vanish").isEmpty());
        await("onClose ran", () -> closes.size() == 1);
        assertEquals(Map.of(stream.id() + " " + CloseCodes.ABNORMAL, 1), closes);
        Throwable failure = stream.sendText("into the void").toCompletableFuture().handle((ok, error) -> error).get();
        assertTrue(String.valueOf(failure), failure instanceof StreamClosedException);
        assertEquals(CloseCodes.ABNORMAL, ((StreamClosedException) failure).code());
    }

    @Test
    public void aLeavingHandlerClosesWithItsConfiguredCodeAfterItsGracePeriod() throws Exception {
        var registration = serve(StreamLifecycleIT.ECHO, Map.of(io.wsstream.api.WebsocketConstants.PATH, "/proto/restart",
                io.wsstream.api.WebsocketConstants.CLOSE_CODE, CloseCodes.SERVICE_RESTART,
                io.wsstream.api.WebsocketConstants.CLOSE_GRACE_MILLIS, 1500L));
        TestSocket socket = connect("/proto/restart");
        // The client has its 101 before the server lists the stream; a stream opening after its handler left is
        // closed at once, so wait until this one is open.
        await("the stream is open", () -> streams.streams("/proto/restart").size() == 1);
        registration.unregister();

        assertEquals("new connections are refused at once", 404, handshakeStatus("/proto/restart"));
        socket.sendText("during the grace period");
        assertEquals("during the grace period", socket.nextText());
        assertEquals(CloseCodes.SERVICE_RESTART, socket.awaitClose().code());
    }

    private long badRequests() {
        return Arrays.stream(streams.getWhiteboardDTO().serverDTOs).mapToLong((ServerDTO dto) -> refusals(dto, RefusalReasons.BAD_REQUEST)).sum();
    }
}
