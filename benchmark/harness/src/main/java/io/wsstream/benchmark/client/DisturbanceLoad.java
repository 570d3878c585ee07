package io.wsstream.benchmark.client;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.wsstream.benchmark.Payload;
import io.wsstream.benchmark.server.ServerUnderTest;

import org.eclipse.jetty.websocket.api.Session;

/**
 * What only a whiteboard can get wrong: {@code clients} connections echo continuously on {@code /bench/echo}
 * while another handler bundle is deployed and undeployed {@code cycles} times. Counts the streams the
 * server closed on them and the messages lost with those streams. A closed client reconnects (retrying
 * while the path is refused), so that the next deployment can disturb it again.
 */
public final class DisturbanceLoad {
    static final Duration STATE_TIMEOUT = Duration.ofSeconds(60);
    static final Duration RECONNECT_DELAY = Duration.ofMillis(100);
    static final Duration SETTLE = Duration.ofSeconds(1);
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(20);

    private final LoadClient client;

    public DisturbanceLoad(LoadClient client) {
        this.client = client;
    }

    public DisturbanceSample measure(ServerUnderTest server, int clients, int cycles) throws Exception {
        URI uri = server.uri(Payload.TEXT_64.path());
        ScheduledExecutorService reconnects = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "reconnects");
            thread.setDaemon(true);
            return thread;
        });
        ConcurrentLinkedQueue<Session> sessions = new ConcurrentLinkedQueue<>();
        Map<Integer, AtomicInteger> closeCodes = new TreeMap<>();
        AtomicLong refusedHandshakes = new AtomicLong();
        AtomicInteger nextIndex = new AtomicInteger(clients);
        List<EchoConnection> all = new ArrayList<>();
        EchoRun[] holder = new EchoRun[1];
        EchoRun run = new EchoRun(Long.MAX_VALUE, (connection, code) -> {
            synchronized (closeCodes) {
                closeCodes.computeIfAbsent(code, c -> new AtomicInteger()).incrementAndGet();
            }
            reconnects.schedule(() -> reconnect(holder[0], uri, nextIndex.getAndIncrement(), sessions, all,
                    refusedHandshakes, reconnects), RECONNECT_DELAY.toMillis(), TimeUnit.MILLISECONDS);
        });
        holder[0] = run;
        List<EchoConnection> first = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            first.add(run.newConnection(Payload.TEXT_64, i));
        }
        synchronized (all) {
            all.addAll(first);
        }
        sessions.addAll(client.connectAll(uri, clients, first::get, Duration.ofSeconds(60)));
        long deployMillis = 0;
        long undeployMillis = 0;
        long start = System.nanoTime();
        try {
            run.start(first);
            for (int i = 0; i < cycles; i++) {
                long t0 = System.nanoTime();
                server.deployOther(client, STATE_TIMEOUT);
                long t1 = System.nanoTime();
                server.undeployOther(client, STATE_TIMEOUT);
                deployMillis += TimeUnit.NANOSECONDS.toMillis(t1 - t0);
                undeployMillis += TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t1);
            }
            LoadClient.pause(SETTLE);
        } finally {
            run.stop();
            reconnects.shutdownNow();
            run.awaitIdle(DRAIN_TIMEOUT);
            Sessions.closeAll(sessions, Duration.ofSeconds(10));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long sent;
        long received;
        synchronized (all) {
            sent = all.stream().mapToLong(EchoConnection::sent).sum();
            received = all.stream().mapToLong(EchoConnection::received).sum();
        }
        Map<String, Integer> codes = new TreeMap<>();
        synchronized (closeCodes) {
            closeCodes.forEach((code, count) -> codes.put(Integer.toString(code), count.get()));
        }
        return new DisturbanceSample(clients, cycles, seconds, run.unexpectedCloses(), sent - received, run.lostAtClose(),
                refusedHandshakes.get(), codes, received, (double) deployMillis / cycles, (double) undeployMillis / cycles,
                run.failureCount(), run.failures());
    }

    private void reconnect(EchoRun run, URI uri, int index, ConcurrentLinkedQueue<Session> sessions, List<EchoConnection> all,
            AtomicLong refusedHandshakes, ScheduledExecutorService reconnects) {
        EchoConnection connection = run.newConnection(Payload.TEXT_64, index);
        client.connect(connection, uri).whenComplete((session, failure) -> {
            if (failure != null) {
                refusedHandshakes.incrementAndGet();
                if (!reconnects.isShutdown()) {
                    reconnects.schedule(() -> reconnect(run, uri, index, sessions, all, refusedHandshakes, reconnects),
                            RECONNECT_DELAY.toMillis(), TimeUnit.MILLISECONDS);
                }
                return;
            }
            sessions.add(session);
            synchronized (all) {
                all.add(connection);
            }
            run.start(connection);
        });
    }

    /**
     * @param streamsClosed echoing streams the server closed (or dropped) during the run
     * @param messagesLost messages sent and never echoed
     * @param lostAtClose of those, the ones outstanding when their stream closed
     * @param refusedHandshakes reconnection attempts refused (the echo path unavailable)
     * @param closeCodes how often each close code was seen
     */
    public record DisturbanceSample(int clients, int cycles, double seconds, long streamsClosed, long messagesLost,
            long lostAtClose, long refusedHandshakes, Map<String, Integer> closeCodes, long echoes,
            double deployMillis, double undeployMillis, long errors, List<String> firstErrors) {}
}
