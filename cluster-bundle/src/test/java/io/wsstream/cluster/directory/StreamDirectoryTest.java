package io.wsstream.cluster.directory;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

import io.wsstream.api.cluster.StreamEntryDTO;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The directory on a plain Hazelcast member (no wsstream code on it) with two client nodes, {@code a} and {@code c}:
 * a client node that dies leaves a's directory within the failure-detection timeout, and the map, without any
 * member's help; a node taken for dead while it runs lists its streams again.
 */
class StreamDirectoryTest {
    private static final Duration HEARTBEAT = Duration.ofSeconds(1);
    private static final Duration FAILURE_TIMEOUT = Duration.ofSeconds(3);
    /** The failure-detection timeout, and slack for a busy machine. */
    private static final Duration GONE = FAILURE_TIMEOUT.plusSeconds(3);

    private final String clusterName = "directory-test-" + UUID.randomUUID();
    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private HazelcastInstance member;

    @BeforeEach
    void startMember() {
        int port = freePort();
        Config config = new Config();
        config.setClusterName(clusterName);
        config.setProperty("hazelcast.logging.type", "none");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        member = Hazelcast.newHazelcastInstance(config);
        cleanup.add(member::shutdown);
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    @Test
    void aClientNodeThatDiesLeavesTheDirectoryOfTheOthersWithinTheTimeout() {
        HazelcastInstance clientA = client();
        HazelcastInstance clientC = client();
        StreamDirectory a = directory(clientA, "a", new CopyOnWriteArrayList<>(List.of(entry("a1", "a"))));
        StreamDirectory c = directory(clientC, "c", new CopyOnWriteArrayList<>(List.of(entry("c1", "c"), entry("c2", "c"), entry("c3", "c"))));
        a.relist();
        c.relist();
        await("every stream listed").atMost(GONE).until(() -> ids(a), ids -> ids.equals(List.of("a1", "c1", "c2", "c3")));
        assertEquals("c", a.find("c2").orElseThrow().node);
        assertEquals(List.of("c1", "c2", "c3"), a.onPath("/p").stream().map(entry -> entry.id).sorted().filter(id -> id.startsWith("c")).collect(Collectors.toList()));

        // c dies: its client stops at once, without a word to the cluster, and its directory no longer renews
        clientC.getLifecycleService().terminate();
        long died = System.nanoTime();
        await("c's streams out of a's directory").atMost(GONE).until(() -> ids(a), ids -> ids.equals(List.of("a1")));
        System.out.printf("directory: the dead client node's streams left the directory %d ms after it died%n",
            (System.nanoTime() - died) / 1_000_000);
        assertTrue(a.find("c2").isEmpty());
        // and out of the map itself, swept by a
        await("c's entries swept from the map").atMost(GONE.plus(FAILURE_TIMEOUT))
            .until(() -> member.getMap(StreamDirectory.MAP).keySet().stream().sorted().collect(Collectors.toList()), keys -> keys.equals(List.of("a1")));
        c.close();
    }

    @Test
    void aNodeTakenForDeadWhileItRunsListsItsStreamsAgain() {
        StreamDirectory a = directory(client(), "a", List.of(entry("a1", "a")));
        StreamDirectory c = directory(client(), "c", List.of(entry("c1", "c")));
        a.relist();
        c.relist();
        await("both listed").atMost(GONE).until(() -> ids(a), ids -> ids.equals(List.of("a1", "c1")));

        member.getMap(NodeLiveness.MAP).delete("c");
        assertEquals(List.of("a1"), ids(a), "c's life ended: its entries are not listed");
        await("c listed again under a new life").atMost(GONE).until(() -> ids(a), ids -> ids.equals(List.of("a1", "c1")));
        assertEquals(2, member.getMap(StreamDirectory.MAP).size());
    }

    @Test
    void aNodeThatLeavesTakesItsEntriesAlong() {
        StreamDirectory a = directory(client(), "a", List.of(entry("a1", "a")));
        StreamDirectory c = new StreamDirectory(client(), "c", HEARTBEAT, FAILURE_TIMEOUT, FAILURE_TIMEOUT, () -> List.of(entry("c1", "c")));
        a.relist();
        c.relist();
        await("both listed").atMost(GONE).until(() -> ids(a), ids -> ids.equals(List.of("a1", "c1")));
        c.close();
        assertEquals(List.of("a1"), ids(a));
        assertEquals(1, member.getMap(StreamDirectory.MAP).size());
        assertTrue(member.getMap(NodeLiveness.MAP).get("c") == null);
    }

    private StreamDirectory directory(HazelcastInstance client, String node, List<StreamEntryDTO> entries) {
        StreamDirectory directory = new StreamDirectory(client, node, HEARTBEAT, FAILURE_TIMEOUT, FAILURE_TIMEOUT, () -> entries);
        cleanup.add(directory);
        return directory;
    }

    private HazelcastInstance client() {
        ClientConfig config = new ClientConfig();
        config.setClusterName(clusterName);
        config.setProperty("hazelcast.logging.type", "none");
        config.setProperty("hazelcast.client.shutdownhook.enabled", "false");
        config.getNetworkConfig().addAddress("127.0.0.1:" + member.getCluster().getLocalMember().getSocketAddress().getPort());
        HazelcastInstance client = HazelcastClient.newHazelcastClient(config);
        cleanup.add(client::shutdown);
        return client;
    }

    private static List<String> ids(StreamDirectory directory) {
        return directory.all().stream().map(entry -> entry.id).sorted().collect(Collectors.toList());
    }

    private static StreamEntryDTO entry(String id, String node) {
        StreamEntryDTO entry = new StreamEntryDTO();
        entry.id = id;
        entry.node = node;
        entry.path = "/p";
        entry.remoteAddress = "127.0.0.1:1";
        entry.opened = 1L;
        return entry;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }
}
