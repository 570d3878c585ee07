package io.wsstream.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.wsstream.api.runtime.StreamTimingObserver;

/**
 * The timers {@value #HANDLER_TIME} and {@value #BROADCAST_TIME}, fed by the implementation as a
 * {@link StreamTimingObserver} and kept in a composite of every registry wsstream's meters go into, so one record
 * reaches them all and a registry that comes later gets the timers too. Each timer is looked up in two maps without
 * allocating; it is made on the first call of its key. The keys are handler paths as registered, so their number is
 * bounded by the handlers, not by the request paths.
 *
 * <p>Buckets: Micrometer's percentile histogram between {@link #MINIMUM} and {@link #MAXIMUM} (92 buckets, each about a
 * third above the one before), so Prometheus' {@code histogram_quantile} gives any percentile, aggregated over
 * servers and instances, within about 15%; a call outside the range still counts in {@code _count} and {@code _sum}.
 * No percentiles computed here: they could not be aggregated, and would cost a rotating window per record.
 *
 * <p>Threading: the observer methods are called on handler and broadcaster threads, concurrently.
 */
final class TimingMeters implements StreamTimingObserver {
    static final String HANDLER_TIME = "wsstream.handler.time";
    static final String BROADCAST_TIME = "wsstream.broadcast.time";
    /** Below this a handler call is "fast" alike: an echo handler that only queues its answer takes a few microseconds. */
    static final Duration MINIMUM = Duration.ofNanos(5_000);
    /** Above this a call is slow alike: a handler that blocks seconds holds its stream's frames that long. */
    static final Duration MAXIMUM = Duration.ofSeconds(5);

    private final CompositeMeterRegistry registries = new CompositeMeterRegistry();
    /** By server name, then handler path. */
    private final Map<String, Map<String, Timer>> handlerTimers = new ConcurrentHashMap<>();
    /** By handler path. */
    private final Map<String, Timer> broadcastTimers = new ConcurrentHashMap<>();

    void add(MeterRegistry registry) {
        registries.add(registry);
    }

    /** The registry no longer gets the timers, and those it has leave it (it stays, with its other meters). */
    void remove(MeterRegistry registry) {
        registries.remove(registry);
        handlerTimers.values().forEach(timers -> timers.values().forEach(timer -> registry.remove(timer.getId())));
        broadcastTimers.values().forEach(timer -> registry.remove(timer.getId()));
    }

    /** @return whether the timers go anywhere: the observer is registered only then */
    boolean hasRegistries() {
        return !registries.getRegistries().isEmpty();
    }

    /** The server stopped (or restarted): its timers leave every registry. */
    void serverGone(String server) {
        Map<String, Timer> timers = handlerTimers.remove(server);
        if (timers != null) {
            timers.values().forEach(registries::remove);
        }
    }

    /** Every timer leaves every registry (which stay, with their other meters). */
    void close() {
        handlerTimers.values().forEach(timers -> timers.values().forEach(registries::remove));
        handlerTimers.clear();
        broadcastTimers.values().forEach(registries::remove);
        broadcastTimers.clear();
        for (MeterRegistry registry : registries.getRegistries().toArray(new MeterRegistry[0])) {
            registries.remove(registry);
        }
    }

    @Override
    public void handlerCalled(String serverName, String handlerPath, long nanos) {
        // two lookups and no lambda on the usual path: the timer exists after the first message
        Map<String, Timer> byPath = handlerTimers.get(serverName);
        Timer timer = byPath == null ? null : byPath.get(handlerPath);
        if (timer == null) {
            timer = handlerTimers.computeIfAbsent(serverName, server -> new ConcurrentHashMap<>())
                    .computeIfAbsent(handlerPath, path -> timer(HANDLER_TIME, "Time a push handler's onMessage took",
                            RegistryMeters.SERVER, serverName, RegistryMeters.PATH, path));
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void broadcastHandedOver(String path, String handlerPath, int streams, long nanos) {
        Timer timer = broadcastTimers.get(handlerPath);
        if (timer == null) {
            timer = broadcastTimers.computeIfAbsent(handlerPath, key -> timer(BROADCAST_TIME,
                    "Time from a broadcast call until every stream it reached took the message (not until written)",
                    RegistryMeters.PATH, key));
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer timer(String name, String description, String... tags) {
        return Timer.builder(name).description(description).tags(tags)
                .publishPercentileHistogram().minimumExpectedValue(MINIMUM).maximumExpectedValue(MAXIMUM)
                .register(registries);
    }

    @Override
    public String toString() {
        return "wsstream metrics timers";
    }
}
