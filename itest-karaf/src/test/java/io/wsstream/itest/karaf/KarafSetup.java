package io.wsstream.itest.karaf;

import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.when;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.systemTimeout;
import static org.ops4j.pax.exam.CoreOptions.vmOption;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.replaceConfigurationFile;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.jar.JarFile;

import io.wsstream.itest.karaf.watchdog.ParentWatchdog;

import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;

/**
 * The host side of the Karaf test: what the forked Karaf looks like, and that it never outlives the test.
 *
 * <ul>
 * <li>Karaf {@value #KARAF_VERSION}, unpacked fresh into {@code target/exam/<uuid>}.</li>
 * <li>Bundles come from Karaf's own {@code system/} folder and from {@code target/karaf-repo} only: a Maven
 *     layout folder that the build fills with this build's artifacts (from the reactor, so {@code mvn verify}
 *     needs no {@code install}) and the third-party bundles of the features the test installs. Nothing
 *     remote, and not {@code ~/.m2}, so an older wsstream installed there cannot be picked up.</li>
 * <li>{@code etc/io.wsstream.server.cfg} names a free port and the server name {@value #SERVER_NAME};
 *     {@code etc/org.ops4j.pax.web.cfg} another free port for Pax Web; SSH listens on a free port of 127.0.0.1, with
 *     the user {@code karaf} (password {@code karaf}) enabled in {@code etc/users.properties} for {@code bin/client};
 *     JMX/RMI is moved by Pax Exam (other Karafs may run on this machine).</li>
 * <li>Cleanup, twice over: a JVM shutdown hook here stops a Karaf child that Pax Exam left running (it does
 *     when the container never comes up), and a watchdog bundle in Karaf's {@code etc/startup.properties}
 *     stops Karaf when this JVM is gone, even killed.</li>
 * </ul>
 * The values the test needs inside Karaf go there as system properties ({@code etc/system.properties}).
 */
final class KarafSetup {
    static final String KARAF_VERSION = "4.4.10";
    static final String SERVER_NAME = "karaf";

    // system properties read inside Karaf
    static final String WS_PORT = "wsstream.itest.ws.port";
    static final String HTTP_PORT = "wsstream.itest.http.port";
    static final String SSH_PORT = "wsstream.itest.ssh.port";
    static final String VERSION = "wsstream.itest.version";
    static final String IMPL_BUNDLE_VERSION = "wsstream.itest.impl.bundle.version";
    static final String REPORT = "wsstream.itest.report";

    private static final String PAX_URL = "etc/org.ops4j.pax.url.mvn.cfg";
    private static final String WATCHDOG_ID = "io.wsstream.itest/karaf-watchdog/1.0.0";
    private static final AtomicBoolean HOOK = new AtomicBoolean();
    /** The first port of Linux's default ephemeral range ({@code /proc/sys/net/ipv4/ip_local_port_range}). */
    private static final int EPHEMERAL_RANGE_START = 32_768;

    private KarafSetup() {}

