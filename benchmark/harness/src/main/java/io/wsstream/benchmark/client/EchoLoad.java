package io.wsstream.benchmark.client;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.wsstream.benchmark.Payload;
import io.wsstream.benchmark.server.JvmProbe;

import org.HdrHistogram.Histogram;
import org.eclipse.jetty.websocket.api.Session;

/**
 * Echo throughput and latency at a given concurrency: {@code connections} clients, each in a closed
 * loop (one message outstanding), for a time (measurement) or a number of messages (smoke test).
 */
public final class EchoLoad {
    /** Opening 10,000 connections takes 3-30 s here, depending on the load of the machine. */
    static final Duration CONNECT_TIMEOUT = Duration.ofMinutes(3);
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(20);
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final LoadClient client;

    public EchoLoad(LoadClient client) {
        this.client = client;
    }

    /**
     * One measured run.
     *
     * @param probe the server JVM, for its CPU and allocation during the window; {@code null} for none
     * @param rampUp echoing before the window opens (connections warm, JIT settled, recorder reset)
     * @param window the measured time
     */
    public EchoSample measure(URI uri, Payload payload, int connections, JvmProbe probe, Duration rampUp, Duration window) {
        EchoRun run = new EchoRun(Long.MAX_VALUE);
        List<EchoConnection> clients = new ArrayList<>(connections);
        List<Session> sessions = open(uri, payload, connections, run, clients);
        try {
            run.start(clients);
            LoadClient.pause(rampUp);
            // The server samples take tens of milliseconds (JMX calls, /proc): the window opens after the
            // first and closes before the second; the costs are divided by the echoes between the samples.
            long echoesBeforeSample = run.echoes();
            JvmProbe.Sample serverBefore = probe == null ? null : probe.sample();
            run.intervalLatencies();
            long echoesBefore = run.echoes();
            long start = System.nanoTime();
            LoadClient.pause(window);
            long echoesAfter = run.echoes();
            long end = System.nanoTime();
            Histogram latencies = run.intervalLatencies();
            JvmProbe.Sample serverAfter = probe == null ? null : probe.sample();
            long sampledEchoes = run.echoes() - echoesBeforeSample;
            run.stop();
            boolean drained = run.awaitIdle(DRAIN_TIMEOUT);
            check(run, clients, drained, uri);
            long messages = echoesAfter - echoesBefore;
            double seconds = (end - start) / 1e9;
            return new EchoSample(messages, seconds, messages / seconds,
                    micros(latencies.getValueAtPercentile(50)), micros(latencies.getValueAtPercentile(99)),
                    micros(latencies.getValueAtPercentile(99.9)), micros(latencies.getMaxValue()),
                    serverBefore == null || sampledEchoes == 0 ? Double.NaN
                            : (double) serverAfter.allocatedSince(serverBefore) / sampledEchoes,
                    serverBefore == null || sampledEchoes == 0 ? Double.NaN
                            : serverAfter.cpuSince(serverBefore) / 1e3 / sampledEchoes,
                    serverBefore == null || sampledEchoes == 0 || serverAfter.contextSwitchesSince(serverBefore) < 0 ? Double.NaN
                            : (double) serverAfter.contextSwitchesSince(serverBefore) / sampledEchoes);
        } finally {
            run.stop();
            Sessions.closeAll(sessions, CLOSE_TIMEOUT);
        }
    }

    /**
     * A counted run for correctness: every connection sends {@code messagesPerConnection} messages and
     * must get each back, unchanged, in order.
     *
     * @return the echoes received
     * @throws IllegalStateException when a message was not echoed, or not exactly
     */
    public long count(URI uri, Payload payload, int connections, int messagesPerConnection, Duration timeout) {
        EchoRun run = new EchoRun(messagesPerConnection);
        List<EchoConnection> clients = new ArrayList<>(connections);
        List<Session> sessions = open(uri, payload, connections, run, clients);
        try {
            run.start(clients);
            boolean drained = run.awaitIdle(timeout);
            check(run, clients, drained, uri);
            for (EchoConnection connection : clients) {
                if (connection.received() != messagesPerConnection) {
                    throw new IllegalStateException(uri + ": a connection got " + connection.received() + " echoes of "
                            + messagesPerConnection);
                }
            }
            return run.echoes();
        } finally {
            run.stop();
            Sessions.closeAll(sessions, CLOSE_TIMEOUT);
        }
    }

    private List<Session> open(URI uri, Payload payload, int connections, EchoRun run, List<EchoConnection> clients) {
        for (int i = 0; i < connections; i++) {
            clients.add(run.newConnection(payload, i));
        }
        return client.connectAll(uri, connections, clients::get, CONNECT_TIMEOUT);
    }

    private static void check(EchoRun run, List<EchoConnection> clients, boolean drained, URI uri) {
        if (run.failureCount() > 0 || run.unexpectedCloses() > 0 || !drained) {
            throw new IllegalStateException(uri + ": " + run.failureCount() + " failures " + run.failures() + ", "
                    + run.unexpectedCloses() + " connections closed by the server, " + run.busy()
                    + " connections still waiting for an echo");
        }
        for (EchoConnection connection : clients) {
            if (connection.sent() != connection.received()) {
                throw new IllegalStateException(uri + ": a connection sent " + connection.sent() + " messages and got "
                        + connection.received() + " back");
            }
        }
    }

    private static double micros(long nanos) {
        return nanos / (double) TimeUnit.MICROSECONDS.toNanos(1);
    }

    /**
     * One measured echo run.
     *
     * @param allocatedBytesPerMessage bytes the server JVM allocated per echoed message (NaN without a probe)
     * @param cpuMicrosPerMessage CPU time of the server process per echoed message (NaN without a probe)
     * @param contextSwitchesPerMessage context switches of the server's threads per echoed message (NaN without
     *     a probe or without /proc)
     */
    public record EchoSample(long messages, double seconds, double throughput, double p50Micros, double p99Micros,
            double p999Micros, double maxMicros, double allocatedBytesPerMessage, double cpuMicrosPerMessage,
            double contextSwitchesPerMessage) {}
}
