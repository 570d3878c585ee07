package io.wsstream.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.inject.Inject;

import io.wsstream.api.cluster.MemberDTO;
import io.wsstream.api.cluster.NodeGoneException;
import io.wsstream.api.cluster.StreamCluster;
import io.wsstream.api.cluster.StreamEntryDTO;
import io.wsstream.api.cluster.UnknownStreamException;
import io.wsstream.itest.support.TestSocket;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.After;
import org.junit.Test;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.cm.ConfigurationAdminOptions;

/**
 * Three wsstream nodes as one cluster on loopback: this Felix container (node {@code a}) and two runnable
 * distributions started as processes (nodes {@code b} and {@code c}), each with the one configuration file
 * {@code etc/io.wsstream.cluster.cfg}. A broadcast from this node reaches streams on all three; the directory lists
 * every node's streams; a send by id reaches a stream on another node; after {@code kill -9} of node {@code b} the
 * streams of the others stay open and served, b's streams leave the directory within the failure-detection timeout,
 * and sends to them fail cleanly, while a hundred broadcasts published during the failure and a hundred after it
 * all reach the survivors' streams in order; b restarts and rejoins. A fourth node (d) with another {@code cluster.name} serves alone and says so.
 */
public class ClusterIT extends WsstreamTestSupport {
    private static final String CLUSTER_NAME = "itest-cluster";
    private static final int HEARTBEAT_SECONDS = 1;
    private static final int FAILURE_SECONDS = 3;
    /** How long the others may take to drop a killed node: its failure detection, a heartbeat, and slack for a busy machine. */
    private static final Duration DEAD_NODE_NOTICED = Duration.ofSeconds(FAILURE_SECONDS + HEARTBEAT_SECONDS + 4);
    private static final Duration NODE_START = Duration.ofSeconds(60);
    /** A stage of the cluster that does not complete within this fails the test rather than hanging it. */
    private static final long STAGE_TIMEOUT_SECONDS = 15;
    /** Broadcasts published while a node dies, and again once the others noticed: small load, every one counted. */
    private static final int BURST = 100;

