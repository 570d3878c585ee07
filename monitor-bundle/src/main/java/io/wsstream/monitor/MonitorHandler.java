package io.wsstream.monitor;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.wsstream.api.Message;
import io.wsstream.api.MessageFormatException;
import io.wsstream.api.StreamHandler;
import io.wsstream.api.StreamManager;
import io.wsstream.api.WebsocketServerStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's data stream at {@value #PATH}: each connected dashboard gets a {@link Snapshot} when
 * {@link #publish()} runs (once a second), and may choose one path to tail ({@link TailRequest}); it can change
 * nothing else.
 */
final class MonitorHandler implements StreamHandler {
    private static final Logger LOG = LoggerFactory.getLogger(MonitorHandler.class);

    static final String PATH = "/wsstream/monitor";

    private final StreamManager streams;
    private final TrafficRates rates = new TrafficRates();
    /** The connected dashboards by stream id, each with the tail it chose (or none). */
    private final Map<String, Viewer> viewers = new ConcurrentHashMap<>();

    /** One dashboard: its stream and the tail it chose. */
    private static final class Viewer {
        final WebsocketServerStream stream;
        private PathTail tail;

        Viewer(WebsocketServerStream stream) {
            this.stream = stream;
        }

        /** @return the tail it had, to be cancelled */
        synchronized PathTail swap(PathTail next) {
            PathTail old = tail;
            tail = next;
            return old;
        }

        synchronized Object tailView() {
            return tail == null ? null : tail.view();
        }
    }

    MonitorHandler(StreamManager streams) {
        this.streams = streams;
    }

    @Override
    public void onOpen(WebsocketServerStream stream) {
        viewers.put(stream.id(), new Viewer(stream));
    }

    @Override
    public void onMessage(WebsocketServerStream stream, Message message) {
        TailRequest request;
        try {
            if (!message.isText()) {
                throw new IllegalArgumentException("binary messages are not requests");
            }
            request = TailRequest.parse(message.asMap());
        } catch (MessageFormatException | IllegalArgumentException e) {
            LOG.info("monitor stream {}: request ignored: {}", stream.id(), e.getMessage());
            stream.send(Map.of("type", "error", "error", String.valueOf(e.getMessage())));
            return;
        }
        Viewer viewer = viewers.get(stream.id());
        if (viewer == null) {
            return; // closed meanwhile
        }
        PathTail next = request.path() == null ? null : new PathTail(request.path());
        if (next != null) {
            streams.tap(next.path(), true, PathTail.TAP_CAPACITY).subscribe(next);
        }
        cancel(viewer.swap(next));
    }

    @Override
    public void onClose(WebsocketServerStream stream, int code, String reason) {
        Viewer viewer = viewers.remove(stream.id());
        if (viewer != null) {
            cancel(viewer.swap(null));
        }
    }

    /** Sends each connected dashboard a snapshot; reads the streams only when there is someone to tell. */
    void publish() {
        if (viewers.isEmpty()) {
            return;
        }
        List<StreamReading> open = streams.streams().stream().map(StreamReading::of).toList();
        TrafficRates.Sample sample = rates.next(open, System.nanoTime());
        Map<String, Object> snapshot = Snapshot.of(Instant.now(), streams.getWhiteboardDTO(), sample);
        for (Viewer viewer : viewers.values()) {
            Map<String, Object> own = new LinkedHashMap<>(snapshot);
            own.put("tail", viewer.tailView());
            viewer.stream.send(own);
        }
    }

    /** Stops every tail (the component is going away; the streams close with the handler's service). */
    void close() {
        viewers.values().forEach(viewer -> cancel(viewer.swap(null)));
    }

    private static void cancel(PathTail tail) {
        if (tail != null) {
            tail.cancel();
        }
    }
}
