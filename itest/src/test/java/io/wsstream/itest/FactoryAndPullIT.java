package io.wsstream.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.streamBundle;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javax.inject.Inject;

import io.wsstream.api.CloseCodes;
import io.wsstream.api.Message;
import io.wsstream.api.PullStreamEndpoint;
import io.wsstream.api.StreamClosedException;
import io.wsstream.api.StreamEndpoint;
import io.wsstream.api.WebsocketConstants;
import io.wsstream.api.WebsocketPullStream;
import io.wsstream.api.WebsocketServerPullStream;
import io.wsstream.api.WebsocketServerStream;
import io.wsstream.api.WebsocketServerStreamFactory;
import io.wsstream.api.runtime.dto.DTOConstants;
import io.wsstream.itest.support.TestSocket;

import org.junit.Test;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.tinybundles.TinyBundles;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/** Endpoints opened from code, bundle scoped; pull style with backpressure that reaches the socket. */
public class FactoryAndPullIT extends WsstreamTestSupport {
    private static final String FACTORY_USER = "io.wsstream.itest.factory.user";

    @Inject
    WebsocketServerStreamFactory factory;

    /** A code-less bundle that imports the API: the test uses the factory in its name. */
    @Override
    protected Option[] additionalOptions() {
        return new Option[] {
            streamBundle(TinyBundles.bundle()
                    .setHeader(Constants.BUNDLE_SYMBOLICNAME, FACTORY_USER)
                    .setHeader(Constants.BUNDLE_MANIFESTVERSION, "2")
                    .setHeader(Constants.IMPORT_PACKAGE, "io.wsstream.api")
                    .build(TinyBundles.rawBuilder())),
        };
    }

    @Test
    public void pushEndpointServesUntilClosedThenItsStreamsGet1001() {
        StreamEndpoint endpoint = factory.open("/fx/push", (stream, message) -> stream.sendText("pushed " + message.text()));
        try {
            TestSocket socket = connect("/fx/push");
            socket.sendText("a");
            assertEquals("pushed a", socket.nextText());
            assertEquals(1, endpoint.streams().size());
            assertEquals("/fx/push", endpoint.path());

            endpoint.close();

            assertEquals(CloseCodes.GOING_AWAY, socket.awaitClose().code());
            assertEquals(404, handshakeStatus("/fx/push"));
            assertTrue(endpoint.streams().isEmpty());
        } finally {
            endpoint.close();
        }
    }

    @Test
    public void endpointsCloseWhenTheBundleThatOpenedThemStops() throws Exception {
        Bundle user = installedBundle(FACTORY_USER);
        ServiceReference<WebsocketServerStreamFactory> reference = user.getBundleContext()
                .getServiceReference(WebsocketServerStreamFactory.class);
        WebsocketServerStreamFactory usersFactory = user.getBundleContext().getService(reference);
        usersFactory.open("/fx/owned", (stream, message) -> stream.sendText(message.text()));
        TestSocket socket = connect("/fx/owned");
        socket.sendText("alive");
        assertEquals("alive", socket.nextText());
        assertEquals("the endpoint belongs to the opening bundle", user.getBundleId(),
                handlerDTO("/fx/owned").orElseThrow(() -> new AssertionError("not served: /fx/owned")).bundleId);

        user.stop();
        try {
            assertEquals(CloseCodes.GOING_AWAY, socket.awaitClose().code());
            assertEquals(404, handshakeStatus("/fx/owned"));
        } finally {
            user.start();
        }
    }

    @Test
    public void pullEndpointAcceptsStreamsAndReceivesInOrder() throws Exception {
        try (PullStreamEndpoint endpoint = factory.open("/fx/pull", 4)) {
            CompletableFuture<WebsocketServerPullStream> accepted = endpoint.accept().toCompletableFuture();
            TestSocket socket = connect("/fx/pull");
            WebsocketServerPullStream stream = accepted.get(10, TimeUnit.SECONDS);
            socket.sendText("one");
            socket.sendText("two");
            assertEquals("one", stream.receive().toCompletableFuture().get(10, TimeUnit.SECONDS).text());
            assertEquals("two", stream.receive().toCompletableFuture().get(10, TimeUnit.SECONDS).text());
            stream.sendText("reply");
            assertEquals("reply", socket.nextText());

            CompletableFuture<Message> pending = stream.receive().toCompletableFuture();
            try {
                stream.receive();
                fail("a second outstanding receive() must be refused");
            } catch (IllegalStateException expected) {
                // one outstanding call at a time
            }
            socket.close();
            ExecutionException closed = expectFailure(pending);
            assertTrue(closed.getCause() instanceof StreamClosedException);
        }
    }

