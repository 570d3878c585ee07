package io.wsstream.monitor;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Messages per second, per path and per stream, from the streams' own counters read once a second: the difference
 * to the previous reading of the same stream over the time between the two readings. A stream that opened since
 * counts from 0; the first reading has no rates yet. Not thread safe: one snapshot thread uses it.
 */
final class TrafficRates {

    /** The traffic of one handler path: its open streams and their messages per second received and sent. */
    record PathRate(String path, int openStreams, double inPerSecond, double outPerSecond) {}

    /** One stream with its messages per second received and sent. */
    record StreamRate(StreamReading stream, double inPerSecond, double outPerSecond) {
        double total() {
            return inPerSecond + outPerSecond;
        }
    }

    /** One reading: the rates of the paths (sorted by path) and of the streams. */
    record Sample(List<PathRate> paths, List<StreamRate> streams) {}

    private Map<String, long[]> previous = Map.of();
    private long previousNanos;
    private boolean first = true;

    /**
     * @param streams the open streams now
     * @param nanos {@link System#nanoTime()} when they were read
     */
    Sample next(Collection<StreamReading> streams, long nanos) {
        double seconds = first ? 0 : Math.max(1e-3, (nanos - previousNanos) / 1e9);
        Map<String, long[]> now = new HashMap<>();
        Map<String, double[]> byPath = new TreeMap<>(); // open streams, in/s, out/s
        List<StreamRate> rates = new ArrayList<>(streams.size());
        for (StreamReading stream : streams) {
            long in = stream.statistics().messagesIn();
            long out = stream.statistics().messagesOut();
            now.put(stream.id(), new long[] {in, out});
            long[] before = previous.getOrDefault(stream.id(), new long[2]);
            double inRate = first ? 0 : Math.max(0, in - before[0]) / seconds;
            double outRate = first ? 0 : Math.max(0, out - before[1]) / seconds;
            rates.add(new StreamRate(stream, inRate, outRate));
            double[] path = byPath.computeIfAbsent(stream.handlerPath(), p -> new double[3]);
            path[0]++;
            path[1] += inRate;
            path[2] += outRate;
        }
        previous = now;
        previousNanos = nanos;
        first = false;
        List<PathRate> paths = new ArrayList<>(byPath.size());
        byPath.forEach((path, values) -> paths.add(new PathRate(path, (int) values[0], values[1], values[2])));
        return new Sample(paths, rates);
    }
}
