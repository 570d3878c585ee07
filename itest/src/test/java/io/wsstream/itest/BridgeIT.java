package io.wsstream.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.wsstream.api.CloseCodes;
import io.wsstream.api.WebsocketConstants;
import io.wsstream.api.runtime.dto.DTOConstants;
import io.wsstream.itest.support.TestSocket;

import org.junit.Test;
import org.osgi.service.cm.Configuration;

/**
 * The bridges, end to end with real sockets: a JDK websocket client or a plain TCP socket on one side, a
 * TCP server of the test on the other, the bridge bundle configured through ConfigurationAdmin in between.
 */
public class BridgeIT extends BridgeTestSupport {
    private static final long MIB = 1024 * 1024;
    private static final int CHUNK = 64 * 1024;

    /**
     * 100 MiB each way: the client's stream goes websocket to TCP, the echo brings it back TCP to websocket,
     * both directions at once (the echo only reads while it can write, so backpressure must work both ways
     * for this to finish).
     */
    @Test
    public void hundredMebibytesEachWayArriveByteIdentical() throws Exception {
        TcpTestServer echo = closeLater(TcpTestServer.echo());
        bridge("/bridge/echo-big", echo.port());
        long total = 100 * MIB;
        try (BinaryStreamClient client = BinaryStreamClient.connect(uri("/bridge/echo-big"))) {
            long start = System.nanoTime();
            long sentCrc = client.sendStream(total, CHUNK, 42);
            await("the echo of 100 MiB").atMost(Duration.ofSeconds(60)).until(() -> client.receivedBytes() >= total);
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(total, client.receivedBytes());
            assertEquals(total, echo.bytesRead());
            assertEquals("CRC-32 of what came back", sentCrc, client.receivedCrc());
            System.out.printf("bridge: 100 MiB each way through the websocket-TCP bridge in %.2f s (%.1f MiB/s each way)%n",
                seconds, 100 / seconds);
            client.closeGracefully(CloseCodes.NORMAL);
        }
        await("the TCP side saw the end", () -> echo.endsOfStream() == 1 && echo.open() == 0);
    }

