package io.wsstream.jetty.stream;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import io.wsstream.api.Message;
import io.wsstream.api.TappedMessage;
import io.wsstream.api.TappedMessage.Direction;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The traffic taps ({@code StreamManager.tap}): who observes which path, and the hook the streams call for each
 * message received and sent. With no tap at all a stream pays one volatile read per message; with taps on
 * other paths, a map lookup; only a tapped path's messages are copied into a {@link TappedMessage}.
 */
@Component(service = TrafficTaps.class)
public final class TrafficTaps {
    /** Delivery to the subscribers: their own threads, so a slow subscriber holds neither I/O nor handler threads. */
    private final ExecutorService delivery = Executors.newCachedThreadPool(new ThreadFactory() {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "wsstream-tap-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    });
    /** The taps by request path; copied on change (rare), read on every message (often). Empty when nobody taps. */
    private volatile Map<String, List<Tap>> byPath = Map.of();
    private boolean stopped;

    /** @see io.wsstream.api.StreamManager#tap */
    public Flow.Publisher<TappedMessage> publisher(String path, boolean includeSent, int capacity) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("a tap's path must start with /: " + path);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("a tap's capacity must be at least 1: " + capacity);
        }
        return subscriber -> {
            Tap tap = new Tap(path, includeSent, capacity, delivery);
            // Listed before subscribing: a subscriber that cancels at once is then removed, not listed after.
            add(tap);
            tap.subscribe(subscriber, () -> remove(tap));
        };
    }

    /** A stream received a message (its I/O thread, before the handler sees it). */
    void received(ServerStream stream, Message message) {
        List<Tap> taps = tapsOn(stream.path());
        if (taps == null) {
            return;
        }
        TappedMessage tapped = message.isText()
                ? new TappedMessage(stream.id(), stream.path(), Direction.IN, message.text(), null, Instant.now())
                : new TappedMessage(stream.id(), stream.path(), Direction.IN, null, message.bytes(), Instant.now());
        for (Tap tap : taps) {
            tap.offer(tapped);
        }
    }

    /** A stream accepted a text message for sending (the sender's thread). */
    void sent(ServerStream stream, String text) {
        List<Tap> taps = tapsOn(stream.path());
        if (taps != null) {
            offerSent(taps, new TappedMessage(stream.id(), stream.path(), Direction.OUT, text, null, Instant.now()));
        }
    }

    /** A stream accepted a binary message for sending; the sender may reuse its buffer once written, so it is copied. */
    void sent(ServerStream stream, ByteBuffer bytes) {
        List<Tap> taps = tapsOn(stream.path());
        if (taps != null) {
            ByteBuffer copy = ByteBuffer.allocate(bytes.remaining()).put(bytes.duplicate()).flip();
            offerSent(taps, new TappedMessage(stream.id(), stream.path(), Direction.OUT, null, copy, Instant.now()));
        }
    }

    private static void offerSent(List<Tap> taps, TappedMessage tapped) {
        for (Tap tap : taps) {
            if (tap.includeSent()) {
                tap.offer(tapped);
            }
        }
    }

    /** @return the taps of the path, or {@code null} when nobody taps it */
    List<Tap> tapsOn(String path) {
        Map<String, List<Tap>> taps = byPath;
        return taps.isEmpty() ? null : taps.get(path);
    }

    private synchronized void add(Tap tap) {
        if (stopped) {
            tap.close();
            return;
        }
        Map<String, List<Tap>> copy = new HashMap<>(byPath);
        List<Tap> onPath = new ArrayList<>(copy.getOrDefault(tap.path(), List.of()));
        onPath.add(tap);
        copy.put(tap.path(), List.copyOf(onPath));
        byPath = Map.copyOf(copy);
    }

    /** Idempotent: a subscription ends by cancel, completion or failure, perhaps more than one of them. */
    private synchronized void remove(Tap tap) {
        List<Tap> onPath = byPath.get(tap.path());
        if (onPath == null || !onPath.contains(tap)) {
            return;
        }
        Map<String, List<Tap>> copy = new HashMap<>(byPath);
        List<Tap> left = new ArrayList<>(onPath);
        left.remove(tap);
        if (left.isEmpty()) {
            copy.remove(tap.path());
        } else {
            copy.put(tap.path(), List.copyOf(left));
        }
        byPath = Map.copyOf(copy);
        tap.close();
    }

    @Deactivate
    void deactivate() {
        List<Tap> all;
        synchronized (this) {
            stopped = true;
            all = byPath.values().stream().flatMap(List::stream).toList();
            byPath = Map.of();
        }
        all.forEach(Tap::close);
        delivery.shutdown();
    }
}
