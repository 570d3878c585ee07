package io.wsstream.jetty.stream;

import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.wsstream.common.codec.JsonCodec;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open sessions of upgraders (another bundle's websocket upgrade, such as a Jakarta endpoint's): the
 * {@link StreamRegistry} lists them beside its own streams, the keep-alive pings them, the server's counters count
 * them. An upgrader registers each session when it opens and runs the returned deregistration when it ends
 * ({@link #registrar}). Thread safe.
 */
public final class UpgradedStreams {
    private static final Logger LOG = LoggerFactory.getLogger(UpgradedStreams.class);

    private final Map<String, UpgradedStream> open = new ConcurrentHashMap<>();
    private final StreamListeners listeners;
    private final ScheduledExecutorService timer;
    private final JsonCodec codec;

    UpgradedStreams(StreamListeners listeners, ScheduledExecutorService timer, JsonCodec codec) {
        this.listeners = listeners;
        this.timer = timer;
        this.codec = codec;
    }

    /**
     * What an upgrader gets with one admitted handshake: a function it calls with the websocket-core
     * {@link CoreSession} of the session once that opened, which lists the session as a stream and returns what
     * takes it out again (running that twice does nothing).
     *
     * @param upgraderServiceId the upgrader service's id: the runtime DTOs count the stream as its
     * @param principal the authenticated principal, or {@code null}
     * @param handshakeHeaders the upgrade request's headers, immutable
     * @return the registration function; it throws {@link IllegalArgumentException} for anything but a core session
     */
    public Function<Object, Runnable> registrar(String path, String pathInfo, long upgraderServiceId, ServerSide server,
            Principal principal, HttpFields handshakeHeaders) {
        return session -> {
            if (!(session instanceof CoreSession core)) {
                throw new IllegalArgumentException("not a websocket-core session: " + session);
            }
            UpgradedStream stream = new UpgradedStream(this, core, path, pathInfo, upgraderServiceId, server, principal, handshakeHeaders);
            open.put(stream.id(), stream);
            server.counters().accepted.increment();
            listeners.opened(stream);
            LOG.debug("stream {}: upgraded session opened on {}", stream.id(), path);
            return () -> ended(stream);
        };
    }

    private void ended(UpgradedStream stream) {
        if (!stream.markEnded()) {
            return;
        }
        stream.server().counters().upgradedStreamEnded(stream.statistics(), () -> open.remove(stream.id()));
        listeners.closed(stream);
        LOG.debug("stream {}: upgraded session closed", stream.id());
    }

    JsonCodec codec() {
        return codec;
    }

    void disconnectAfter(UpgradedStream stream, Duration timeout) {
        try {
            timer.schedule(stream::disconnectUnanswered, timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            stream.disconnectUnanswered();
        }
    }

    List<UpgradedStream> all() {
        return List.copyOf(open.values());
    }

    UpgradedStream get(String id) {
        return open.get(id);
    }

    List<UpgradedStream> where(Predicate<? super UpgradedStream> which) {
        return open.values().stream().filter(which).collect(Collectors.toList());
    }

    List<UpgradedStream> on(ServerSide server) {
        return where(stream -> stream.server() == server);
    }

    int countOf(long upgraderServiceId) {
        return (int) open.values().stream().filter(stream -> stream.upgraderServiceId() == upgraderServiceId).count();
    }
}
