package io.wsstream.benchmark.client;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * Broadcast: {@code streams} connections on {@code /bench/broadcast}; one of them sends a JSON object, the
 * server sends it to all of them (the sender too), and a round lasts from the send until the last
 * stream has it. The connections stay open across rounds, so rounds of several servers can alternate.
 */
public final class BroadcastLoad implements AutoCloseable {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(60);
    static final Duration ROUND_TIMEOUT = Duration.ofSeconds(20);
    static final String PAYLOAD = "x".repeat(64);
    static final int SETTLE_ATTEMPTS = 100;
    static final Duration SETTLE_WAIT = Duration.ofMillis(200);

    private final URI uri;
    private final int streams;
    private final List<Session> sessions;
    private final AtomicLong wrong = new AtomicLong();
    /** Messages of the rounds that made sure every stream is listed: they may still arrive late. */
    private final Set<String> settleMessages = ConcurrentHashMap.newKeySet();
    private volatile Round round;
    private long seq;

    public BroadcastLoad(LoadClient client, URI uri, int streams) {
        this.uri = uri;
        this.streams = streams;
        List<Listener> listeners = new ArrayList<>(streams);
        for (int i = 0; i < streams; i++) {
            listeners.add(new Listener());
        }
        this.sessions = client.connectAll(uri, streams, listeners::get, CONNECT_TIMEOUT);
        settle();
    }

    /**
     * Broadcasts until one message reaches every stream. A server lists a stream when it has opened it,
     * which on all three servers is a moment after the client's handshake completed (the 101 is written
     * before the connection is handed to the websocket layer); a broadcast in that moment misses it.
     */
    private void settle() {
        for (int attempt = 1; attempt <= SETTLE_ATTEMPTS; attempt++) {
            Round current = new Round(++seq, streams);
            settleMessages.add(current.message);
            round = current;
            sessions.get(0).sendText(current.message, Callback.NOOP);
            try {
                if (current.done.await(SETTLE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
        }
        throw new IllegalStateException(uri + ": no broadcast reached all " + streams + " streams in " + SETTLE_ATTEMPTS + " attempts");
    }

    /**
     * One round.
     *
     * @return the nanoseconds from the send until the last of the streams received the message
     * @throws IllegalStateException when a stream missed it, or got something else
     */
    public long round() {
        Round current = new Round(++seq, streams);
        round = current;
        current.start = System.nanoTime();
        sessions.get(0).sendText(current.message, Callback.NOOP);
        try {
            if (!current.done.await(ROUND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(uri + ": broadcast " + current.seq + " reached " + (streams - current.remaining.get())
                        + " of " + streams + " streams within " + ROUND_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
        if (wrong.get() > 0) {
            throw new IllegalStateException(uri + ": " + wrong.get() + " unexpected broadcast messages or errors");
        }
        return current.last - current.start;
    }

    @Override
    public void close() {
        Sessions.closeAll(sessions, Duration.ofSeconds(10));
    }

    private static final class Round {
        final long seq;
        final String message;
        final AtomicInteger remaining;
        final CountDownLatch done = new CountDownLatch(1);
        volatile long start;
        volatile long last;

        Round(long seq, int streams) {
            this.seq = seq;
            this.message = "{\"seq\":" + seq + ",\"payload\":\"" + PAYLOAD + "\"}";
            this.remaining = new AtomicInteger(streams);
        }
    }

    /** Counts the broadcast messages of the current round. Public, as Jetty requires of a listener. */
    public final class Listener implements Session.Listener.AutoDemanding {
        @Override
        public void onWebSocketText(String text) {
            long now = System.nanoTime();
            Round current = round;
            if (current != null && !text.equals(current.message) && settleMessages.contains(text)) {
                return;
            }
            if (current == null || !text.equals(current.message)) {
                wrong.incrementAndGet();
                return;
            }
            if (current.remaining.decrementAndGet() == 0) {
                current.last = now;
                current.done.countDown();
            }
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            wrong.incrementAndGet();
        }
    }
}
