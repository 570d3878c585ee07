package io.wsstream.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.wsstream.api.BroadcastResult;
import io.wsstream.api.Message;
import io.wsstream.api.StreamHandler;
import io.wsstream.api.WebsocketServerStream;
import io.wsstream.itest.support.TestSocket;

import org.junit.Test;

/** One value to every stream on a path: encoded once, never held back by a slow stream. */
public class BroadcastIT extends WsstreamTestSupport {
    /** 200 x 64 KiB = 12.5 MiB: more than the 4 MiB outbound limit plus what the kernel buffers on loopback. */
    private static final int BROADCASTS = 200;

    /** A handler that only counts: broadcasts come from the test. */
    static final StreamHandler SILENT = new StreamHandler() {
        @Override
        public void onOpen(WebsocketServerStream stream) {
            stream.sendText("ready");
        }

        @Override
        public void onMessage(WebsocketServerStream stream, Message message) {}
    };

    @Test
    public void reachesAThousandStreams() throws Exception {
        serve("/bc/many", SILENT);
        List<TestSocket> sockets = connectMany("/bc/many", 1000);
        await("all streams listed", () -> streams.streams("/bc/many").size() == 1000);

        BroadcastResult result = streams.broadcast("/bc/many", Map.of("news", "hello all", "n", 1))
                .toCompletableFuture().get(30, TimeUnit.SECONDS);

        assertEquals(new BroadcastResult(1000, 1000, 0), result);
        for (TestSocket socket : sockets) {
            assertEquals("ready", socket.nextText());
            assertEquals("{\"n\":1,\"news\":\"hello all\"}".length(), socket.nextText().length());
        }
    }

    @Test
    public void everyoneExceptTheSenderIsOneFilterAway() throws Exception {
        AtomicReference<CompletionStage<BroadcastResult>> broadcast = new AtomicReference<>();
        serve("/bc/room", (stream, message) ->
                broadcast.set(streams.broadcast(stream.path(), message.asMap(), other -> other != stream)));
        TestSocket alice = connect("/bc/room");
        TestSocket bob = connect("/bc/room");
        TestSocket carol = connect("/bc/room");
        await("three in the room", () -> streams.streams("/bc/room").size() == 3);

        alice.sendText("{\"name\":\"alice\",\"text\":\"hi\"}");

        assertEquals("{\"name\":\"alice\",\"text\":\"hi\"}", bob.nextText());
        assertEquals("{\"name\":\"alice\",\"text\":\"hi\"}", carol.nextText());
        // three streams open, two attempted: the filter left out alice, the sender, and only her
        assertEquals(new BroadcastResult(2, 2, 0), await("the broadcast ran").until(broadcast::get, stage -> stage != null)
                .toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Test
    public void aStalledStreamDoesNotHoldBackTheOthers() throws Exception {
        serve("/bc/stall", SILENT);
        connect("/bc/stall", options -> options.manualDemand()); // never reads
        WebsocketServerStream stalledOnServer = await("the stalled stream listed")
                .until(() -> streams.streams("/bc/stall"), listed -> listed.size() == 1).iterator().next();
        List<TestSocket> readers = connectMany("/bc/stall", 10);
        await("all listed", () -> streams.streams("/bc/stall").size() == 11);
        String payload = "y".repeat(64 * 1024);

        for (TestSocket reader : readers) {
            assertEquals("ready", reader.nextText());
        }
        List<CompletableFuture<BroadcastResult>> results = new ArrayList<>();
        long longestQueue = 0;
        for (int i = 0; i < BROADCASTS; i++) {
            results.add(streams.broadcast("/bc/stall", payload).toCompletableFuture());
            // Each broadcast reaches the readers while the stalled stream holds everything sent to it.
            for (TestSocket reader : readers) {
                assertEquals(payload.length() + 2, reader.nextText().length());
            }
            longestQueue = Math.max(longestQueue, stalledOnServer.statistics().outboundQueuedBytes());
        }
        assertTrue("the stalled stream's statistics showed its outbound queue: " + longestQueue, longestQueue > 0);
        await("the stalled stream is cut off at its outbound limit", Duration.ofSeconds(20),
                () -> streams.streams("/bc/stall").size() == 10);
        assertFalse("the stream cut off is the stalled one", stalledOnServer.isOpen());
        assertFalse("the stream cut off is the stalled one", streams.streams("/bc/stall").contains(stalledOnServer));
        assertTrue("the server wrote the stalled stream only part of the broadcasts: " + stalledOnServer.statistics(),
                stalledOnServer.statistics().messagesOut() < 1 + BROADCASTS);
        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        int failedToTheStalledStream = 0;
        for (CompletableFuture<BroadcastResult> result : results) {
            assertTrue("every broadcast was written to every reader (and, until the kernel's buffers filled, to the stalled one)",
                    result.join().written() >= 10);
            failedToTheStalledStream += result.join().failed();
        }
        assertTrue("sends to the stalled stream failed once it was cut off", failedToTheStalledStream >= 1);
        assertFalse(readers.get(0).isClosed());
        assertTrue(streams.streams("/bc/stall").stream().allMatch(WebsocketServerStream::isOpen));
        assertTrue("the server counted the cut-off", java.util.Arrays.stream(streams.getWhiteboardDTO().serverDTOs)
                .mapToLong(dto -> dto.closedOutboundLimit).sum() >= 1);
    }

    @Test
    public void aPathWithoutStreamsGivesAnEmptyResult() throws Exception {
        assertEquals(new BroadcastResult(0, 0, 0),
                streams.broadcast("/bc/nobody", "x").toCompletableFuture().get(5, TimeUnit.SECONDS));
    }

    private List<TestSocket> connectMany(String path, int count) throws Exception {
        ExecutorService connectors = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<TestSocket>> pending = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                pending.add(CompletableFuture.supplyAsync(() -> connect(path), connectors));
            }
            List<TestSocket> sockets = new ArrayList<>();
            for (CompletableFuture<TestSocket> socket : pending) {
                sockets.add(socket.get(60, TimeUnit.SECONDS));
            }
            return sockets;
        } finally {
            connectors.shutdown();
        }
    }
}