    /**
     * The ports (cluster a, b, c; websocket b, c; cluster and websocket of d), chosen once per JVM and kept in a system property: Pax Exam's
     * configuration runs in this JVM's class path, the test in the container, and both need the same numbers.
     */
    private static int[] ports() {
        String ports = System.getProperty("wsstream.itest.cluster.ports");
        if (ports == null) {
            ports = Stream.generate(ClusterNodes::freePort).limit(7).map(String::valueOf).collect(Collectors.joining(","));
            System.setProperty("wsstream.itest.cluster.ports", ports);
        }
        return Arrays.stream(ports.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    private static String members() {
        int[] ports = ports();
        return "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1] + ",127.0.0.1:" + ports[2];
    }

    @Override
    protected Option[] additionalOptions() {
        return options(
            mavenBundle("com.hazelcast", "hazelcast").versionAsInProject(),
            mavenBundle("org.apache.felix", "org.apache.felix.gogo.runtime").versionAsInProject(),
            bundle(jarUrl("wsstream.cluster.jar", "cluster-bundle")),
            ConfigurationAdminOptions.newConfiguration("io.wsstream.cluster")
                .put("cluster.name", CLUSTER_NAME)
                .put("members", members())
                .put("port", ports()[0])
                .put("node.name", "a")
                .put("heartbeat.interval.seconds", HEARTBEAT_SECONDS)
                .put("failure.detection.timeout.seconds", FAILURE_SECONDS)
                .asOption());
    }

    @Inject
    private CommandProcessor commands;

    private final ClusterNodes nodes = new ClusterNodes("cluster-it");

    @After
    public void killNodes() throws InterruptedException {
        nodes.close();
    }

    @Test
    public void threeNodesBroadcastListAndRouteAndSurviveTheKillOfOne() {
        serve("/echo", (stream, message) -> stream.sendText(message.text()));
        int[] ports = ports();
        Process b = startNode("b", CLUSTER_NAME, ports[1], ports[3]);
        Process c = startNode("c", CLUSTER_NAME, ports[2], ports[4]);
        Process d = startNode("d", "another-cluster", ports[5], ports[6]);
        awaitServing(b, "b", ports[3]);
        awaitServing(c, "c", ports[4]);
        awaitServing(d, "d", ports[6]);
        StreamCluster cluster = awaitService(StreamCluster.class, null, NODE_START);
        await("three members").atMost(NODE_START).until(() -> nodeNames(cluster.members()).equals(List.of("a", "b", "c")));

        TestSocket onA = connect("/echo");
        TestSocket onB = connect(URI.create("ws://127.0.0.1:" + ports[3] + "/echo"));
        TestSocket onC = connect(URI.create("ws://127.0.0.1:" + ports[4] + "/echo"));

        // the directory: every node's stream, with its node and path
        await("the streams of a, b and c in the directory")
            .until(() -> cluster.streams("/echo").stream().map(entry -> entry.node).sorted().collect(Collectors.toList()),
                nodes -> nodes.equals(List.of("a", "b", "c")));
        StreamEntryDTO entryB = entryOf(cluster, "b");
        StreamEntryDTO entryC = entryOf(cluster, "c");
        assertTrue(entryB.remoteAddress, entryB.remoteAddress.startsWith("127.0.0.1:"));
        assertEquals(List.of(1, 1, 1), cluster.members().stream().map(member -> member.openStreams).collect(Collectors.toList()));
        String shell = GogoCommands.run(commands, "wsstream:cluster");
        for (String node : List.of("a", "b", "c")) {
            assertTrue(shell, GogoCommands.rowWithCell(shell, 0, node).endsWith(" 1"));
            assertEquals(shell, node + "     /echo  1", GogoCommands.rowWithCell(shell.substring(shell.indexOf("PATH")), 0, node));
        }

        // a node with another cluster.name serves alone, and says so in one line
        await("d's line that it is alone").atMost(NODE_START).until(() -> console("d").lines()
            .filter(line -> line.contains("node d is alone")).count() == 1);
        assertEquals(List.of("a", "b", "c"), nodeNames(cluster.members()));

        // a broadcast from this node reaches the streams of every node
        cluster.broadcast("/echo", Map.of("n", 1)).toCompletableFuture().orTimeout(STAGE_TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
        for (TestSocket socket : List.of(onA, onB, onC)) {
            assertEquals("{\"n\":1}", socket.nextText());
        }

        // send by id, across nodes
        cluster.send(entryB.id, "to b").toCompletableFuture().orTimeout(STAGE_TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
        assertEquals("\"to b\"", onB.nextText());
        cluster.sendText(entryC.id, "to c").toCompletableFuture().orTimeout(STAGE_TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
        assertEquals("to c", onC.nextText());
        assertFailsWith(UnknownStreamException.class, () -> cluster.send("no-such-stream", "x").toCompletableFuture().orTimeout(STAGE_TIMEOUT_SECONDS, TimeUnit.SECONDS).join());

        // the shell's cluster forms of send and broadcast: one line each, reaching streams on other nodes
        assertEquals("sent to " + entryB.id + " on node b\n", GogoCommands.run(commands, "wsstream:cluster send " + entryB.id + " 'shell to b'"));
        assertEquals("shell to b", onB.nextText());
        assertEquals("broadcast to /echo published to 3 nodes, 3 streams listed on the path\n",
            GogoCommands.run(commands, "wsstream:cluster broadcast /echo '{\"n\":\"shell\"}'"));
        for (TestSocket socket : List.of(onA, onB, onC)) {
            assertEquals("{\"n\":\"shell\"}", socket.nextText());
        }
        assertEquals("no open stream no-such-stream in the cluster", shellFailure("wsstream:cluster send no-such-stream x"));

        // kill -9 of b: the others keep their streams and keep serving, b's streams leave the directory
        b.destroyForcibly();
        long killed = System.nanoTime();
        // while b is dead and not noticed yet: a burst of broadcasts and a send to b's stream, both in flight
        CompletableFuture<List<String>> burstDuringFailure = CompletableFuture.supplyAsync(() -> publishBurst(cluster, 0));
        CompletableFuture<Void> sendToDead = cluster.send(entryB.id, "to the dead").toCompletableFuture();
        await("b's streams out of the directory").atMost(DEAD_NODE_NOTICED)
            .until(() -> cluster.streams().stream().noneMatch(entry -> entry.node.equals("b")));
        System.out.printf("cluster: the killed node's streams left the directory %d ms after the kill%n",
            (System.nanoTime() - killed) / 1_000_000);
        List<String> expected = new ArrayList<>(burstDuringFailure.orTimeout(STAGE_TIMEOUT_SECONDS, TimeUnit.SECONDS).join());
        Throwable sendFailure = assertFailsWith(RuntimeException.class, () -> sendToDead.orTimeout(STAGE_TIMEOUT_SECONDS, TimeUnit.SECONDS).join());
        assertTrue(sendFailure.toString(), sendFailure instanceof NodeGoneException || sendFailure instanceof UnknownStreamException);
        assertEquals(List.of("a", "c"), nodeNames(cluster.members()));
        assertFailsWith(UnknownStreamException.class, () -> cluster.close(entryB.id).toCompletableFuture().orTimeout(STAGE_TIMEOUT_SECONDS, TimeUnit.SECONDS).join());
        assertEquals("no open stream " + entryB.id + " in the cluster", shellFailure("wsstream:cluster send " + entryB.id + " x"));

        // no broadcast lost on the survivors, in order, across the failure and after it
        expected.addAll(publishBurst(cluster, BURST));
        assertEquals(expected, onA.nextTexts(expected.size()));
        assertEquals(expected, onC.nextTexts(expected.size()));
        assertFalse(onA.isClosed());
        assertFalse(onC.isClosed());
        cluster.send(entryC.id, "still there").toCompletableFuture().orTimeout(STAGE_TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
        assertEquals("\"still there\"", onC.nextText());
        assertTrue("c runs", c.isAlive());

        // b restarts in its folder and rejoins: its new stream is listed and gets broadcasts and sends
        Process restarted = startNode("b", CLUSTER_NAME, ports[1], ports[3]);
        awaitServing(restarted, "b", ports[3]);
        await("b back among the members").atMost(NODE_START).until(() -> nodeNames(cluster.members()).equals(List.of("a", "b", "c")));
        TestSocket onNewB = connect(URI.create("ws://127.0.0.1:" + ports[3] + "/echo"));
        await("b's new stream in the directory").until(() -> cluster.streams().stream().anyMatch(entry -> entry.node.equals("b")));
        cluster.broadcast("/echo", Map.of("n", "after the restart")).toCompletableFuture().orTimeout(STAGE_TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
        for (TestSocket socket : List.of(onA, onNewB, onC)) {
            assertEquals("{\"n\":\"after the restart\"}", socket.nextText());
        }
        cluster.sendText(entryOf(cluster, "b").id, "to the new b").toCompletableFuture().orTimeout(STAGE_TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
        assertEquals("to the new b", onNewB.nextText());

        // the distribution's chat example spans the nodes: a message said on b is heard on c
        TestSocket bob = connect(URI.create("ws://127.0.0.1:" + ports[3] + "/chat?name=bob"));
        TestSocket carol = connect(URI.create("ws://127.0.0.1:" + ports[4] + "/chat?name=carol"));
        await("carol's chat stream listed").until(() -> cluster.streams("/chat").size() == 2);
        bob.sendText("{\"name\":\"bob\",\"text\":\"hello from b\"}");
        String heard = nextWith(carol, "hello from b");
        assertTrue(heard, heard.contains("\"type\":\"message\",\"name\":\"bob\""));

        // the shell's cluster form of close
        String newB = cluster.streams("/echo").stream().filter(entry -> entry.node.equals("b")).findFirst().orElseThrow().id;
        assertEquals("closed " + newB + " on node b with 4001\n", GogoCommands.run(commands, "wsstream:cluster close " + newB + " 4001 shell"));
        assertEquals(new TestSocket.Close(4001, "shell"), onNewB.awaitClose());

        // close by id across nodes
        cluster.close(entryC.id, 4000, "closed from a").toCompletableFuture().orTimeout(STAGE_TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
        assertEquals(new TestSocket.Close(4000, "closed from a"), onC.awaitClose());
        await("c's stream out of the directory").until(() -> cluster.streams().stream().noneMatch(entry -> entry.id.equals(entryC.id)));
    }

    /** @return the one-line message a shell command failed with */
    private String shellFailure(String commandLine) {
        try {
            GogoCommands.run(commands, commandLine);
        } catch (GogoCommands.CommandFailed failed) {
            String message = failed.getCause().getMessage();
            assertEquals(message, 1, message.lines().count());
            return message;
        }
        throw new AssertionError(commandLine + " did not fail");
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

    /** Publishes {@link #BURST} numbered broadcasts without waiting between them; @return the texts they send */
    private static List<String> publishBurst(StreamCluster cluster, int first) {
        List<CompletableFuture<Void>> published = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (int n = first + 1; n <= first + BURST; n++) {
            published.add(cluster.broadcast("/echo", Map.of("n", n)).toCompletableFuture());
            texts.add("{\"n\":" + n + "}");
        }
        CompletableFuture.allOf(published.toArray(CompletableFuture[]::new)).orTimeout(STAGE_TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
        return texts;
    }

    private static StreamEntryDTO entryOf(StreamCluster cluster, String node) {
        return cluster.streams().stream().filter(entry -> entry.node.equals(node)).findFirst()
            .orElseThrow(() -> new AssertionError("no stream of " + node + " in the directory"));
    }

    private static List<String> nodeNames(java.util.Collection<MemberDTO> members) {
        return members.stream().map(member -> member.name).sorted().collect(Collectors.toList());
    }

    /** @return the cause of the failure (unwrapped from {@link CompletionException}) */
    private static Throwable assertFailsWith(Class<? extends Throwable> type, Runnable action) {
        try {
            action.run();
        } catch (CompletionException wrapped) {
            Throwable cause = wrapped.getCause();
            assertTrue("expected " + type.getSimpleName() + ", got " + cause, type.isInstance(cause));
            return cause;
        }
        throw new AssertionError("expected " + type.getSimpleName() + ", nothing failed");
    }

    private String console(String node) throws IOException {
        return nodes.console(node);
    }

    /** Starts the distribution as a process in target/cluster-it/&lt;node&gt;, a cluster member with its own ports. */
    private Process startNode(String node, String clusterName, int clusterPort, int websocketPort) {
        return nodes.start(node, websocketPort, Map.of("cluster.name", clusterName, "members", members(), "port", clusterPort,
            "node.name", node, "heartbeat.interval.seconds", HEARTBEAT_SECONDS, "failure.detection.timeout.seconds", FAILURE_SECONDS));
    }

    private static void awaitServing(Process process, String node, int websocketPort) {
        ClusterNodes.awaitServing(process, node, websocketPort, "/echo", NODE_START);
    }
}