    @Test
    public void fiftyConcurrentBridgedConnections() throws Exception {
        TcpTestServer echo = closeLater(TcpTestServer.echo());
        bridge("/bridge/echo-50", echo.port());
        int connections = 50;
        long each = MIB;
        List<BinaryStreamClient> clients = new ArrayList<>();
        ExecutorService senders = Executors.newFixedThreadPool(10);
        try {
            for (int i = 0; i < connections; i++) {
                clients.add(closeLater(BinaryStreamClient.connect(uri("/bridge/echo-50"))));
            }
            await("50 TCP connections open at once", () -> echo.open() == connections);
            List<Future<Long>> sent = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                BinaryStreamClient client = clients.get(i);
                long seed = 1000 + i;
                sent.add(senders.submit(() -> client.sendStream(each, 16 * 1024, seed)));
            }
            for (int i = 0; i < connections; i++) {
                BinaryStreamClient client = clients.get(i);
                long crc = sent.get(i).get(60, TimeUnit.SECONDS);
                await("echo " + i).atMost(Duration.ofSeconds(60)).until(() -> client.receivedBytes() >= each);
                assertEquals("bytes of connection " + i, each, client.receivedBytes());
                assertEquals("CRC-32 of connection " + i, crc, client.receivedCrc());
            }
            assertEquals(connections, echo.maxOpen());
            assertEquals(connections * each, echo.bytesRead());
            for (BinaryStreamClient client : clients) {
                client.closeGracefully(CloseCodes.NORMAL);
            }
            await("all TCP connections closed", () -> echo.open() == 0);
        } finally {
            senders.shutdownNow();
        }
    }

    @Test
    public void wsstreamTargetChoosesTheServersThatServeTheBridge() throws Exception {
        bridge("/bridge/on-default", freePort(), Map.of(WebsocketConstants.TARGET, "(wsstream.server.name=default)"));

        Dictionary<String, Object> elsewhere = new Hashtable<>(Map.of("path", "/bridge/elsewhere", "target.port", freePort(),
            WebsocketConstants.TARGET, "(wsstream.server.name=nowhere)"));
        Configuration configuration = configAdmin.createFactoryConfiguration(BRIDGE_PID, "?");
        configurations.add(configuration);
        configuration.update(elsewhere);
        await("bridge without a matching server listed", () -> isRefused("/bridge/elsewhere", DTOConstants.FAILURE_REASON_NO_MATCHING_SERVER));
        assertEquals(404, handshakeStatus("/bridge/elsewhere"));
    }

    @Test
    public void unreachableTargetClosesWith1014AndAReason() throws Exception {
        bridge("/bridge/down", freePort());
        try (BinaryStreamClient client = BinaryStreamClient.connect(uri("/bridge/down"))) {
            TestSocket.Close close = client.awaitClose(TIMEOUT);
            assertEquals(1014, close.code());
            assertTrue(close.reason(), close.reason().startsWith("target unreachable: "));
        }
    }

    @Test
    public void targetFailingMidStreamClosesWith1014() throws Exception {
        TcpTestServer resetting = closeLater(TcpTestServer.start((socket, server) -> {
            socket.getInputStream().read();
            socket.setSoLinger(true, 0); // close with RST
        }));
        bridge("/bridge/reset", resetting.port());
        try (BinaryStreamClient client = BinaryStreamClient.connect(uri("/bridge/reset"))) {
            client.send(ByteBuffer.wrap(new byte[] {1}));
            TestSocket.Close close = client.awaitClose(TIMEOUT);
            assertEquals(1014, close.code());
            assertTrue(close.reason(), close.reason().startsWith("target failed: "));
        }
    }

    @Test
    public void targetEndOfStreamClosesWith1000AfterTheData() throws Exception {
        byte[] greeting = "RFB 003.008\n".getBytes(StandardCharsets.US_ASCII);
        TcpTestServer greeter = closeLater(TcpTestServer.start((socket, server) -> {
            socket.getOutputStream().write(greeting);
            socket.shutdownOutput();
            socket.getInputStream().read(); // until the bridge closes its side
        }));
        bridge("/bridge/fin", greeter.port());
        try (TestSocket client = TestSocket.connect(uri("/bridge/fin"))) {
            ByteBuffer data = client.nextBinary();
            assertEquals(ByteBuffer.wrap(greeting), data);
            TestSocket.Close close = client.awaitClose();
            assertEquals(CloseCodes.NORMAL, close.code());
        }
        await("the TCP connection closed", () -> greeter.open() == 0);
    }

    @Test
    public void websocketCloseClosesTheTcpConnection() throws Exception {
        TcpTestServer echo = closeLater(TcpTestServer.echo());
        bridge("/bridge/ws-close", echo.port());
        try (TestSocket client = TestSocket.connect(uri("/bridge/ws-close"))) {
            client.sendBinary(new byte[] {1, 2, 3});
            assertEquals(ByteBuffer.wrap(new byte[] {1, 2, 3}), client.nextBinary());
            client.sendClose(CloseCodes.NORMAL, "bye");
            assertEquals(CloseCodes.NORMAL, client.awaitClose().code());
        }
        await("the echo saw the end of stream", () -> echo.endsOfStream() == 1 && echo.open() == 0);
    }

    @Test
    public void textMessagesAreRefusedWith1003() throws Exception {
        TcpTestServer echo = closeLater(TcpTestServer.echo());
        bridge("/bridge/text", echo.port());
        try (TestSocket client = TestSocket.connect(uri("/bridge/text"))) {
            client.sendText("not bytes");
            assertEquals(CloseCodes.UNSUPPORTED_DATA, client.awaitClose().code());
        }
        await("the TCP connection closed", () -> echo.open() == 0);
    }

    /**
     * A TCP peer that does not read holds the websocket reader back: the client's sends stall (TCP flow
     * control reaches the client), nothing is closed for a full buffer, and everything arrives once the peer
     * reads.
     */
    @Test
    public void slowTcpPeerHoldsBackTheWebsocketClient() throws Exception {
        CountDownLatch startReading = new CountDownLatch(1);
        TcpTestServer lazy = closeLater(TcpTestServer.start((socket, server) -> {
            try {
                startReading.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[CHUNK];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                server.countRead(n);
            }
        }));
        bridge("/bridge/lazy", lazy.port());
        int messages = 1024; // 64 MiB, far more than the socket buffers on the way hold
        AtomicInteger written = new AtomicInteger();
        try (BinaryStreamClient client = BinaryStreamClient.connect(uri("/bridge/lazy"))) {
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < messages; i++) {
                    client.sendAsync(ByteBuffer.allocate(CHUNK)).join();
                    written.incrementAndGet();
                }
            });
            int[] last = {-1};
            await("the client's sends stall").pollInterval(Duration.ofMillis(300)).until(() -> {
                int now = written.get();
                boolean stalled = now == last[0];
                last[0] = now;
                return stalled;
            });
            assertTrue("sends went on although the TCP peer reads nothing: " + written.get(), written.get() < messages);
            assertTrue("the websocket closed: " + client.closed().getNow(null), !client.closed().isDone());

            startReading.countDown();
            sending.get(60, TimeUnit.SECONDS);
            await("all bytes at the TCP peer").atMost(Duration.ofSeconds(30))
                .until(() -> lazy.bytesRead() == (long) messages * CHUNK);
            client.closeGracefully(CloseCodes.NORMAL);
        }
    }

    /** A burst beyond max.connections: the slots are taken before the TCP connects, so exactly the maximum are bridged. */
    @Test
    public void burstBeyondMaxConnectionsClosesTheRestWith1013() throws Exception {
        TcpTestServer echo = closeLater(TcpTestServer.echo());
        bridge("/bridge/limited", echo.port(), Map.of("max.connections", 2));
        List<CompletableFuture<BinaryStreamClient>> connecting = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            connecting.add(CompletableFuture.supplyAsync(() -> closeLater(BinaryStreamClient.connect(uri("/bridge/limited")))));
        }
        List<BinaryStreamClient> clients = new ArrayList<>();
        for (CompletableFuture<BinaryStreamClient> client : connecting) {
            clients.add(client.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        }
        await("four refused", () -> clients.stream().filter(c -> c.closed().isDone()).count() == 4);
        for (BinaryStreamClient client : clients) {
            if (client.closed().isDone()) {
                assertEquals(1013, client.closed().join().code());
            }
        }
        await("two bridged", () -> echo.open() == 2);
        assertEquals(2, echo.maxOpen());
    }

    // ---------------------------------------------------------------- forwarder

    /** TCP -> forwarder -> websocket -> bridge -> TCP echo, and all the way back. */
    @Test
    public void forwarderChainedIntoTheBridgeRoundTrip() throws Exception {
        TcpTestServer echo = closeLater(TcpTestServer.echo());
        bridge("/bridge/chain", echo.port());
        int port = forwarder(uri("/bridge/chain").toString(), Map.of());
        long total = 16 * MIB;
        Socket socket = tcpConnect(port);
        long[] result = roundTrip(socket, total, 7, total);
        assertEquals("bytes back", total, result[2]);
        assertEquals("CRC-32 of what came back", result[0], result[1]);
        assertEquals(total, echo.bytesRead());

        socket.shutdownOutput();
        assertEquals("end of stream after the data", -1, socket.getInputStream().read());
        await("the chain closed on the TCP side", () -> echo.open() == 0 && echo.endsOfStream() == 1);
        await("the bridge's stream left the manager", () -> streams.streams("/bridge/chain").isEmpty());
    }

    /** The bridge closes with 1014; the forwarder ends the local connection (as ssh -L does). */
    @Test
    public void forwarderClosesTheLocalConnectionWhenTheTargetIsDown() throws Exception {
        bridge("/bridge/chain-down", freePort());
        int port = forwarder(uri("/bridge/chain-down").toString(), Map.of());
        Socket socket = tcpConnect(port);
        socket.setSoTimeout((int) TIMEOUT.toMillis());
        assertEquals(-1, socket.getInputStream().read());
        await("the bridge's stream left the manager", () -> streams.streams("/bridge/chain-down").isEmpty());
    }

    @Test
    public void forwarderToAnUnknownPathClosesTheLocalConnection() throws Exception {
        int port = forwarder(uri("/bridge/nobody").toString(), Map.of());
        Socket socket = tcpConnect(port);
        socket.setSoTimeout((int) TIMEOUT.toMillis());
        assertEquals(-1, socket.getInputStream().read());
    }
}
