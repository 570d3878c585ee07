package io.wsstream.benchmark.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.wsstream.benchmark.client.LoadClient;
import io.wsstream.benchmark.felix.FelixMain;

/**
 * wsstream in a real Felix, with the benchmark's handler bundle deployed through FileInstall's
 * {@code deploy/}, as a user's handler bundle would be, and the server's port in
 * {@code io.wsstream.server.cfg}. Two ways to boot it:
 * <ul>
 * <li>the {@code distribution} module's executable jar ({@code distribution/target/wsstream.jar}), started
 *     in {@link #workDir}, which watches {@code etc/} and {@code deploy/} there;
 * <li>{@link FelixMain}: the framework and the runtime bundles of docs/karaf.md, with FileInstall watching
 *     {@code deploy/}; the stand-in from before the distribution existed, and what the smoke test uses.
 * </ul>
 */
public class WsstreamFelixServer extends ServerProcess {
    /** The websocket path {@link #bridgeTo} bridges. */
    public static final String BRIDGE_PATH = "/bench/bridge";
    /** The websocket path whose messages are broadcast to the whole cluster. */
    public static final String CLUSTER_PATH = "/bench/cluster";
    private static final String CLUSTER_CONFIGURATION = "etc/io.wsstream.cluster.cfg";

    private final Path benchDir;
    private final Path classesDir;
    private final Path distributionJar;
    /** The Hazelcast member port, should this node {@link #joinCluster join a cluster}. */
    private final int clusterPort = freePort();

    /**
     * Boots wsstream with {@link FelixMain}.
     *
     * @param benchDir the build's {@code target/bench} (Felix bundles, handler bundles)
     * @param classesDir the harness classes, holding {@link FelixMain}
     */
    public WsstreamFelixServer(Path workDir, List<String> jvmOptions, Path benchDir, Path classesDir) {
        this(workDir, jvmOptions, benchDir, classesDir, null);
    }

    /**
     * @param distributionJar the distribution's executable jar, or {@code null} for {@link FelixMain}
     */
    public WsstreamFelixServer(Path workDir, List<String> jvmOptions, Path benchDir, Path classesDir, Path distributionJar) {
        super(workDir, jvmOptions);
        this.benchDir = benchDir;
        this.classesDir = classesDir;
        this.distributionJar = distributionJar;
    }

    @Override
    public String key() {
        return "wsstream";
    }

    @Override
    public String description() {
        return distributionJar != null
                ? "wsstream in the distribution (" + distributionJar.getFileName() + ": Felix 7.0.5, SCR, ConfigAdmin, Metatype, "
                        + "Gogo, FileInstall, Jetty 12.1.14 native websocket, the examples); handlers: a DS component bundle in deploy/"
                : "wsstream (api and impl bundles of this build) in Felix 7.0.5 with SCR, ConfigAdmin, FileInstall, "
                        + "Jetty 12.1.14 native websocket (booted by the harness); handlers: a DS component bundle in deploy/";
    }

    @Override
    public boolean isWhiteboard() {
        return true;
    }

    @Override
    protected List<String> prepare() throws IOException {
        Path deploy = Files.createDirectories(workDir.resolve("deploy"));
        // the distribution reads configuration from etc/, FelixMain's FileInstall from deploy/
        Path configDir = distributionJar != null ? Files.createDirectories(workDir.resolve("etc")) : deploy;
        // the idle section opens 10,000 streams: above the default connection limit (1,000), which the
        // references do not have
        Files.writeString(configDir.resolve("io.wsstream.server.cfg"), "host=127.0.0.1\nport=" + port + "\nmax.connections=100000\n");
        deployHandlers(deploy);
        List<String> command = new ArrayList<>();
        command.add(javaExecutable().toString());
        command.addAll(jvmOptions);
        if (distributionJar != null) {
            command.add("-jar");
            command.add(distributionJar.toString());
            return command;
        }
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
        command.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
        command.add("-cp");
        command.add(jar(benchDir.resolve("felix"), "org.apache.felix.framework") + java.io.File.pathSeparator + classesDir);
        command.add(FelixMain.class.getName());
        command.add(workDir.toString());
        command.add(benchDir.resolve("felix/level1").toString());
        command.add(benchDir.resolve("felix/level2").toString());
        return command;
    }