    static Option[] config() {
        stopForkedKarafOnExit();
        File target = new File("target").getAbsoluteFile();
        int[] ports = freePorts(3);
        int wsPort = ports[0];
        int httpPort = ports[1];
        String repository = new File(required("wsstream.karaf.repository")).toURI().toString();
        return options(
                karafDistributionConfiguration()
                        .frameworkUrl(maven("org.apache.karaf", "apache-karaf").type("tar.gz").versionAsInProject())
                        .karafVersion(KARAF_VERSION)
                        .name("Apache Karaf")
                        .unpackDirectory(new File(target, "exam"))
                        .useDeployFolder(false),
                configureConsole().ignoreLocalConsole(),
                logLevel(LogLevel.INFO),
                // -Dwsstream.itest.keep=true keeps target/exam/<uuid> (karaf.log in data/log) after the run
                when(Boolean.getBoolean("wsstream.itest.keep")).useOptions(keepRuntimeFolder()),
                // a loaded machine boots Karaf slowly; a failed boot ends in "Container never came up" after this
                // (-Dwsstream.itest.boot.timeout.seconds=N changes it)
                systemTimeout(TimeUnit.SECONDS.toMillis(Long.getLong("wsstream.itest.boot.timeout.seconds", 240))),

                // resolve from Karaf's system/ and this build's repository only
                editConfigurationFilePut(PAX_URL, "org.ops4j.pax.url.mvn.repositories", ""),
                editConfigurationFilePut(PAX_URL, "org.ops4j.pax.url.mvn.defaultRepositories",
                        "${karaf.home.uri}${karaf.default.repository}@id=system.repository@snapshots,"
                                + "${karaf.data.uri}kar@id=kar.repository@multi@snapshots,"
                                + repository + "@id=wsstream.build@snapshots"),
                editConfigurationFilePut(PAX_URL, "org.ops4j.pax.url.mvn.localRepository", "${karaf.data}/m2"),
                editConfigurationFilePut(PAX_URL, "org.ops4j.pax.url.mvn.useFallbackRepositories", "false"),

                // wsstream's configuration file, as a user writes it
                editConfigurationFilePut("etc/io.wsstream.server.cfg", "port", Integer.toString(wsPort)),
                editConfigurationFilePut("etc/io.wsstream.server.cfg", "name", SERVER_NAME),
                // Pax Web, once installed, on a free port of 127.0.0.1
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", Integer.toString(httpPort)),
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.ops4j.pax.web.listening.addresses", "127.0.0.1"),
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.enabled", "true"),
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.secure.enabled", "false"),
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "javax.servlet.context.tempdir", "${karaf.data}/pax-web/tmp"),
                // Karaf's own ports
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", Integer.toString(ports[2])),
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshHost", "127.0.0.1"),
                // the console user, commented out in Karaf's etc/users.properties, with the roles of its admingroup
                // (given directly: Pax Exam writes the file as plain properties, and the group's key holds a ':')
                editConfigurationFilePut("etc/users.properties", "karaf", "karaf,admin,manager,viewer,systembundles,ssh"),
                // (Pax Exam moves the JMX/RMI ports to free ones itself)
                // the hot deployment of the test: poll deploy/ often
                editConfigurationFilePut("etc/org.apache.felix.fileinstall-deploy.cfg", "felix.fileinstall.poll", "250"),

                // the watchdog, started by Karaf's launcher before anything else
                replaceConfigurationFile("system/io/wsstream/itest/karaf-watchdog/1.0.0/karaf-watchdog-1.0.0.jar",
                        watchdogBundle(target)),
                editConfigurationFilePut("etc/startup.properties", "mvn:" + WATCHDOG_ID, "5"),
                systemProperty(ParentWatchdog.PARENT_PID).value(Long.toString(ProcessHandle.current().pid())),

                // Java 17 flags of bin/karaf that Pax Exam's launcher leaves out (paths relative to the Karaf folder,
                // the forked JVM's working directory); without them Karaf's specs activator fails on every bundle event
                javaModuleOptions(),

                // what the test needs to know inside Karaf
                systemProperty(WS_PORT).value(Integer.toString(wsPort)),
                systemProperty(HTTP_PORT).value(Integer.toString(httpPort)),
                systemProperty(SSH_PORT).value(Integer.toString(ports[2])),
                systemProperty(VERSION).value(required("wsstream.version")),
                systemProperty(IMPL_BUNDLE_VERSION).value(bundleVersion(new File(required("wsstream.impl.jar")))),
                systemProperty(REPORT).value(new File(target, "karaf-report.txt").getPath()),

                // test tools in Karaf (the probe imports them dynamically)
                mavenBundle("org.hamcrest", "hamcrest").versionAsInProject(),
                mavenBundle("org.awaitility", "awaitility").versionAsInProject(),
                mavenBundle("io.wsstream", "itest-support").versionAsInProject());
    }

    private static Option javaModuleOptions() {
        List<Option> options = new ArrayList<>();
        for (String option : List.of(
                "--add-reads=java.xml=java.logging",
                "--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED",
                "--patch-module=java.base=lib/endorsed/org.apache.karaf.specs.locator-" + KARAF_VERSION + ".jar",
                "--patch-module=java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-" + KARAF_VERSION + ".jar",
                "--add-opens=java.base/java.security=ALL-UNNAMED",
                "--add-opens=java.base/java.net=ALL-UNNAMED",
                "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "--add-opens=java.base/java.util=ALL-UNNAMED",
                "--add-opens=java.naming/javax.naming.spi=ALL-UNNAMED",
                "--add-opens=java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.ftp=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.content.text=ALL-UNNAMED",
                "--add-exports=jdk.xml.dom/org.w3c.dom.html=ALL-UNNAMED",
                "--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED",
                "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
                "--add-exports=java.security.sasl/com.sun.security.sasl=ALL-UNNAMED",
                "--add-exports=java.naming/com.sun.jndi.ldap=ALL-UNNAMED")) {
            options.add(vmOption(option));
        }
        return composite(options.toArray(new Option[0]));
    }

    /**
     * Pax Exam leaves the Karaf process running when the container never came up (it only stops a started
     * one). On exit of this JVM, stop every Karaf this JVM started: children only, found by their main class.
     */
    static void stopForkedKarafOnExit() {
        if (!HOOK.compareAndSet(false, true)) {
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.current().children()
                .filter(child -> child.info().commandLine().map(c -> c.contains("org.apache.karaf.main.Main")).orElse(false))
                .forEach(karaf -> {
                    String line = "stopping forked Karaf, pid " + karaf.pid() + ", left running at exit";
                    System.err.println(line);
                    try {
                        Files.writeString(new File("target/karaf-cleanup.log").toPath(), line + System.lineSeparator(),
                                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                    } catch (IOException e) {
                        // the line on stderr is enough
                    }
                    karaf.destroy();
                    try {
                        karaf.onExit().get(30, TimeUnit.SECONDS);
                    } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
                        karaf.destroyForcibly();
                    } catch (InterruptedException e) {
                        karaf.destroyForcibly();
                        Thread.currentThread().interrupt();
                    }
                }), "stop-forked-karaf"));
    }

    private static File watchdogBundle(File target) {
        byte[] jar = BundleJar.build(Map.of(
                        "Bundle-SymbolicName", "io.wsstream.itest.watchdog",
                        "Bundle-Version", "1.0.0",
                        "Bundle-Activator", ParentWatchdog.class.getName(),
                        "Import-Package", "org.osgi.framework;version=\"[1.8,2)\",org.osgi.framework.launch;version=\"[1.2,2)\""),
                KarafSetup.class.getClassLoader(), ParentWatchdog.class.getName());
        File file = new File(target, "karaf-watchdog.jar");
        try {
            Files.write(file.toPath(), jar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /**
     * Free ports of 127.0.0.1, distinct: all held open until every one is chosen. Taken below Linux's ephemeral
     * range (32768-60999), where nothing that asks the kernel for any free port lands: Pax Web binds its port a
     * minute or more after it was chosen, and in between Pax Exam and Karaf pick their RMI and JMX ports with
     * port 0 (the likely cause of the one full build in which Pax Web never served its port).
     */
    static int[] freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = belowEphemeralRange();
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // nothing to do
                }
            }
        }
    }

    private static ServerSocket belowEphemeralRange() throws IOException {
        Random random = new Random();
        for (int attempt = 0; attempt < 200; attempt++) {
            try {
                return new ServerSocket(EPHEMERAL_RANGE_START - 1 - random.nextInt(12_000), 1, InetAddress.getLoopbackAddress());
            } catch (IOException taken) {
                // try another
            }
        }
        return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    private static String bundleVersion(File jar) {
        try (JarFile file = new JarFile(jar)) {
            return file.getManifest().getMainAttributes().getValue("Bundle-Version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar + ": build the impl-bundle module first", e);
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property + " is not set (failsafe sets it: run mvn verify)");
        }
        return value;
    }
}