    @Test
    public void endpointPropertiesChooseServersAndSubprotocolsAndAreCheckedAtOnce() throws Exception {
        try (PullStreamEndpoint elsewhere = factory.open("/fx/elsewhere", 1, Map.of(WebsocketConstants.TARGET, "(wsstream.server.name=nowhere)"));
                PullStreamEndpoint chat = factory.open("/fx/chat", 1, Map.of(WebsocketConstants.TARGET, "(wsstream.server.name=default)",
                    WebsocketConstants.SUBPROTOCOLS, new String[] {"chat.v1"}))) {
            await("endpoint without a server listed", () -> isRefused("/fx/elsewhere", DTOConstants.FAILURE_REASON_NO_MATCHING_SERVER));
            assertEquals(404, handshakeStatus("/fx/elsewhere"));

            CompletableFuture<WebsocketServerPullStream> accepted = chat.accept().toCompletableFuture();
            TestSocket socket = connect("/fx/chat", options -> options.subprotocols("chat.v1"));
            assertEquals("chat.v1", socket.subprotocol());
            assertEquals("chat.v1", accepted.get(10, TimeUnit.SECONDS).info().subprotocol());
        }
        for (Map<String, ?> invalid : List.of(Map.of(WebsocketConstants.SUBPROTOCOLS, "chat v1"),
                Map.of(WebsocketConstants.TARGET, "((not a filter"), Map.of(WebsocketConstants.CLOSE_CODE, 1006))) {
            try {
                factory.open("/fx/invalid", 1, invalid);
                fail("invalid endpoint properties must be refused at once: " + invalid);
            } catch (IllegalArgumentException expected) {
                assertFalse(expected.getMessage().isEmpty());
            }
        }
        assertEquals(404, handshakeStatus("/fx/invalid"));
    }

    @Test
    public void eachModeHasItsOwnTypeSoNoMethodFailsByMode() throws Exception {
        AtomicReference<WebsocketServerStream> pushed = new AtomicReference<>();
        StreamEndpoint push = factory.open("/fx/push-only", (stream, message) -> pushed.set(stream));
        try (push; PullStreamEndpoint pull = factory.open("/fx/pull-only", 1)) {
            assertFalse("a push endpoint has no accept()", push instanceof PullStreamEndpoint);
            connect("/fx/push-only").sendText("x");
            await("the push handler got its message", () -> pushed.get() != null);
            assertFalse("a push stream has no receive()/messages()", pushed.get() instanceof WebsocketPullStream);

            CompletableFuture<WebsocketServerPullStream> accepted = pull.accept().toCompletableFuture();
            connect("/fx/pull-only");
            WebsocketServerPullStream taken = accepted.get(10, TimeUnit.SECONDS);
            assertTrue("the manager lists the pull stream itself", streams.stream(taken.id()).orElseThrow() == taken);
        }
    }

    @Test
    public void handshakesBeyondTheBacklogGet503() throws Exception {
        try (PullStreamEndpoint endpoint = factory.open("/fx/backlog", 2)) {
            TestSocket first = connect("/fx/backlog");
            TestSocket second = connect("/fx/backlog");
            assertEquals(503, handshakeStatus("/fx/backlog"));

            WebsocketServerPullStream taken = endpoint.accept().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertTrue(taken.isOpen());
            assertEquals("one place freed by accept()", 101, handshakeStatus("/fx/backlog"));
            assertFalse(first.isClosed());
            assertFalse(second.isClosed());
        }
    }

    @Test
    public void slowConsumerGetsEveryMessageInOrderWhileTheSocketHoldsTheClientBack() throws Exception {
        int total = 100_000;
        String padding = "x".repeat(1000);
        try (PullStreamEndpoint endpoint = factory.open("/fx/slow", 1)) {
            CompletableFuture<WebsocketServerPullStream> accepted = endpoint.accept().toCompletableFuture();
            TestSocket socket = connect("/fx/slow");
            WebsocketServerPullStream stream = accepted.get(10, TimeUnit.SECONDS);
            PacedSubscriber consumer = new PacedSubscriber();
            stream.messages().subscribe(consumer);
            await("subscribed", consumer::isSubscribed);
            Sender sender = new Sender(socket, total, padding);
            sender.start();
            try {
                consumer.request(10);
                await("the first ten consumed", () -> consumer.received.get() == 10);
                long serverReadBefore = serverMessagesIn();

                // The consumer pauses: the server stops reading, TCP fills up, the client's send stalls.
                await("the client is held back by TCP flow control").during(Duration.ofMillis(500))
                        .atMost(Duration.ofSeconds(20)).until(sender::isStalled);
                int sentWhilePaused = sender.completed.get();
                assertTrue("the client got only " + sentWhilePaused + " of " + total + " sends written while paused",
                        sentWhilePaused < total / 2);
                assertEquals("the server read nothing beyond the demand", serverReadBefore, serverMessagesIn());
                assertEquals(10, consumer.received.get());

                consumer.resumeInBatches(64);
                await("every message consumed", Duration.ofSeconds(60), () -> consumer.received.get() == total);
                assertNull(consumer.outOfOrder.get());
            } finally {
                sender.interrupt();
            }
        }
    }