    /** Puts the bundles serving the measured paths into {@code deploy/} before the server starts. */
    protected void deployHandlers(Path deploy) throws IOException {
        copyAtomically(jar(benchDir.resolve("bundles"), "benchmark-wsstream-handlers"), deploy);
    }

    /** @return the bundle that {@link #deployOther} deploys: {@code bundles/<name>*.jar} of the build */
    protected Path otherBundle() throws IOException {
        return jar(benchDir.resolve("bundles"), "benchmark-wsstream-other");
    }

    /** @return whether wsstream runs in the distribution's executable jar (else in {@link FelixMain}) */
    protected boolean inDistribution() {
        return distributionJar != null;
    }

    /**
     * Configures the byte-stream bridge {@code /bench/bridge} to a TCP port on loopback, as a user would: a
     * {@code io.wsstream.bridge.tcp} configuration in {@code etc/}; returns once the path is served.
     *
     * @throws UnsupportedOperationException when wsstream does not run in the distribution, the only launcher
     *     carrying the bridge bundle
     */
    public void bridgeTo(int targetPort, LoadClient client, Duration timeout) throws IOException {
        if (distributionJar == null) {
            throw new UnsupportedOperationException("the bridge bundle runs in the distribution only (--wsstream=distribution)");
        }
        Path staged = Files.writeString(workDir.resolve("bridge.tmp"), "path=" + BRIDGE_PATH + "\ntarget.port=" + targetPort + "\n");
        Files.move(staged, workDir.resolve("etc/io.wsstream.bridge.tcp-bench.cfg"), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        client.awaitServed(uri(BRIDGE_PATH), true, timeout, POLL);
    }

    /**
     * Makes this node a cluster member as a user would: an {@code io.wsstream.cluster} configuration in
     * {@code etc/}; returns once {@code /bench/cluster} is served, which it is while the node is in a cluster.
     *
     * @param others the other members (each joins with its own call)
     * @throws UnsupportedOperationException when wsstream does not run in the distribution, the only launcher
     *     carrying the cluster bundle
     */
    public void joinCluster(String node, List<WsstreamFelixServer> others, LoadClient client, Duration timeout) throws IOException {
        if (distributionJar == null) {
            throw new UnsupportedOperationException("the cluster bundle runs in the distribution only (--wsstream=distribution)");
        }
        StringBuilder members = new StringBuilder("127.0.0.1:" + clusterPort);
        others.forEach(other -> members.append(",127.0.0.1:").append(other.clusterPort));
        Path staged = Files.writeString(workDir.resolve("cluster.tmp"), "cluster.name=bench\nnode.name=" + node + "\nport=" + clusterPort
                + "\nmembers=" + members + "\n");
        Files.move(staged, workDir.resolve(CLUSTER_CONFIGURATION), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        client.awaitServed(uri(CLUSTER_PATH), true, timeout, POLL);
    }

    /** Takes this node out of the cluster again (its configuration removed); returns once {@code /bench/cluster} is gone. */
    public void leaveCluster(LoadClient client, Duration timeout) throws IOException {
        Files.deleteIfExists(workDir.resolve(CLUSTER_CONFIGURATION));
        client.awaitServed(uri(CLUSTER_PATH), false, timeout, POLL);
    }

    @Override
    public void deployOther(LoadClient client, Duration timeout) throws IOException {
        copyAtomically(otherBundle(), workDir.resolve("deploy"));
        client.awaitServed(uri("/bench/other"), true, timeout, POLL);
    }

    @Override
    public void undeployOther(LoadClient client, Duration timeout) throws IOException {
        Files.delete(workDir.resolve("deploy").resolve(otherBundle().getFileName()));
        client.awaitServed(uri("/bench/other"), false, timeout, POLL);
    }
}
