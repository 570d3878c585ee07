package io.wsstream.benchmark.client;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.wsstream.benchmark.Payload;
import io.wsstream.benchmark.server.JvmProbe;

import org.eclipse.jetty.websocket.api.Session;

/**
 * Idle capacity: opens many streams that then stay quiet, measures how long opening took and how much
 * live heap the server holds per open stream (full GC before and after, each with a class histogram), then
 * has every stream echo one message to show it is alive (those that do not are counted), and closes them.
 */
public final class IdleLoad {
    static final Duration CONNECT_TIMEOUT = Duration.ofMinutes(3);
    static final Duration ALIVE_TIMEOUT = Duration.ofSeconds(60);
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /** Classes listed as the top of the histogram: those whose live bytes grew most. */
    static final int TOP_CLASSES = 8;
    /** Classes whose growth is below this many bytes per stream are left out of {@link IdleSample#histogram}. */
    public static final double HISTOGRAM_FLOOR_BYTES = 0.5;

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
            long open = sessions.stream().filter(Session::isOpen).count();
            run.start(clients);
            run.awaitIdle(ALIVE_TIMEOUT);
            long answered = clients.stream().filter(c -> c.received() == 1).count();
            String problems = answered == streams ? null : uri + ": of " + streams + " idle streams, " + (streams - answered)
                    + " did not echo (" + run.unexpectedCloses() + " closed by the server); " + run.failures();
            double perStream = before == null ? Double.NaN : (double) (after.liveBytes() - before.liveBytes()) / streams;
            return new IdleSample(streams, openSeconds, perStream, before == null ? List.of() : growth(before, after, streams),
                    open, answered, problems);
        } finally {
            Sessions.closeAll(sessions, CLOSE_TIMEOUT);
        }
    }

    /** @return the classes whose live heap grew, most first, per stream: the histogram after less the one before */
    static List<ClassGrowth> growth(JvmProbe.Heap before, JvmProbe.Heap after, int streams) {
        return after.bytesByClass().keySet().stream()
                .map(name -> new ClassGrowth(name,
                        (double) (after.instancesByClass().get(name) - before.instancesByClass().getOrDefault(name, 0L)) / streams,
                        (double) (after.bytesByClass().get(name) - before.bytesByClass().getOrDefault(name, 0L)) / streams))
                .filter(row -> row.bytesPerStream() >= HISTOGRAM_FLOOR_BYTES)
                .sorted(Comparator.comparingDouble(ClassGrowth::bytesPerStream).reversed())
                .toList();
    }

    /** One class's growth between the histogram with no stream open and the one with all open. */
    public record ClassGrowth(String className, double instancesPerStream, double bytesPerStream) {}

    /**
     * @param heapBytesPerStream live heap of the server per open stream (NaN without a probe)
     * @param histogram the classes whose live heap grew, most first (empty without a probe)
     * @param open streams still open when the heap had been measured, as the client saw them
     * @param echoed streams that echoed their one message afterwards (within a minute)
     * @param problems what went wrong with those that did not, or {@code null}
     */
    public record IdleSample(int streams, double openSeconds, double heapBytesPerStream, List<ClassGrowth> histogram, long open,
            long echoed, String problems) {

        /** @return streams that did not echo their one message afterwards (closed, or no answer within a minute) */
        public long silent() {
            return streams - echoed;
        }

        /** @return the classes that grew most, bytes per stream */
        public Map<String, Double> topClasses() {
            Map<String, Double> top = new LinkedHashMap<>();
            histogram.stream().limit(TOP_CLASSES).forEach(row -> top.put(row.className(), row.bytesPerStream()));
            return top;
        }
    }
}
