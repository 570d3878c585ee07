package io.wsstream.benchmark.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The shared state of the connections of one echo run: the latency recorder, the counters, the
 * decision to go on, and the bookkeeping of connections still busy. Thread safe.
 */
public final class EchoRun {
    /** Round trips longer than this are recorded as this (one minute). */
    static final long MAX_LATENCY_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final int FAILURES_KEPT = 10;

    private final Recorder latencies = new Recorder(MAX_LATENCY_NANOS, 3);
    private final LongAdder echoes = new LongAdder();
    private final AtomicLong failureCount = new AtomicLong();
    private final AtomicLong unexpectedCloses = new AtomicLong();
    private final AtomicLong lostAtClose = new AtomicLong();
    private final List<String> failures = new ArrayList<>();
    private final Set<EchoConnection> busy = new HashSet<>();
    private final long messagesPerConnection;
    private final BiConsumer<EchoConnection, Integer> onUnexpectedClose;
    private volatile boolean stopping;

    /**
     * @param messagesPerConnection each connection stops after this many echoes ({@code Long.MAX_VALUE}: until {@link #stop})
     * @param onUnexpectedClose told when a busy connection closes (the disturbance run reconnects there)
     */
    public EchoRun(long messagesPerConnection, BiConsumer<EchoConnection, Integer> onUnexpectedClose) {
        this.messagesPerConnection = messagesPerConnection;
        this.onUnexpectedClose = onUnexpectedClose;
    }

    public EchoRun(long messagesPerConnection) {
        this(messagesPerConnection, (connection, code) -> {});
    }

    /** @return a connection of this run for message kind {@code payload}; connect it, then {@link #start} it */
    public EchoConnection newConnection(io.wsstream.benchmark.Payload payload, int index) {
        return new EchoConnection(this, payload, index);
    }

    /** Starts the echo loop of connected connections. */
    public void start(List<EchoConnection> connections) {
        synchronized (busy) {
            busy.addAll(connections);
        }
        connections.forEach(EchoConnection::start);
    }

    /** Starts the echo loop of one connected connection. */
    public void start(EchoConnection connection) {
        start(List.of(connection));
    }

    // ---- called by the connections

    boolean mayContinue(long receivedByConnection) {
        return !stopping && receivedByConnection < messagesPerConnection;
    }

    void echoed(long nanos) {
        latencies.recordValue(Math.min(nanos, MAX_LATENCY_NANOS));
        echoes.increment();
    }

    void finished(EchoConnection connection) {
        done(connection);
    }

    void closed(EchoConnection connection, int code, String reason) {
        if (done(connection)) {
            unexpectedCloses.incrementAndGet();
            if (connection.outstanding()) {
                lostAtClose.incrementAndGet();
            }
            onUnexpectedClose.accept(connection, code);
        }
    }

    /** A wrong echo: the connection stops. */
    void failed(EchoConnection connection, String what) {
        error(connection, what);
        done(connection);
    }

    /** An error Jetty reports (a close follows) or a failed send. */
    void error(EchoConnection connection, String what) {
        failureCount.incrementAndGet();
        synchronized (failures) {
            if (failures.size() < FAILURES_KEPT) {
                failures.add(what);
            }
        }
    }

    /** @return whether the connection was busy until now */
    private boolean done(EchoConnection connection) {
        synchronized (busy) {
            boolean wasBusy = busy.remove(connection);
            if (busy.isEmpty()) {
                busy.notifyAll();
            }
            return wasBusy;
        }
    }

    // ---- called by the load

    /** @return the round trips recorded since the previous call (the first call drops the warm-up) */
    public Histogram intervalLatencies() {
        return latencies.getIntervalHistogram();
    }

    /** @return echoes received so far, by all connections */
    public long echoes() {
        return echoes.sum();
    }

    /** Lets every connection finish once its outstanding echo is back. */
    public void stop() {
        stopping = true;
    }

    /**
     * Waits until no connection is busy any more (each finished, failed or closed).
     *
     * @return whether that happened within the timeout
     */
    public boolean awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (busy) {
            while (!busy.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(busy, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /** @return connections still busy */
    public int busy() {
        synchronized (busy) {
            return busy.size();
        }
    }

    public long failureCount() {
        return failureCount.get();
    }

    /** @return connections closed by the server (or dropped) while they were echoing */
    public long unexpectedCloses() {
        return unexpectedCloses.get();
    }

    /** @return messages sent and never echoed because their connection closed first */
    public long lostAtClose() {
        return lostAtClose.get();
    }

    /** @return the first failures, for the report */
    public List<String> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }
}
