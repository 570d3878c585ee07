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
    /** A flood is over when nothing arrived for this long. */
    static final Duration QUIET = Duration.ofSeconds(3);

    private final URI uri;
    private final int streams;
    private final List<Session> sessions;
    private final AtomicLong wrong = new AtomicLong();
    /** Messages of the rounds that made sure every stream is listed: they may still arrive late. */
    private final Set<String> settleMessages = ConcurrentHashMap.newKeySet();
    private volatile Round round;
    private volatile Flood flood;
    private long seq;

    public BroadcastLoad(LoadClient client, URI uri, int streams) {
        this(client, List.of(uri), streams);
    }

    /**
     * Spreads the streams evenly over several servers (the nodes of a cluster, serving the same path); the
     * first stream, which sends, is on the first of them.
     */
    public BroadcastLoad(LoadClient client, List<URI> uris, int streams) {
        this.uri = uris.get(0);
        this.streams = streams;
        this.sessions = new ArrayList<>(streams);
        for (int i = 0; i < uris.size(); i++) {
            int count = streams / uris.size() + (i < streams % uris.size() ? 1 : 0);
            List<Listener> listeners = new ArrayList<>(count);
            for (int j = 0; j < count; j++) {
                listeners.add(new Listener());
            }
            sessions.addAll(client.connectAll(uris.get(i), count, listeners::get, CONNECT_TIMEOUT));
        }
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

    /**
     * Sustained broadcasts: the first stream sends {@code messages} broadcasts back to back (each once its
     * frame is written), and every stream counts what it receives, until all have all of them or nothing
     * arrived for {@link #QUIET}.
     *
     * @return broadcasts per second (from the first send until the last arrival) and deliveries lost
     */
    public FloodResult flood(int messages) {
        Flood current = new Flood();
        round = null;
        flood = current;
        long start = System.nanoTime();
        current.last.set(start);
        try {
            for (int i = 0; i < messages; i++) {
                Callback.Completable written = new Callback.Completable();
                sessions.get(0).sendText("{\"flood\":" + i + ",\"payload\":\"" + PAYLOAD + "\"}", written);
                written.get(ROUND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            long expected = (long) messages * streams;
            while (current.received.get() < expected && System.nanoTime() - current.last.get() < QUIET.toNanos()) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(uri + ": a flood message was not written: " + e, e);
        } finally {
            flood = null;
        }
        long lost = (long) messages * streams - current.received.get();
        double seconds = (current.last.get() - start) / 1e9;
        return new FloodResult(current.received.get() == 0 ? 0 : messages / seconds, lost);
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

    /** The messages of one {@link #flood}: how many arrived on all streams together, and when the latest did. */
    private static final class Flood {
        final AtomicLong received = new AtomicLong();
        final AtomicLong last = new AtomicLong();
    }

    /** @param lost deliveries that never arrived: messages times streams, less what the streams received */
    public record FloodResult(double perSecond, long lost) {
    }

    /** Counts the broadcast messages of the current round. Public, as Jetty requires of a listener. */
    public final class Listener implements Session.Listener.AutoDemanding {
        @Override
        public void onWebSocketText(String text) {
            long now = System.nanoTime();
            Flood flooding = flood;
            if (flooding != null && text.startsWith("{\"flood\":")) {
                flooding.received.incrementAndGet();
                flooding.last.accumulateAndGet(now, Math::max);
                return;
            }
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
