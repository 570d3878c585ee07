package io.wsstream.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.wsstream.benchmark.client.BroadcastLoad;
import io.wsstream.benchmark.client.DisturbanceLoad;
import io.wsstream.benchmark.client.EchoLoad;
import io.wsstream.benchmark.client.IdleLoad;
import io.wsstream.benchmark.client.LoadClient;
import io.wsstream.benchmark.server.PlainJettyServer;
import io.wsstream.benchmark.server.ServerUnderTest;
import io.wsstream.benchmark.server.WsstreamFelixServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the benchmark compiling and running: the same servers, client and loads as a real run (wsstream in
 * a forked Felix, plain Jetty in a forked JVM; Pax Web only in real runs), briefly and counted. It asserts
 * correctness only, every message echoed exactly and every broadcast received, never a time.
 */
class BenchmarkSmokeIT {
    static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    static final Duration ECHO_TIMEOUT = Duration.ofSeconds(60);
    static final int CONNECTIONS = 10;
    static final int MESSAGES_PER_CONNECTION = 100;

    static LoadClient client;
    static final List<ServerUnderTest> servers = new ArrayList<>();
    static WsstreamFelixServer wsstream;

    @BeforeAll
    static void startServers() throws Exception {
        Path benchDir = Path.of(System.getProperty("benchmark.dir", "target/bench")).toAbsolutePath();
        Path runDir = benchDir.resolveSibling("smoke-run");
        List<String> jvm = List.of("-Xmx256m");
        client = new LoadClient();
        wsstream = new WsstreamFelixServer(runDir.resolve("wsstream"), jvm, benchDir, benchDir.resolveSibling("classes"));
        PlainJettyServer jetty = new PlainJettyServer(runDir.resolve("jetty"), jvm,
                Files.readString(benchDir.resolve("classpath.txt")).trim() + java.io.File.pathSeparator + benchDir.resolveSibling("classes"));
        for (ServerUnderTest server : List.of(wsstream, jetty)) {
            servers.add(server);
            server.start(client, START_TIMEOUT);
        }
    }

    @AfterAll
    static void stopServers() {
        servers.forEach(ServerUnderTest::close);
        if (client != null) {
            client.close();
        }
    }

    @Test
    void everyMessageOfEveryKindIsEchoedExactly() {
        EchoLoad echo = new EchoLoad(client);
        for (ServerUnderTest server : servers) {
            for (Payload payload : Payload.values()) {
                long echoes = echo.count(server.uri(payload.path()), payload, CONNECTIONS, MESSAGES_PER_CONNECTION, ECHO_TIMEOUT);
                assertEquals(CONNECTIONS * MESSAGES_PER_CONNECTION, echoes, payload + " on " + server.key());
            }
        }
    }

    @Test
    void everyStreamReceivesEachBroadcast() {
        for (ServerUnderTest server : servers) {
            try (BroadcastLoad broadcast = new BroadcastLoad(client, server.uri("/bench/broadcast"), 20)) {
                for (int round = 0; round < 3; round++) {
                    broadcast.round(); // fails unless all 20 streams got exactly this round's message
                }
            }
        }
    }

    /**
     * The cluster section's load, on one server (the smoke run has no cluster bundle): streams spread over
     * two URIs, rounds, then a flood whose every message every stream counts.
     */
    @Test
    void streamsSpreadOverUrisReceiveEveryFloodMessage() {
        java.net.URI uri = wsstream.uri("/bench/broadcast");
        try (BroadcastLoad broadcast = new BroadcastLoad(client, List.of(uri, uri), 21)) {
            broadcast.round();
            BroadcastLoad.FloodResult flood = broadcast.flood(50);
            assertEquals(0, flood.lost(), "deliveries lost: " + flood);
        }
    }

    @Test
    void idleStreamsStayOpenAndAnswer() {
        IdleLoad idle = new IdleLoad(client);
        for (ServerUnderTest server : servers) {
            IdleLoad.IdleSample sample = idle.measure(server.uri("/bench/echo"), 50, null);
            assertEquals(0, sample.silent(), server.key() + ": " + sample.problems());
        }
    }

    @Test
    void wsstreamKeepsItsStreamsWhileAnotherHandlerBundleComesAndGoes() throws Exception {
        DisturbanceLoad.DisturbanceSample sample = new DisturbanceLoad(client).measure(wsstream, 5, 1);
        assertEquals(0, sample.streamsClosed(), "streams closed: " + sample);
        assertEquals(0, sample.messagesLost(), "messages lost: " + sample);
        assertEquals(0, sample.errors(), "errors: " + sample);
    }
}
