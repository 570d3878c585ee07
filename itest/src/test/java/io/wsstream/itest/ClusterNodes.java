package io.wsstream.itest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

import io.wsstream.itest.support.Folders;
import io.wsstream.itest.support.TestSocket;

import org.awaitility.Awaitility;

/**
 * The nodes of the cluster tests: runnable distributions started as processes, each in its own folder
 * {@code target/<folder>/<node>} with its websocket port ({@code etc/io.wsstream.server.cfg}) and the one cluster
 * file ({@code etc/io.wsstream.cluster.cfg}); and plain Hazelcast members (no wsstream code) in this JVM. Closing it
 * kills the processes ({@code kill -9}) and shuts the members down. Not thread-safe: one test's thread uses it.
 */
final class ClusterNodes implements AutoCloseable {
    private final Path root;
    private final List<Process> processes = new ArrayList<>();
    private final List<HazelcastInstance> members = new ArrayList<>();

    /** @param folder the folder under {@code target} that holds one folder per node */
    ClusterNodes(String folder) {
        this.root = Path.of("target", folder).toAbsolutePath();
    }

    /**
     * Starts the distribution as a process in the node's folder, emptied first.
     *
     * @param cluster the properties of its {@code etc/io.wsstream.cluster.cfg}
     */
    Process start(String node, int websocketPort, Map<String, ?> cluster) {
        Path jar = Path.of(System.getProperty("wsstream.distribution.jar", "../distribution/target/wsstream.jar")).toAbsolutePath();
        Path home = home(node);
        try {
            Folders.deleteTree(home);
            Files.createDirectories(home.resolve("etc"));
            Files.writeString(home.resolve("etc/io.wsstream.server.cfg"), "port=" + websocketPort + "\n");
            Files.writeString(home.resolve("etc/io.wsstream.cluster.cfg"), new TreeMap<>(cluster).entrySet().stream()
                .map(property -> property.getKey() + "=" + property.getValue() + "\n").collect(Collectors.joining()));
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString())
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("console.log").toFile())
                .start();
            processes.add(process);
            return process;
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    /** Waits until the node's process runs and its websocket port upgrades a request on the path. */
    static void awaitServing(Process process, String node, int websocketPort, String path, Duration timeout) {
        Awaitility.await("node " + node + " serving " + path).atMost(timeout).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
            .until(() -> process.isAlive() && TestSocket.handshakeStatus(URI.create("ws://127.0.0.1:" + websocketPort + path)) == 101);
    }

    /** @return what the node's process wrote so far */
    String console(String node) throws IOException {
        return Files.readString(home(node).resolve("console.log"));
    }

    /**
     * Starts a plain Hazelcast member in this JVM, which runs no wsstream code and looks for the given members only.
     * Hazelcast finds its services through the context class loader: in OSGi that must be its bundle's.
     */
    HazelcastInstance plainMember(String clusterName, int port, String... others) {
        Config config = new Config();
        config.setClusterName(clusterName);
        config.setClassLoader(HazelcastInstance.class.getClassLoader());
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.local.localAddress", "127.0.0.1");
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:" + port);
        for (String other : others) {
            join.getTcpIpConfig().addMember(other);
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(HazelcastInstance.class.getClassLoader());
        try {
            HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
            members.add(member);
            return member;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Kills every process ({@code kill -9}) and shuts every plain member down. */
    @Override
    public void close() throws InterruptedException {
        for (Process process : processes) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        processes.clear();
        for (HazelcastInstance member : members) {
            member.shutdown();
        }
        members.clear();
    }

    /** A free port on loopback (Hazelcast members and websocket servers bind 127.0.0.1 here). */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    private Path home(String node) {
        return root.resolve(node);
    }
}
