package io.wsstream.jetty.stream;

import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import io.wsstream.api.StreamStatistics;
import io.wsstream.api.WebsocketServerStream;
import io.wsstream.api.runtime.dto.ClosedStreamsDTO;
import io.wsstream.api.runtime.dto.ServerDTO;

/**
 * What one configured server has done; kept across restarts caused by configuration changes. Increments
 * are contention-free ({@link LongAdder}). Traffic is counted once, by each stream
 * ({@link ServerStream#statistics()}): the server's totals are those of its ended streams, added here
 * when a stream ends, plus those of its open streams, summed when asked.
 */
public final class ServerCounters {
    final LongAdder accepted = new LongAdder();
    private final LongAdder endedMessagesIn = new LongAdder();
    private final LongAdder endedMessagesOut = new LongAdder();
    private final LongAdder endedBytesIn = new LongAdder();
    private final LongAdder endedBytesOut = new LongAdder();
    final LongAdder closedOutboundLimit = new LongAdder();
    final LongAdder closedKeepAlive = new LongAdder();
    private final Map<Refusal, LongAdder> refused = new EnumMap<>(Refusal.class);
    /**
     * Rows of closed streams kept at most: the close code is the peer's choice (any of 3000-4999), and each row is a
     * meter series, so a peer cycling through codes must not grow them without end; later codes count under
     * {@link #OTHER_CODES}.
     */
    static final int MAX_CLOSED_ROWS = 256;
    /** The code of the row that counts a path's closes once {@link #MAX_CLOSED_ROWS} rows exist. */
    static final int OTHER_CODES = 0;
    /** Closed streams by handler path and close code, sorted; guarded by this object's lock. */
    private final Map<ClosedStreams, Long> closed = new TreeMap<>();

    /** One row of {@link ServerDTO#closedStreams}: the handler path, then the close code. */
    private record ClosedStreams(String path, int code) implements Comparable<ClosedStreams> {
        private static final Comparator<ClosedStreams> ORDER = Comparator.comparing(ClosedStreams::path)
                .thenComparingInt(ClosedStreams::code);

        @Override
        public int compareTo(ClosedStreams other) {
            return ORDER.compare(this, other);
        }
    }

    public ServerCounters() {
        for (Refusal reason : Refusal.values()) {
            refused.put(reason, new LongAdder());
        }
    }

    public void refused(Refusal reason) {
        refused.get(reason).increment();
    }

    /**
     * Moves an ending stream's traffic into the totals of ended streams, while it leaves the open streams
     * in one step with {@link #toDto}, so that no reading counts it twice or not at all.
     *
     * @param handlerPath the {@code wsstream.path} of the stream's handler
     * @param code the code the stream closed with
     * @param leaveOpenStreams takes the stream out of the open ones
     */
    synchronized void streamEnded(StreamStatistics traffic, String handlerPath, int code, Runnable leaveOpenStreams) {
        ClosedStreams row = new ClosedStreams(handlerPath, code);
        if (closed.size() >= MAX_CLOSED_ROWS && !closed.containsKey(row)) {
            row = new ClosedStreams(handlerPath, OTHER_CODES);
        }
        closed.merge(row, 1L, Long::sum);
        addEnded(traffic);
        leaveOpenStreams.run();
    }

    /**
     * As {@link #streamEnded}, for a session another bundle's upgrader served: its traffic only, as the way it closed
     * is its frame handler's to know.
     */
    synchronized void upgradedStreamEnded(StreamStatistics traffic, Runnable leaveOpenStreams) {
        addEnded(traffic);
        leaveOpenStreams.run();
    }

    private void addEnded(StreamStatistics traffic) {
        endedMessagesIn.add(traffic.messagesIn());
        endedMessagesOut.add(traffic.messagesOut());
        endedBytesIn.add(traffic.bytesIn());
        endedBytesOut.add(traffic.bytesOut());
    }

    /** @param openStreams lists the server's open streams: called under the same lock as {@link #streamEnded} */
    public synchronized ServerDTO toDto(String name, String host, int port, boolean secure,
            Supplier<? extends Collection<? extends WebsocketServerStream>> openStreams) {
        Collection<? extends WebsocketServerStream> open = openStreams.get();
        ServerDTO dto = new ServerDTO();
        dto.name = name;
        dto.host = host;
        dto.port = port;
        dto.secure = secure;
        dto.openStreams = open.size();
        dto.accepted = accepted.sum();
        Map<String, Long> refusals = new LinkedHashMap<>();
        refused.forEach((reason, count) -> refusals.put(reason.key(), count.sum()));
        dto.refusals = refusals;
        dto.messagesIn = endedMessagesIn.sum();
        dto.messagesOut = endedMessagesOut.sum();
        dto.bytesIn = endedBytesIn.sum();
        dto.bytesOut = endedBytesOut.sum();
        for (WebsocketServerStream stream : open) {
            StreamStatistics traffic = stream.statistics();
            dto.messagesIn += traffic.messagesIn();
            dto.messagesOut += traffic.messagesOut();
            dto.bytesIn += traffic.bytesIn();
            dto.bytesOut += traffic.bytesOut();
        }
        dto.closedOutboundLimit = closedOutboundLimit.sum();
        dto.closedKeepAlive = closedKeepAlive.sum();
        dto.closedStreams = closed.entrySet().stream().map(ServerCounters::closedStreamsDto).toArray(ClosedStreamsDTO[]::new);
        return dto;
    }

    private static ClosedStreamsDTO closedStreamsDto(Map.Entry<ClosedStreams, Long> row) {
        ClosedStreamsDTO dto = new ClosedStreamsDTO();
        dto.path = row.getKey().path();
        dto.code = row.getKey().code();
        dto.count = row.getValue();
        return dto;
    }
}
