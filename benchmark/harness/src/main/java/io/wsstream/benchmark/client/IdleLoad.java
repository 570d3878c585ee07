package io.wsstream.benchmark.client;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.wsstream.benchmark.Payload;
import io.wsstream.benchmark.server.JvmProbe;

import org.eclipse.jetty.websocket.api.Session;

/**
 * Idle capacity: opens many streams that then stay quiet, measures how long opening took and how much
 * live heap the server holds per open stream (full GC before and after), then has every stream echo one
 * message to show it is alive (those that do not are counted), and closes them.
 */
public final class IdleLoad {
    static final Duration CONNECT_TIMEOUT = Duration.ofMinutes(3);
    static final Duration ALIVE_TIMEOUT = Duration.ofSeconds(60);
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /** Classes listed in the result: those whose live bytes grew most. */
    static final int TOP_CLASSES = 8;

    private final LoadClient client;

    public IdleLoad(LoadClient client) {
        this.client = client;
    }

    /**
     * @param probe the server JVM, for its live heap; {@code null} measures no heap
     */
    public IdleSample measure(URI uri, int streams, JvmProbe probe) {
        JvmProbe.Heap before = probe == null ? null : probe.liveHeap();
        EchoRun run = new EchoRun(1);
        List<EchoConnection> clients = new ArrayList<>(streams);
        for (int i = 0; i < streams; i++) {
            clients.add(run.newConnection(Payload.TEXT_64, i));
        }
        long start = System.nanoTime();
        List<Session> sessions = client.connectAll(uri, streams, clients::get, CONNECT_TIMEOUT);
        double openSeconds = (System.nanoTime() - start) / 1e9;
        try {
            JvmProbe.Heap after = probe == null ? null : probe.liveHeap();
            run.start(clients);
            run.awaitIdle(ALIVE_TIMEOUT);
            long answered = clients.stream().filter(c -> c.received() == 1).count();
            String problems = answered == streams ? null : uri + ": of " + streams + " idle streams, " + (streams - answered)
                    + " did not echo (" + run.unexpectedCloses() + " closed by the server); " + run.failures();
            double perStream = before == null ? Double.NaN : (double) (after.liveBytes() - before.liveBytes()) / streams;
            return new IdleSample(streams, openSeconds, perStream,
                    before == null ? Map.of() : topGrowth(before, after, streams), streams - answered, problems);
        } finally {
            Sessions.closeAll(sessions, CLOSE_TIMEOUT);
        }
    }

    /** @return the classes whose live bytes grew most, in bytes per stream */
    private static Map<String, Double> topGrowth(JvmProbe.Heap before, JvmProbe.Heap after, int streams) {
        return after.bytesByClass().entrySet().stream()
                .map(e -> Map.entry(e.getKey(), (double) (e.getValue() - before.bytesByClass().getOrDefault(e.getKey(), 0L)) / streams))
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(TOP_CLASSES)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, java.util.LinkedHashMap::new));
    }

    /**
     * @param heapBytesPerStream live heap of the server per open stream (NaN without a probe)
     * @param topClasses the classes that grew most, bytes per stream
     * @param silent streams that did not echo their one message afterwards (closed, or no answer within a minute)
     * @param problems what went wrong with those, or {@code null}
     */
    public record IdleSample(int streams, double openSeconds, double heapBytesPerStream,
            Map<String, Double> topClasses, long silent, String problems) {}
}
