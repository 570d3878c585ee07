package io.wsstream.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.streamBundle;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.wsstream.api.CloseCodes;
import io.wsstream.api.Message;
import io.wsstream.api.StreamHandler;
import io.wsstream.api.WebsocketServerStream;
import io.wsstream.itest.churn.VolatileHandlerActivator;
import io.wsstream.itest.support.TestSocket;

import org.junit.Test;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.tinybundles.TinyBundles;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;

/**
 * Handler churn under load: 200 clients (180 sending continuously on one path, 20 on the churning one)
 * while the handler bundle of the other path is stopped and started 50 times. The busy path must lose nothing; the churning path's streams must see
 * their close code; nothing may leak.
 */
public class ChurnIT extends WsstreamTestSupport {
    private static final String VOLATILE_BUNDLE = "io.wsstream.itest.churn";
    private static final int SENDERS = 180;
    private static final int CHURNED_CLIENTS = 20;
    /**
     * How far a client may run ahead of the handler. Without it, loopback's large TCP buffers would let
     * clients queue hundreds of thousands of messages that the test then waits for.
     */
    private static final int WINDOW = 50;
    /** How long a sender waits for a permit of its window or for a send to be written. */
    private static final Duration SENDER_WAIT = Duration.ofSeconds(30);
    private static final int WARM_UP_CYCLES = 10;
    /** Pool threads that may still be busy finishing the last cycle. */
    private static final int THREAD_SLACK = 10;
    private static final int CYCLES = 50;

    @Override
    protected Option[] additionalOptions() {
        return new Option[] {
            streamBundle(TinyBundles.bundle()
                    .setHeader(Constants.BUNDLE_SYMBOLICNAME, VOLATILE_BUNDLE)
                    .addClass(VolatileHandlerActivator.class)
                    .setHeader(Constants.BUNDLE_ACTIVATOR, VolatileHandlerActivator.class.getName())
                    .build(TinyBundles.bndBuilder())),
        };
    }

    @Test
    public void busyStreamsLoseNothingWhileAnotherHandlerChurns() throws Exception {
        Map<String, List<Integer>> receivedPerClient = new ConcurrentHashMap<>();
        AtomicInteger duplicatesOrGaps = new AtomicInteger();
        // a client takes a permit before each send; the handler gives it back once it has the message
        Semaphore[] windows = new Semaphore[SENDERS];
        for (int client = 0; client < SENDERS; client++) {
            windows[client] = new Semaphore(WINDOW);
        }
        serve("/churn/busy", new StreamHandler() {
            @Override
            public void onMessage(WebsocketServerStream stream, Message message) {
                String text = message.text();
                int space = text.indexOf(' ');
                List<Integer> seen = receivedPerClient.computeIfAbsent(text.substring(0, space), k -> new CopyOnWriteArrayList<>());
                int number = Integer.parseInt(text.substring(space + 1));
                if (number != seen.size()) {
                    duplicatesOrGaps.incrementAndGet();
                }
                seen.add(number);
                windows[Integer.parseInt(text.substring(1, space))].release();
            }
        });
        Bundle churning = installedBundle(VOLATILE_BUNDLE);
        await("the churning handler is served", () -> handshakeStatus("/churn/volatile") == 101);
        // handshakeStatus() above opened and closed a stream; the baseline is the manager once that one has left.
        await("no stream open before the load", () -> streams.streams().isEmpty());

        List<TestSocket> busy = new ArrayList<>();
        for (int i = 0; i < SENDERS; i++) {
            busy.add(connect("/churn/busy"));
        }
        AtomicBoolean sending = new AtomicBoolean(true);
        AtomicReference<Throwable> senderFailure = new AtomicReference<>();
        List<Thread> senders = new ArrayList<>();
        int[] sent = new int[SENDERS];
        for (int group = 0; group < 4; group++) {
            int first = group;
            Thread sender = new Thread(() -> {
                try {
                    while (sending.get()) {
                        for (int client = first; client < SENDERS && sending.get(); client += 4) {
                            if (!windows[client].tryAcquire(SENDER_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                                throw new AssertionError("client " + client + ": the handler took none of its last "
                                        + WINDOW + " messages within " + SENDER_WAIT.toSeconds() + " s");
                            }
                            busy.get(client).socket().sendText("c" + client + " " + sent[client], true)
                                    .get(SENDER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                            sent[client]++;
                        }
                    }
                } catch (Throwable failure) {
                    senderFailure.compareAndSet(null, failure);
                }
            }, "churn-sender-" + group);
            sender.start();
            senders.add(sender);
        }

        int threadsAfterWarmUp = 0;
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            if (cycle == WARM_UP_CYCLES) {
                threadsAfterWarmUp = liveThreads();
            }
            List<TestSocket> churned = new ArrayList<>();
            for (int i = 0; i < CHURNED_CLIENTS; i++) {
                churned.add(connect("/churn/volatile"));
            }
            churning.stop();
            for (TestSocket socket : churned) {
                assertEquals("cycle " + cycle, CloseCodes.SERVICE_RESTART, socket.awaitClose().code());
                socket.close();
            }
            assertEquals(404, handshakeStatus("/churn/volatile"));
            churning.start();
            await("served again", () -> handshakeStatus("/churn/volatile") == 101);
        }

        sending.set(false);
        for (Thread sender : senders) {
            sender.join(Duration.ofSeconds(30).toMillis());
        }
        if (senderFailure.get() != null) {
            throw new AssertionError("a busy client failed to send", senderFailure.get());
        }
        for (Thread sender : senders) {
            assertFalse(sender.getName() + " still sending 30 s after it was told to stop", sender.isAlive());
        }
        for (int client = 0; client < SENDERS; client++) {
            int expected = sent[client];
            String id = "c" + client;
            await("client " + client + " fully received", Duration.ofSeconds(30),
                    () -> receivedPerClient.getOrDefault(id, List.of()).size() == expected);
        }
        assertEquals("messages out of order, duplicated or lost", 0, duplicatesOrGaps.get());
        assertTrue("every busy client sent", java.util.Arrays.stream(sent).allMatch(count -> count > 0));

        busy.forEach(TestSocket::close);
        await("the manager is back to its view before: no stream open", Duration.ofSeconds(60), () -> streams.streams().isEmpty());
        // Thread pools (Jetty's, the handler executor, the JDK client's) are bounded and shrink on their own
        // idle timeouts; what must not happen is growth with every cycle.
        int warmUpThreads = threadsAfterWarmUp;
        await("no threads leaked by 40 more cycles", Duration.ofSeconds(30), () -> liveThreads() <= warmUpThreads + THREAD_SLACK);
    }

    private static int liveThreads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }
}
