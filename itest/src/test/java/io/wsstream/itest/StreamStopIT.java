package io.wsstream.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import javax.inject.Inject;

import io.wsstream.api.Message;
import io.wsstream.api.PullStreamEndpoint;
import io.wsstream.api.StreamClosedException;
import io.wsstream.api.StreamEndpoint;
import io.wsstream.api.StreamHandler;
import io.wsstream.api.WebsocketServerPullStream;
import io.wsstream.api.WebsocketServerStream;
import io.wsstream.api.WebsocketServerStreamFactory;
import io.wsstream.api.runtime.WebsocketServerRuntime;

import org.junit.Test;

/**
 * A stream that is stopped always leaves: {@code stop()} or {@code close()} against a peer that never
 * answers the close (it completed the handshake, then reads nothing and sends nothing) disconnects it once
 * {@code stop.timeout.ms} is over, removes the stream from the {@code StreamManager} and tells the handler
 * once. Whiteboard handlers, push and pull endpoints of the factory alike.
 *
 * <p>The server here has an idle timeout of ten minutes and no keep-alive, so nothing but the stop
 * timeout can end these streams within the test's wait.
 */
public class StreamStopIT extends WsstreamTestSupport {
    private static final long STOP_TIMEOUT_MS = 300;
    /** The peer's TCP receive buffer: its window fills after a few KiB. */
    private static final int PEER_RECEIVE_BUFFER = 4096;
    /**
     * 160 x 64 KiB = 10 MiB for the peer: more than the server's socket send buffer can take (4 MiB at most
     * on Linux, net.ipv4.tcp_wmem) plus the peer's receive buffer, and below the outbound limit set here.
     */
    private static final int CHUNK_BYTES = 64 * 1024;
    private static final int CHUNKS = 160;

    @Inject
    WebsocketServerStreamFactory factory;

    private WebsocketServerRuntime stoppingServer() {
        return servers().start("stopping", Map.of(
            "stop.timeout.ms", STOP_TIMEOUT_MS,
            "idle.timeout.ms", 600_000L,
            "ping.interval.ms", 0L,
            "outbound.limit.bytes", 64L * 1024 * 1024));
    }

    @Test
    public void stopOfAWhiteboardStreamWhosePeerReadsNothingDisconnectsItAndTheStreamLeaves() throws Exception {
        WebsocketServerRuntime stopping = stoppingServer();
        ClosingHandler handler = new ClosingHandler();
        serve("/stop/whiteboard", handler);
        try (RawWebsocket peer = RawWebsocket.openWithReceiveBuffer(stopping.uri("/stop/whiteboard"), PEER_RECEIVE_BUFFER)) {
            WebsocketServerStream stream = awaitOnlyStream(() -> streams.streams("/stop/whiteboard"));
            CompletableFuture<Void> lastChunk = flood(stream);

            stream.stop();

            assertLeftAndDisconnected("/stop/whiteboard", peer, () -> streams.streams("/stop/whiteboard"));
            assertNeverWritten(lastChunk);
            handler.assertClosedOnce();
        }
    }

    @Test
    public void closeOfAWhiteboardStreamWhosePeerNeverAnswersTheCloseDisconnectsItAndTheStreamLeaves() throws Exception {
        WebsocketServerRuntime stopping = stoppingServer();
        ClosingHandler handler = new ClosingHandler();
        serve("/stop/unanswered", handler);
        try (RawWebsocket peer = RawWebsocket.openWithReceiveBuffer(stopping.uri("/stop/unanswered"), PEER_RECEIVE_BUFFER)) {
            WebsocketServerStream stream = awaitOnlyStream(() -> streams.streams("/stop/unanswered"));

            // Nothing queued: the close frame is written; the peer just never answers it.
            stream.close(4000, "bye").toCompletableFuture().join();

            await("the stream leaves the manager", () -> streams.streams("/stop/unanswered").isEmpty());
            assertEquals("the peer got the close frame", 4000, peer.awaitClose());
            assertTrue("and was disconnected after it", peer.awaitEndOfStream());
            handler.assertClosedOnce();
        }
    }

