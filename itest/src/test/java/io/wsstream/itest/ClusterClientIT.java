package io.wsstream.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.wsstream.api.cluster.StreamCluster;
import io.wsstream.api.cluster.StreamEntryDTO;
import io.wsstream.itest.support.Folders;
import io.wsstream.itest.support.TestSocket;

import org.junit.After;
import org.junit.Test;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.cm.ConfigurationAdminOptions;

/**
 * A wsstream node in {@code mode=client}: this Felix container (node {@code a}) is a Hazelcast client of a cluster
 * whose one member is a runnable distribution started as a process (node {@code b}). The client is configured
 * before the cluster exists and connects once it does; its streams are listed in the directory; a broadcast from
 * the client reaches b's streams, and b's chat example, broadcasting on b, reaches the client's streams; a send by id
 * goes from the client to b. When b is killed, the client withdraws its {@link StreamCluster} (says so in one line)
 * and keeps serving its own streams; when b comes back, the client reconnects, lists its streams again, and
 * broadcasts flow both ways again.
 */
public class ClusterClientIT extends WsstreamTestSupport {
    private static final String CLUSTER_NAME = "itest-client";
    private static final int FAILURE_SECONDS = 3;
    private static final Duration NODE_START = Duration.ofSeconds(60);
    private static final long STAGE_TIMEOUT_SECONDS = 15;

