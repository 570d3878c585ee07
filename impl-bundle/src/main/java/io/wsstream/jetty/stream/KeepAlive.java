package io.wsstream.jetty.stream;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

import io.wsstream.api.CloseCodes;
import io.wsstream.api.WebsocketServerStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pings the open streams of one server at a fixed interval (Jetty sends no pings of its own) and closes a
 * stream whose peer stopped answering: no frame at all, not even a pong, for a whole interval while the
 * stream was reading ({@link PeerLiveness}). Such a stream is closed with 1001 and disconnected if the
 * peer does not answer the close either (after {@code stop.timeout.ms}, as every close this side
 * starts). A dead peer is found within two intervals. Upgraders' sessions ({@link UpgradedStreams}) are pinged
 * and judged the same way, by the frames their connection read.
 */
public final class KeepAlive {
    private static final Logger LOG = LoggerFactory.getLogger(KeepAlive.class);
    static final String REASON = "no answer to ping";

    private final StreamRegistry registry;
    private final ServerSide server;
    private ScheduledFuture<?> task;
    private volatile Duration interval = Duration.ZERO;

    public KeepAlive(StreamRegistry registry, ServerSide server) {
        this.registry = registry;
        this.server = server;
    }

    /** Starts pinging, or changes the interval; {@link Duration#ZERO} stops. Open streams follow at once. */
    public synchronized void interval(Duration next) {
        if (next.equals(interval) && (task != null || next.isZero())) {
            return;
        }
        stop();
        interval = next;
        if (!next.isZero()) {
            task = registry.scheduleAtFixedRate(this::tick, next);
        }
    }

    public synchronized void stop() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
        interval = Duration.ZERO;
    }

    private void tick() {
        try {
            for (ServerStream stream : registry.streamsOn(server)) {
                if (stream.keepAliveTick()) {
                    closeSilent(stream);
                }
            }
            for (UpgradedStream session : registry.upgraded().on(server)) {
                if (session.keepAliveTick()) {
                    closeSilent(session);
                }
            }
        } catch (RuntimeException unexpected) {
            // A failed tick must not cancel the schedule.
            LOG.warn("keep-alive of server {} failed", server.name(), unexpected);
        }
    }

    private void closeSilent(WebsocketServerStream stream) {
        LOG.info("stream {}: the peer on {} sent nothing, not even a pong, for {} ms; closing with 1001",
                stream.id(), stream.path(), interval.toMillis());
        server.counters().closedKeepAlive.increment();
        // close() disconnects the peer if it does not answer within stop.timeout.ms either
        stream.close(CloseCodes.GOING_AWAY, REASON);
    }
}