    @Test
    public void stopOfAPushEndpointStreamWhosePeerReadsNothingDisconnectsItAndTheStreamLeaves() throws Exception {
        WebsocketServerRuntime stopping = stoppingServer();
        ClosingHandler handler = new ClosingHandler();
        StreamEndpoint endpoint = factory.open("/stop/push", handler);
        try (RawWebsocket peer = RawWebsocket.openWithReceiveBuffer(stopping.uri("/stop/push"), PEER_RECEIVE_BUFFER)) {
            WebsocketServerStream stream = awaitOnlyStream(endpoint::streams);
            CompletableFuture<Void> lastChunk = flood(stream);

            stream.stop();

            assertLeftAndDisconnected("/stop/push", peer, endpoint::streams);
            assertNeverWritten(lastChunk);
            handler.assertClosedOnce();
        } finally {
            endpoint.close();
        }
    }

    @Test
    public void stopOfAPullEndpointStreamWhosePeerReadsNothingDisconnectsItAndTheStreamLeaves() throws Exception {
        WebsocketServerRuntime stopping = stoppingServer();
        PullStreamEndpoint endpoint = factory.open("/stop/pull", 4);
        try (RawWebsocket peer = RawWebsocket.openWithReceiveBuffer(stopping.uri("/stop/pull"), PEER_RECEIVE_BUFFER)) {
            WebsocketServerPullStream stream = endpoint.accept().toCompletableFuture().join();
            CompletableFuture<Message> received = stream.receive().toCompletableFuture();
            CompletableFuture<Void> lastChunk = flood(stream);

            stream.stop();

            assertLeftAndDisconnected("/stop/pull", peer, endpoint::streams);
            assertNeverWritten(lastChunk);
            await("the pending receive() ends", received::isDone);
        } finally {
            endpoint.close();
        }
    }

    private WebsocketServerStream awaitOnlyStream(Supplier<java.util.Collection<WebsocketServerStream>> streamsNow) {
        return await("the stream is listed").until(streamsNow::get, listed -> listed.size() == 1).iterator().next();
    }

    /** Sends more than the peer's and the server's buffers take. @return the stage of the last send */
    private static CompletableFuture<Void> flood(WebsocketServerStream stream) {
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES);
        CompletableFuture<Void> last = null;
        for (int i = 0; i < CHUNKS; i++) {
            last = stream.sendBinary(chunk.duplicate()).toCompletableFuture();
        }
        return last;
    }

    private void assertLeftAndDisconnected(String path, RawWebsocket peer,
            Supplier<java.util.Collection<WebsocketServerStream>> endpointStreams) throws Exception {
        await("the stopped stream leaves the manager", () -> streams.streams(path).isEmpty());
        assertTrue("and the endpoint", endpointStreams.get().isEmpty());
        assertTrue("the peer was disconnected", peer.awaitEndOfStream());
    }

    /** The evidence that the server's writes backed up: the last chunk never left. */
    private static void assertNeverWritten(CompletableFuture<Void> lastChunk) {
        try {
            lastChunk.join();
            throw new AssertionError("the last chunk was written: the peer's buffers took everything, the test proves nothing");
        } catch (CompletionException expected) {
            assertTrue(String.valueOf(expected.getCause()), expected.getCause() instanceof StreamClosedException);
        }
    }

    /** Records its onClose calls. */
    private static final class ClosingHandler implements StreamHandler {
        final List<Integer> closes = new CopyOnWriteArrayList<>();

        @Override
        public void onMessage(WebsocketServerStream stream, Message message) {}

        @Override
        public void onClose(WebsocketServerStream stream, int code, String reason) {
            closes.add(code);
        }

        void assertClosedOnce() {
            await("onClose ran", () -> !closes.isEmpty());
            assertEquals("onClose ran once: " + closes, 1, closes.size());
        }
    }
}
