package io.wsstream.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import com.hazelcast.core.HazelcastInstance;

import io.wsstream.api.cluster.StreamCluster;
import io.wsstream.itest.support.TestSocket;

import org.junit.After;
import org.junit.Test;
import org.ops4j.pax.exam.Option;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * A member whose {@code members} it cannot reach serves its own streams alone, says so in one line, and keeps
 * trying. Its members: a port where nobody listens (refused at once) and a port where something that is not
 * Hazelcast takes the connection and never answers (Hazelcast would wait for it five minutes by default). The node
 * serves its stream all along; it says once that it is alone; when the silent listener goes, its next try runs it
 * as a cluster of one; and when a member appears on the other port later, it finds it and joins it, keeping its
 * stream listed and reached by broadcasts.
 */
public class ClusterAloneIT extends WsstreamTestSupport {
    private static final String CLUSTER_NAME = "itest-alone";
    private static final int FAILURE_SECONDS = 3;
    /** Three failure-detection timeouts for the join, another to start again, and slack for a busy machine. */
    private static final Duration GIVES_UP_AND_RETRIES = Duration.ofSeconds(4 * FAILURE_SECONDS + 20);
    private static final Duration MERGE = Duration.ofSeconds(60);

    @Inject
    private ConfigurationAdmin configurationAdmin;

    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @Override
    protected Option[] additionalOptions() {
        return options(
            mavenBundle("com.hazelcast", "hazelcast").versionAsInProject(),
            bundle(jarUrl("wsstream.cluster.jar", "cluster-bundle")));
    }

    @After
    public void stopClusterAndListeners() throws Exception {
        for (AutoCloseable closeable : cleanup) {
            closeable.close();
        }
    }

    @Test
    public void aMemberThatReachesNoneOfItsMembersServesAloneSaysSoOnceAndKeepsTrying() throws Exception {
        serve("/alone", (stream, message) -> stream.sendText(message.text()));
        TestSocket local = connect("/alone");
        // this node's port sorts above the other member's: when they meet, this node is the one that merges into the other
        int[] ports = twoFreePorts();
        int nobodyPort = ports[0];
        int ownPort = ports[1];
        ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        List<Socket> held = new ArrayList<>();
        Thread acceptor = new Thread(() -> holdConnections(silent, held), "itest-silent-listener");
        acceptor.setDaemon(true);
        acceptor.start();

        try (LogCapture log = LogCapture.start()) {
            Configuration configuration = configurationAdmin.getConfiguration("io.wsstream.cluster", "?");
            cleanup.add(configuration::delete);
            Hashtable<String, Object> properties = new Hashtable<>();
            properties.put("cluster.name", CLUSTER_NAME);
            properties.put("members", "127.0.0.1:" + ownPort + ",127.0.0.1:" + nobodyPort + ",127.0.0.1:" + silent.getLocalPort());
            properties.put("port", ownPort);
            properties.put("node.name", "alone");
            properties.put("heartbeat.interval.seconds", 1);
            properties.put("failure.detection.timeout.seconds", FAILURE_SECONDS);
            configuration.update(properties);

            // the join waits for the silent listener, gives up, and the node says once that it is alone
            await("the line that the node is alone").atMost(GIVES_UP_AND_RETRIES).until(() -> aloneLines(log).size() == 1);
            String line = aloneLines(log).get(0);
            assertTrue(line, line.contains(" WARN "));
            assertTrue(line, line.contains("127.0.0.1:" + nobodyPort) && line.contains("127.0.0.1:" + silent.getLocalPort()));
            assertTrue(line, line.contains("it serves its own streams"));
            // it does: its stream stays open and served
            local.sendText("still served");
            assertEquals("still served", local.nextText());

            // the silent listener goes: the next try runs the node as a cluster of one
            silent.close();
            acceptor.join(TimeUnit.SECONDS.toMillis(5));
            for (Socket socket : held) {
                socket.close();
            }
            StreamCluster cluster = awaitService(StreamCluster.class, null, GIVES_UP_AND_RETRIES);
            await("this node's stream in the directory").until(() -> cluster.streams("/alone").size() == 1);
            cluster.broadcast("/alone", Map.of("n", 1)).toCompletableFuture().orTimeout(15, TimeUnit.SECONDS).join();
            assertEquals("{\"n\":1}", local.nextText());

            // a member appears on the port where nobody listened: the node finds it and joins it
            // a plain Hazelcast member of the cluster (not a wsstream node) that looks for nobody: only the node can find it
            ClusterNodes nodes = new ClusterNodes("cluster-alone-it");
            cleanup.add(0, nodes);
            HazelcastInstance other = nodes.plainMember(CLUSTER_NAME, nobodyPort);
            await("the node joined the other member").atMost(MERGE).until(() -> awaitService(StreamCluster.class, null, MERGE).members().size() == 2);
            StreamCluster joined = awaitService(StreamCluster.class, null, MERGE);
            await("this node's stream listed in the joined cluster").atMost(MERGE)
                .until(() -> joined.streams("/alone").size() == 1 && other.getMap("wsstream.directory").size() == 1);
            await("a broadcast in the joined cluster reaches the stream").atMost(MERGE).ignoreExceptions().until(() -> {
                joined.broadcast("/alone", Map.of("n", 2)).toCompletableFuture().orTimeout(15, TimeUnit.SECONDS).join();
                return local.nextText().equals("{\"n\":2}");
            });
            assertEquals("still one line: " + aloneLines(log), 1, aloneLines(log).size());
            assertEquals("no stack trace: " + log.lines(), List.of(), log.stackTracesAboveDebug());
        }
    }

    private static List<String> aloneLines(LogCapture log) {
        return log.linesWith("node alone is alone");
    }

    /** Takes every connection and never writes a byte: something listens there, but not Hazelcast. */
    private static void holdConnections(ServerSocket server, List<Socket> held) {
        while (!server.isClosed()) {
            try {
                held.add(server.accept());
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** @return two free ports, the first one's address sorting before the second's as Hazelcast compares them ("[host]:port") */
    private static int[] twoFreePorts() {
        int a = ClusterNodes.freePort();
        int b = ClusterNodes.freePort();
        while (b == a) {
            b = ClusterNodes.freePort();
        }
        return Integer.toString(a).compareTo(Integer.toString(b)) < 0 ? new int[] {a, b} : new int[] {b, a};
    }
}
