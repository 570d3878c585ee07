package io.wsstream.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import org.junit.jupiter.api.Test;

/** The timers in every registry, by handler path; a server's leave with it, all of them at close. */
class TimingMetersTest {
    private final TimingMeters timings = new TimingMeters();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private static Timer handlerTimer(MeterRegistry registry, String server, String path) {
        return registry.find(TimingMeters.HANDLER_TIME).tag(RegistryMeters.SERVER, server).tag(RegistryMeters.PATH, path).timer();
    }

    @Test
    void eachHandlerCallIsOneRecordOfItsServerAndHandlerPath() {
        timings.add(registry);
        assertTrue(timings.hasRegistries());
        timings.handlerCalled("default", "/chat", 2_000);
        timings.handlerCalled("default", "/chat", 4_000);
        timings.handlerCalled("admin", "/chat", 1_000);

        Timer chat = handlerTimer(registry, "default", "/chat");
        assertEquals(2, chat.count());
        assertEquals(6_000, chat.totalTime(TimeUnit.NANOSECONDS), 0);
        assertEquals(1, handlerTimer(registry, "admin", "/chat").count());
    }

    @Test
    void prometheusGetsTheBucketsOfAPercentileHistogram() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        timings.add(prometheus);
        timings.handlerCalled("default", "/chat", 20_000);
        long buckets = prometheus.scrape().lines().filter(line -> line.startsWith("wsstream_handler_time_seconds_bucket{")).count();
        assertEquals(93, buckets, "5 µs to 5 s, and +Inf");
        assertTrue(prometheus.scrape().contains("wsstream_handler_time_seconds_bucket{path=\"/chat\",server=\"default\",le=\"5.0E-6\"} 0"));
    }

    @Test
    void aBroadcastIsOneRecordUnderTheHandlerPathNotTheRequestPath() {
        timings.add(registry);
        timings.broadcastHandedOver("/devices/7", "/devices/*", 3, 50_000);
        timings.broadcastHandedOver("/devices/8", "/devices/*", 1, 10_000);

        Timer devices = registry.find(TimingMeters.BROADCAST_TIME).tag(RegistryMeters.PATH, "/devices/*").timer();
        assertNotNull(devices);
        assertEquals(2, devices.count());
        assertNull(registry.find(TimingMeters.BROADCAST_TIME).tag(RegistryMeters.PATH, "/devices/7").timer());
    }

    @Test
    void aRegistryThatComesLaterGetsTheTimersAndOneThatLeavesNoLongerRecords() {
        timings.add(registry);
        timings.handlerCalled("default", "/chat", 1_000);
        SimpleMeterRegistry later = new SimpleMeterRegistry();
        timings.add(later);
        timings.handlerCalled("default", "/chat", 1_000);
        assertEquals(2, handlerTimer(registry, "default", "/chat").count());
        assertEquals(1, handlerTimer(later, "default", "/chat").count());

        timings.broadcastHandedOver("/chat", "/chat", 1, 1_000);
        timings.remove(registry);
        timings.handlerCalled("default", "/chat", 1_000);
        assertTrue(registry.getMeters().isEmpty(), "the timers left the registry that left: " + registry.getMeters());
        assertEquals(2, handlerTimer(later, "default", "/chat").count());
    }

    @Test
    void aServersTimersLeaveWithItAndEveryTimerAtClose() {
        timings.add(registry);
        timings.handlerCalled("default", "/chat", 1_000);
        timings.handlerCalled("admin", "/chat", 1_000);
        timings.broadcastHandedOver("/chat", "/chat", 1, 1_000);

        timings.serverGone("admin");
        assertNull(handlerTimer(registry, "admin", "/chat"));
        assertNotNull(handlerTimer(registry, "default", "/chat"));

        timings.close();
        assertTrue(registry.getMeters().isEmpty(), "no wsstream timer left: " + registry.getMeters());
        assertFalse(timings.hasRegistries());
    }
}
