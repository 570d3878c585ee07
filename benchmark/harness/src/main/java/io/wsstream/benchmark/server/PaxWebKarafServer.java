package io.wsstream.benchmark.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.wsstream.benchmark.client.LoadClient;

/**
 * The peer OSGi users pick today: Pax Web 8.0.34's websocket whiteboard (Jetty 9.4) in Karaf 4.4.10,
 * unpacked fresh for each run from the distribution the build fetched. Boot features get
 * {@code pax-web-http-whiteboard} and {@code pax-web-jetty-websockets}; every bundle resolves from the
 * local Maven repository only; the endpoint bundle (and Gson) go to {@code deploy/}. Karaf's other
 * ports (SSH, RMI) move to free ones on loopback so that nothing here collides with another Karaf.
 */
public final class PaxWebKarafServer extends ServerProcess {
    static final String KARAF_VERSION = "4.4.10";
    private static final Pattern FEATURES_BOOT = Pattern.compile("(?m)^featuresBoot\\s*=\\s*\\\\\\n((?:.*\\\\\\n)*.*\\n)");

    private final Path benchDir;
    private final Path localRepository;
    private Path karafHome;

    /**
     * @param benchDir the build's {@code target/bench} ({@code karaf/apache-karaf-4.4.10.tar.gz}, bundles)
     * @param localRepository the Maven repository the build filled with Pax Web's bundles
     */
    public PaxWebKarafServer(Path workDir, List<String> jvmOptions, Path benchDir, Path localRepository) {
        super(workDir, jvmOptions);
        this.benchDir = benchDir;
        this.localRepository = localRepository;
    }

    /** @return the Karaf distribution the build fetched ({@code -Pbenchmark}) */
    public static Path distribution(Path benchDir) {
        return benchDir.resolve("karaf/apache-karaf-" + KARAF_VERSION + ".tar.gz");
    }

    @Override
    public String key() {
        return "paxweb";
    }

    @Override
    public String description() {
        return "Pax Web 8.0.34 websocket whiteboard (Jetty 9.4.58, JSR 356 @ServerEndpoint services) in Karaf "
                + KARAF_VERSION + ", Gson for JSON; endpoints: an activator bundle in deploy/";
    }

    @Override
    public boolean isWhiteboard() {
        return true;
    }