    /** The ports (cluster b, websocket b), chosen once per JVM: Pax Exam's configuration and the test both need them. */
    private static int[] ports() {
        String ports = System.getProperty("wsstream.itest.cluster.client.ports");
        if (ports == null) {
            ports = freePort() + "," + freePort();
            System.setProperty("wsstream.itest.cluster.client.ports", ports);
        }
        return Arrays.stream(ports.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    @Override
    protected Option[] additionalOptions() {
        return options(
            mavenBundle("com.hazelcast", "hazelcast").versionAsInProject(),
            bundle(jarUrl("wsstream.cluster.jar", "cluster-bundle")),
            ConfigurationAdminOptions.newConfiguration("io.wsstream.cluster")
                .put("cluster.name", CLUSTER_NAME)
                .put("mode", "client")
                .put("members", "127.0.0.1:" + ports()[0])
                .put("node.name", "a")
                .put("heartbeat.interval.seconds", 1)
                .put("failure.detection.timeout.seconds", FAILURE_SECONDS)
                .asOption());
    }

    private final List<Process> processes = new ArrayList<>();

    @After
    public void killNodes() throws InterruptedException {
        for (Process process : processes) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    public void aClientNodeBroadcastsBothWaysIsListedAndServesAloneWhileTheClusterIsGone() throws Exception {
        serve("/echo", (stream, message) -> stream.sendText(message.text()));
        serve("/chat", (stream, message) -> { });
        int clusterPort = ports()[0];
        int websocketPort = ports()[1];
        Process b = startMember(clusterPort, websocketPort);
        awaitServing(b, websocketPort);

        StreamCluster cluster = awaitService(StreamCluster.class, null, NODE_START);
        assertEquals("a client is no member", List.of("b"), cluster.members().stream().map(member -> member.name).collect(Collectors.toList()));
        TestSocket onA = connect("/echo");
        TestSocket onB = connect(URI.create("ws://127.0.0.1:" + websocketPort + "/echo"));
        await("the streams of a and b in the directory").atMost(NODE_START)
            .until(() -> nodesOn(cluster, "/echo"), nodes -> nodes.equals(List.of("a", "b")));

        // from the client to the member: a broadcast and a send by id
        cluster.broadcast("/echo", Map.of("n", 1)).toCompletableFuture().orTimeout(STAGE_TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
        assertEquals("{\"n\":1}", onA.nextText());
        assertEquals("{\"n\":1}", onB.nextText());
        cluster.sendText(entryOf(cluster, "b", "/echo").id, "to b").toCompletableFuture().orTimeout(STAGE_TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
        assertEquals("to b", onB.nextText());

        // from the member to the client: b's chat example broadcasts in the cluster, reaching a's streams on /chat
        TestSocket listener = connect("/chat");
        TestSocket bob = connect(URI.create("ws://127.0.0.1:" + websocketPort + "/chat?name=bob"));
        assertTrue(nextWith(listener, "bob joined").contains("\"type\":\"join\""));
        bob.sendText("{\"name\":\"bob\",\"text\":\"hello from b\"}");
        assertTrue(nextWith(listener, "hello from b").contains("\"name\":\"bob\""));

        // the cluster goes (kill -9 of its one member): the client withdraws StreamCluster and serves alone
        try (LogCapture log = LogCapture.start()) {
            b.destroyForcibly();
            await("StreamCluster withdrawn").atMost(NODE_START).until(() -> context.getServiceReference(StreamCluster.class) == null);
            onA.sendText("alone");
            assertEquals("alone", onA.nextText());
            assertFalse(onA.isClosed());
            List<String> lines = log.linesWith("node a lost its connection");
            assertEquals("one line: " + lines, 1, lines.size());
            assertTrue(lines.get(0), lines.get(0).contains("it serves its own streams alone and reconnects"));
        }

        // b comes back (a new cluster): the client reconnects, lists its streams again, broadcasts flow both ways
        Process restarted = startMember(clusterPort, websocketPort);
        awaitServing(restarted, websocketPort);
        StreamCluster again = awaitService(StreamCluster.class, null, NODE_START);
        TestSocket onNewB = connect(URI.create("ws://127.0.0.1:" + websocketPort + "/echo"));
        await("a's stream listed again, next to b's new one").atMost(NODE_START)
            .until(() -> nodesOn(again, "/echo"), nodes -> nodes.equals(List.of("a", "b")));
        again.broadcast("/echo", Map.of("n", "after")).toCompletableFuture().orTimeout(STAGE_TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
        assertEquals("{\"n\":\"after\"}", onA.nextText());
        assertEquals("{\"n\":\"after\"}", onNewB.nextText());
        TestSocket carol = connect(URI.create("ws://127.0.0.1:" + websocketPort + "/chat?name=carol"));
        assertTrue(nextWith(listener, "carol joined").contains("\"type\":\"join\""));
        carol.close();
    }

    private static List<String> nodesOn(StreamCluster cluster, String path) {
        return cluster.streams(path).stream().map(entry -> entry.node).sorted().collect(Collectors.toList());
    }

    private static StreamEntryDTO entryOf(StreamCluster cluster, String node, String path) {
        return cluster.streams(path).stream().filter(entry -> entry.node.equals(node)).findFirst()
            .orElseThrow(() -> new AssertionError("no stream of " + node + " on " + path));
    }

    /** @return the next text on the socket that contains the part, skipping others (join notices) */
    private static String nextWith(TestSocket socket, String part) {
        for (int skipped = 0; skipped < 10; skipped++) {
            String text = socket.nextText();
            if (text.contains(part)) {
                return text;
            }
        }
        throw new AssertionError("no message with " + part + " among the next 10");
    }

    /** Starts the distribution as a process in target/cluster-client-it/b: the cluster's one member. */
    private Process startMember(int clusterPort, int websocketPort) throws IOException {
        Path jar = Path.of(System.getProperty("wsstream.distribution.jar", "../distribution/target/wsstream.jar")).toAbsolutePath();
        Path home = Path.of("target/cluster-client-it/b").toAbsolutePath();
        Folders.deleteTree(home);
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/io.wsstream.server.cfg"), "port=" + websocketPort + "\n");
        Files.writeString(home.resolve("etc/io.wsstream.cluster.cfg"), "cluster.name=" + CLUSTER_NAME + "\n"
            + "members=127.0.0.1:" + clusterPort + "\n"
            + "port=" + clusterPort + "\n"
            + "node.name=b\n"
            + "heartbeat.interval.seconds=1\n"
            + "failure.detection.timeout.seconds=" + FAILURE_SECONDS + "\n");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString())
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(home.resolve("console.log").toFile())
            .start();
        processes.add(process);
        return process;
    }

    private static void awaitServing(Process process, int websocketPort) {
        await("node b serving").atMost(NODE_START).ignoreExceptions()
            .until(() -> process.isAlive() && TestSocket.handshakeStatus(URI.create("ws://127.0.0.1:" + websocketPort + "/echo")) == 101);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }
}
