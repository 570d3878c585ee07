package io.wsstream.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.hazelcast.core.HazelcastInstance;

import io.wsstream.api.cluster.NodeGoneException;
import io.wsstream.api.cluster.StreamCluster;
import io.wsstream.api.cluster.StreamEntryDTO;
import io.wsstream.api.cluster.UnknownStreamException;
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
 *
 * <p>And a client node that dies: with a plain Hazelcast member (in this JVM, running no wsstream code) as the
 * cluster, and a second client node {@code c} (a distribution process in {@code mode=client}), {@code kill -9} of c
 * takes its streams out of a's directory within the failure-detection timeout; sends and closes to them fail with
 * {@link UnknownStreamException} (or {@link NodeGoneException} while in flight), and c's entries leave the map.
 */
public class ClusterClientIT extends WsstreamTestSupport {
    private static final String CLUSTER_NAME = "itest-client";
    private static final int HEARTBEAT_SECONDS = 1;
    private static final int FAILURE_SECONDS = 3;
    /** How long the others may take to drop a killed node: its failure detection, a heartbeat, and slack for a busy machine. */
    private static final Duration DEAD_NODE_NOTICED = Duration.ofSeconds(FAILURE_SECONDS + HEARTBEAT_SECONDS + 4);
    private static final Duration NODE_START = Duration.ofSeconds(60);
    private static final long STAGE_TIMEOUT_SECONDS = 15;

    /** The ports (cluster, websocket b, websocket c), chosen once per JVM: Pax Exam's configuration and the test both need them. */
    private static int[] ports() {
        String ports = System.getProperty("wsstream.itest.cluster.client.ports");
        if (ports == null) {
            ports = ClusterNodes.freePort() + "," + ClusterNodes.freePort() + "," + ClusterNodes.freePort();
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
                .put("heartbeat.interval.seconds", HEARTBEAT_SECONDS)
                .put("failure.detection.timeout.seconds", FAILURE_SECONDS)
                .asOption());
    }

    private final ClusterNodes nodes = new ClusterNodes("cluster-client-it");

    @After
    public void killNodes() throws InterruptedException {
        nodes.close();
    }

    @Test
    public void aClientNodeBroadcastsBothWaysIsListedAndServesAloneWhileTheClusterIsGone() throws Exception {
        serve("/echo", (stream, message) -> stream.sendText(message.text()));
        serve("/chat", (stream, message) -> { });
        int clusterPort = ports()[0];
        int websocketPort = ports()[1];
        Process b = startMember(clusterPort, websocketPort);
        awaitServing(b, "b", websocketPort);

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
        awaitServing(restarted, "b", websocketPort);
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

    @Test
    public void aClientNodeKilledOnAPlainHazelcastClusterLeavesTheDirectoryWithinTheTimeout() {
        serve("/echo", (stream, message) -> stream.sendText(message.text()));
        int clusterPort = ports()[0];
        int websocketPort = ports()[2];
        // the cluster: one Hazelcast member that runs no wsstream code; a (this container) and c are its clients
        HazelcastInstance plain = nodes.plainMember(CLUSTER_NAME, clusterPort);
        Process c = startClientNode("c", clusterPort, websocketPort);
        awaitServing(c, "c", websocketPort);
        TestSocket onA = connect("/echo");
        TestSocket onC1 = connect(URI.create("ws://127.0.0.1:" + websocketPort + "/echo"));
        TestSocket onC2 = connect(URI.create("ws://127.0.0.1:" + websocketPort + "/echo"));
        // a StreamCluster held from an earlier test is the same view, back once this client reconnected
        StreamCluster cluster = awaitService(StreamCluster.class, null, NODE_START);
        await("the streams of a and c in a's directory").atMost(NODE_START).ignoreExceptions()
            .until(() -> nodesOn(cluster, "/echo"), nodes -> nodes.equals(List.of("a", "c", "c")));
        // a send by id from a to each of c's streams, through the plain member
        StreamEntryDTO entryC = entryOf(cluster, "c", "/echo");
        for (StreamEntryDTO entry : cluster.streams("/echo")) {
            if (entry.node.equals("c")) {
                cluster.sendText(entry.id, "to c").toCompletableFuture().orTimeout(STAGE_TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
            }
        }
        assertEquals("to c", onC1.nextText());
        assertEquals("to c", onC2.nextText());

        // kill -9 of c: nobody tells the cluster; its entries leave a's directory when its life there expires
        c.destroyForcibly();
        long killed = System.nanoTime();
        CompletableFuture<Void> sendBeforeNoticed = cluster.sendText(entryC.id, "to the dead").toCompletableFuture();
        await("c's streams out of a's directory").atMost(DEAD_NODE_NOTICED)
            .until(() -> nodesOn(cluster, "/echo"), nodes -> nodes.equals(List.of("a")));
        System.out.printf("cluster: the killed client node's streams left the directory %d ms after the kill%n",
            (System.nanoTime() - killed) / 1_000_000);
        Throwable inFlight = failureOf(sendBeforeNoticed);
        assertTrue(inFlight.toString(), inFlight instanceof NodeGoneException || inFlight instanceof UnknownStreamException);
        assertTrue(cluster.stream(entryC.id).isEmpty());
        assertTrue(failureOf(cluster.sendText(entryC.id, "x").toCompletableFuture()) instanceof UnknownStreamException);
        assertTrue(failureOf(cluster.close(entryC.id, 4000, "x").toCompletableFuture()) instanceof UnknownStreamException);

        // this node's stream stays open and served; c's entries are swept from the member's map by a live node
        onA.sendText("still served");
        assertEquals("still served", onA.nextText());
        assertFalse(onA.isClosed());
        await("c's entries swept from the map").atMost(DEAD_NODE_NOTICED.plusSeconds(FAILURE_SECONDS))
            .until(() -> plain.getMap("wsstream.directory").size() == 1);
    }

    /** @return what the stage failed with, unwrapped */
    private static Throwable failureOf(CompletableFuture<Void> stage) {
        try {
            stage.orTimeout(STAGE_TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
        } catch (CompletionException wrapped) {
            return wrapped.getCause();
        }
        throw new AssertionError("the stage did not fail");
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
    private Process startMember(int clusterPort, int websocketPort) {
        return nodes.start("b", websocketPort, Map.of("cluster.name", CLUSTER_NAME, "members", "127.0.0.1:" + clusterPort, "port", clusterPort,
            "node.name", "b", "heartbeat.interval.seconds", HEARTBEAT_SECONDS, "failure.detection.timeout.seconds", FAILURE_SECONDS));
    }

    /** Starts the distribution as a process in target/cluster-client-it/&lt;node&gt;: a wsstream node in mode=client. */
    private Process startClientNode(String node, int clusterPort, int websocketPort) {
        return nodes.start(node, websocketPort, Map.of("cluster.name", CLUSTER_NAME, "mode", "client", "members", "127.0.0.1:" + clusterPort,
            "node.name", node, "heartbeat.interval.seconds", HEARTBEAT_SECONDS, "failure.detection.timeout.seconds", FAILURE_SECONDS));
    }

    private static void awaitServing(Process process, String node, int websocketPort) {
        ClusterNodes.awaitServing(process, node, websocketPort, "/echo", NODE_START);
    }
}
