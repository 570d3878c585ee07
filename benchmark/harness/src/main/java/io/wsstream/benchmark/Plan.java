package io.wsstream.benchmark;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How much a run measures. The full plan is what the issues ask for and takes about 15 minutes on two
 * cores; the quick plan measures the same things briefly, to check the harness.
 *
 * @param rounds measured runs per figure and server (alternating between the servers)
 * @param warmup echo per payload and server before anything is measured (at 100 connections)
 * @param rampUp echo before each measured window (connections warm, recorder reset)
 * @param window the measured time of one echo run
 * @param many the echo at many connections (section {@code echo-many})
 * @param idleStreams the sizes of the idle section, one after the other; the first one's class histogram is kept
 * @param bridgeMebibytes bytes of one bridge (and direct TCP) run
 * @param bridgeRounds measured bridge runs per path, alternating with direct TCP, after warm-up runs of each
 */
public record Plan(String mode, List<Payload> payloads, List<Integer> concurrencies, int rounds, Duration warmup,
        Duration rampUp, Duration window, ManyConnections many, List<Integer> idleStreams, int idleRounds, int broadcastStreams, int broadcastWarmup,
        int broadcastRounds, int disturbanceClients, int disturbanceCycles, boolean profile, Duration profileWindow, int bridgeMebibytes,
        int bridgeRounds) {

    /**
     * Echo at many connections at once, each in a closed loop as in the echo section: with thousands of
     * connections each waits hundreds of milliseconds for its echo, so the ramp-up and the window are longer.
     *
     * @param payloads measured at this size, of those the run measures
     */
    public record ManyConnections(int connections, List<Payload> payloads, Duration rampUp, Duration window) {}

    public static Plan full() {
        return new Plan("full", List.of(Payload.values()), List.of(1, 100, 1000), 3, Duration.ofSeconds(4),
                Duration.ofSeconds(1), Duration.ofSeconds(2),
                new ManyConnections(10_000, List.of(Payload.TEXT_64), Duration.ofSeconds(3), Duration.ofSeconds(4)),
                List.of(10_000, 19_000), 2, 1000, 20, 15, 50, 10, true, Duration.ofSeconds(8), 512, 5);
    }

    public static Plan quick() {
        return new Plan("quick", List.of(Payload.values()), List.of(1, 100, 1000), 1, Duration.ofSeconds(1),
                Duration.ofMillis(500), Duration.ofSeconds(1),
                new ManyConnections(2000, List.of(Payload.TEXT_64), Duration.ofSeconds(1), Duration.ofSeconds(1)),
                List.of(2000, 3000), 1, 1000, 5, 5, 50, 3, false, Duration.ofSeconds(2), 64, 2);
    }

    /** @return the same plan with other sizes of the idle section */
    public Plan withIdleStreams(List<Integer> streams) {
        return new Plan(mode, payloads, concurrencies, rounds, warmup, rampUp, window, many, List.copyOf(streams), idleRounds, broadcastStreams,
                broadcastWarmup, broadcastRounds, disturbanceClients, disturbanceCycles, profile, profileWindow, bridgeMebibytes, bridgeRounds);
    }

    /** @return the same plan with another number of connections in the echo at many connections */
    public Plan withManyConnections(int connections) {
        return new Plan(mode, payloads, concurrencies, rounds, warmup, rampUp, window,
                new ManyConnections(connections, many.payloads(), many.rampUp(), many.window()), idleStreams,
                idleRounds, broadcastStreams, broadcastWarmup, broadcastRounds, disturbanceClients, disturbanceCycles, profile, profileWindow,
                bridgeMebibytes, bridgeRounds);
    }

    /** @return the same plan measuring only these payloads */
    public Plan withPayloads(List<Payload> chosen) {
        return new Plan(mode, chosen, concurrencies, rounds, warmup, rampUp, window, many, idleStreams, idleRounds, broadcastStreams,
                broadcastWarmup, broadcastRounds, disturbanceClients, disturbanceCycles, profile, profileWindow, bridgeMebibytes, bridgeRounds);
    }

    /** @return the same plan with or without the JFR profile of wsstream */
    public Plan withProfile(boolean on) {
        return new Plan(mode, payloads, concurrencies, rounds, warmup, rampUp, window, many, idleStreams, idleRounds, broadcastStreams,
                broadcastWarmup, broadcastRounds, disturbanceClients, disturbanceCycles, on, profileWindow, bridgeMebibytes, bridgeRounds);
    }

    /** @return the settings, for the results */
    public Map<String, Object> describe() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("payloads", payloads.stream().map(Payload::key).toList());
        settings.put("concurrencies", concurrencies);
        settings.put("roundsPerFigure", rounds);
        settings.put("warmupSecondsPerPayload", warmup.toMillis() / 1000.0);
        settings.put("rampUpSeconds", rampUp.toMillis() / 1000.0);
        settings.put("windowSeconds", window.toMillis() / 1000.0);
        settings.put("manyConnections", many.connections());
        settings.put("manyConnectionsPayloads", many.payloads().stream().map(Payload::key).toList());
        settings.put("manyConnectionsRampUpSeconds", many.rampUp().toMillis() / 1000.0);
        settings.put("manyConnectionsWindowSeconds", many.window().toMillis() / 1000.0);
        settings.put("idleStreams", idleStreams);
        settings.put("idleRounds", idleRounds);
        settings.put("broadcastStreams", broadcastStreams);
        settings.put("broadcastWarmupRounds", broadcastWarmup);
        settings.put("broadcastRounds", broadcastRounds);
        settings.put("disturbanceClients", disturbanceClients);
        settings.put("disturbanceCycles", disturbanceCycles);
        settings.put("jfrProfile", profile);
        settings.put("bridgeMebibytesPerRun", bridgeMebibytes);
        settings.put("bridgeRounds", bridgeRounds);
        return settings;
    }
}