    @Override
    protected List<String> prepare() throws IOException {
        untar(distribution(benchDir), workDir);
        karafHome = workDir.resolve("apache-karaf-" + KARAF_VERSION);
        Path etc = karafHome.resolve("etc");

        // bundles from the local repository only, and Karaf's own cache under data/
        Files.writeString(etc.resolve("org.ops4j.pax.url.mvn.cfg"), String.join("\n",
                "org.ops4j.pax.url.mvn.localRepository=${karaf.data}/m2",
                "org.ops4j.pax.url.mvn.useFallbackRepositories=false",
                "org.ops4j.pax.url.mvn.repositories=",
                "org.ops4j.pax.url.mvn.defaultRepositories=${karaf.home.uri}${karaf.default.repository}@id=system.repository@snapshots,"
                        + "${karaf.data.uri}kar@id=kar.repository@multi@snapshots,"
                        + localRepository.toUri() + "@id=m2local@snapshots",
                ""));

        // Pax Web's websocket whiteboard as boot features
        Path featuresCfg = etc.resolve("org.apache.karaf.features.cfg");
        String features = Files.readString(featuresCfg);
        Matcher boot = FEATURES_BOOT.matcher(features);
        if (!boot.find()) {
            throw new IllegalStateException("no featuresBoot in " + featuresCfg);
        }
        String bootList = boot.group(1).stripTrailing() + ", \\\n    pax-web-http-whiteboard, \\\n    pax-web-jetty-websockets\n";
        Files.writeString(featuresCfg, features.substring(0, boot.start(1)) + bootList + features.substring(boot.end(1)));

        // HTTP on our port, loopback only; SSH and RMI on free loopback ports
        Files.writeString(etc.resolve("org.ops4j.pax.web.cfg"), String.join("\n",
                "org.osgi.service.http.enabled=true",
                "org.osgi.service.http.port=" + port,
                "org.ops4j.pax.web.listening.addresses=127.0.0.1",
                "org.osgi.service.http.secure.enabled=false",
                "javax.servlet.context.tempdir=${karaf.data}/pax-web/tmp",
                ""));
        replaceProperty(etc.resolve("org.apache.karaf.shell.cfg"), "sshPort", Integer.toString(freePort()));
        replaceProperty(etc.resolve("org.apache.karaf.shell.cfg"), "sshHost", "127.0.0.1");
        replaceProperty(etc.resolve("org.apache.karaf.management.cfg"), "rmiRegistryPort", Integer.toString(freePort()));
        replaceProperty(etc.resolve("org.apache.karaf.management.cfg"), "rmiRegistryHost", "127.0.0.1");
        replaceProperty(etc.resolve("org.apache.karaf.management.cfg"), "rmiServerPort", Integer.toString(freePort()));
        replaceProperty(etc.resolve("org.apache.karaf.management.cfg"), "rmiServerHost", "127.0.0.1");
        // deploy/ keeps Karaf's poll of 1000 ms, as the wsstream distribution's FileInstall polls

        Path deploy = karafHome.resolve("deploy");
        copyAtomically(jar(benchDir.resolve("bundles"), "gson"), deploy);
        copyAtomically(jar(benchDir.resolve("bundles"), "benchmark-paxweb-handlers"), deploy);

        return List.of(karafHome.resolve("bin/karaf").toString(), "server");
    }

    @Override
    protected Map<String, String> environment() {
        return Map.of(
                "JAVA_HOME", System.getProperty("java.home"),
                // exec: the process we started is the JVM itself (its pid is the one to probe and stop)
                "KARAF_EXEC", "exec",
                "EXTRA_JAVA_OPTS", String.join(" ", jvmOptions));
    }

    @Override
    public void deployOther(LoadClient client, Duration timeout) throws IOException {
        copyAtomically(jar(benchDir.resolve("bundles"), "benchmark-paxweb-other"), karafHome.resolve("deploy"));
        client.awaitServed(uri("/bench/other"), true, timeout, POLL);
    }

    @Override
    public void undeployOther(LoadClient client, Duration timeout) throws IOException {
        Files.delete(jar(karafHome.resolve("deploy"), "benchmark-paxweb-other"));
        client.awaitServed(uri("/bench/other"), false, timeout, POLL);
    }

    /** Sets {@code key = value} in a Karaf .cfg file, replacing the line that sets it (commented out or not). */
    static void replaceProperty(Path file, String key, String value) throws IOException {
        String text = Files.exists(file) ? Files.readString(file) : "";
        Pattern line = Pattern.compile("(?m)^#?\\s*" + Pattern.quote(key) + "\\s*=.*$");
        Matcher matcher = line.matcher(text);
        String replacement = Matcher.quoteReplacement(key + " = " + value);
        text = matcher.find() ? matcher.replaceFirst(replacement) : text + "\n" + key + " = " + value + "\n";
        Files.writeString(file, text);
    }

    private static void untar(Path archive, Path into) throws IOException {
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException(archive + " is missing: build with -Pbenchmark (benchmark/run.sh does)");
        }
        Process tar = new ProcessBuilder("tar", "xzf", archive.toString(), "-C", into.toString())
                .redirectErrorStream(true).start();
        try {
            if (!tar.waitFor(120, TimeUnit.SECONDS) || tar.exitValue() != 0) {
                throw new IllegalStateException("unpacking " + archive + " failed: " + new String(tar.getInputStream().readAllBytes()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while unpacking Karaf");
        }
    }
}