    @Test
    public void aSecondSubscriberIsRefused() throws Exception {
        try (PullStreamEndpoint endpoint = factory.open("/fx/one-subscriber", 1)) {
            CompletableFuture<WebsocketServerPullStream> accepted = endpoint.accept().toCompletableFuture();
            connect("/fx/one-subscriber");
            WebsocketServerPullStream stream = accepted.get(10, TimeUnit.SECONDS);
            stream.messages().subscribe(new PacedSubscriber());
            PacedSubscriber second = new PacedSubscriber();
            stream.messages().subscribe(second);
            await("the second subscriber got onError", () -> second.error.get() instanceof IllegalStateException);
        }
    }

    @Test
    public void aClientThatNeverReadsIsClosedWith1008AndTheServerStaysHealthy() {
        AtomicReference<WebsocketServerStream> flooded = new AtomicReference<>();
        AtomicInteger failedSends = new AtomicInteger();
        serve("/fx/flood", new io.wsstream.api.StreamHandler() {
            @Override
            public void onOpen(WebsocketServerStream stream) {
                flooded.set(stream);
                java.nio.ByteBuffer chunk = java.nio.ByteBuffer.allocate(64 * 1024);
                for (int i = 0; i < 200; i++) {
                    stream.sendBinary(chunk.duplicate()).whenComplete((ok, failure) -> {
                        if (failure != null) {
                            failedSends.incrementAndGet();
                        }
                    });
                }
            }

            @Override
            public void onMessage(WebsocketServerStream stream, Message message) {}
        });
        long limitClosesBefore = closedForOutboundLimit();
        connect("/fx/flood", options -> options.manualDemand());

        await("the stream is closed for its outbound limit", () -> closedForOutboundLimit() == limitClosesBefore + 1);
        await("and leaves the manager, disconnected", Duration.ofSeconds(20), () -> streams.streams("/fx/flood").isEmpty());
        assertTrue("sends past the limit fail", failedSends.get() > 0);
        assertFalse(flooded.get().isOpen());

        serve("/fx/healthy", (stream, message) -> stream.sendText(message.text()));
        TestSocket healthy = connect("/fx/healthy");
        healthy.sendText("fine");
        assertEquals("fine", healthy.nextText());
    }

    private long closedForOutboundLimit() {
        return Arrays.stream(streams.getWhiteboardDTO().serverDTOs).mapToLong(dto -> dto.closedOutboundLimit).sum();
    }

    private long serverMessagesIn() {
        return Arrays.stream(streams.getWhiteboardDTO().serverDTOs).mapToLong(dto -> dto.messagesIn).sum();
    }

    private static void assertNull(Object value) {
        org.junit.Assert.assertNull(String.valueOf(value), value);
    }

    private static ExecutionException expectFailure(CompletableFuture<?> future) throws InterruptedException, TimeoutException {
        try {
            future.get(10, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got " + future.join());
        } catch (ExecutionException expected) {
            return expected;
        } catch (CompletionException unexpected) {
            throw new AssertionError(unexpected);
        }
    }

    /** Sends numbered messages one after the other, each when the previous one was written. */
    static final class Sender extends Thread {
        final AtomicInteger completed = new AtomicInteger();
        private final TestSocket socket;
        private final int total;
        private final String padding;
        private volatile CompletableFuture<?> inFlight;
        private volatile long inFlightSince;

        Sender(TestSocket socket, int total, String padding) {
            super("test-sender");
            this.socket = socket;
            this.total = total;
            this.padding = padding;
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                for (int i = 0; i < total && !isInterrupted(); i++) {
                    inFlightSince = System.nanoTime();
                    inFlight = socket.socket().sendText(i + " " + padding, true);
                    inFlight.get();
                    completed.incrementAndGet();
                }
            } catch (InterruptedException | ExecutionException stopped) {
                // the test is over
            }
        }

        /** @return whether a send is under way and not yet written */
        boolean isStalled() {
            CompletableFuture<?> current = inFlight;
            return current != null && !current.isDone() && completed.get() < total;
        }
    }

    /** Requests only what the test allows, and checks the order of what arrives. */
    static final class PacedSubscriber implements Flow.Subscriber<Message> {
        final AtomicInteger received = new AtomicInteger();
        final AtomicReference<String> outOfOrder = new AtomicReference<>();
        final AtomicReference<Throwable> error = new AtomicReference<>();
        private volatile Flow.Subscription subscription;
        private volatile int batch;
        private int sinceLastRequest;

        boolean isSubscribed() {
            return subscription != null;
        }

        void request(long n) {
            Flow.Subscription current = subscription;
            if (current == null) {
                throw new IllegalStateException("not subscribed yet");
            }
            current.request(n);
        }

        void resumeInBatches(int size) {
            batch = size;
            sinceLastRequest = 0;
            request(size);
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
        }

        @Override
        public void onNext(Message message) {
            String text = message.text();
            int number = Integer.parseInt(text.substring(0, text.indexOf(' ')));
            if (number != received.get() && outOfOrder.get() == null) {
                outOfOrder.set("expected " + received.get() + ", got " + number);
            }
            received.incrementAndGet();
            if (batch > 0 && ++sinceLastRequest == batch) {
                sinceLastRequest = 0;
                subscription.request(batch);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            error.set(throwable);
        }

        @Override
        public void onComplete() {}
    }
}
