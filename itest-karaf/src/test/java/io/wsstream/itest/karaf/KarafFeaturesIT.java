package io.wsstream.itest.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import javax.inject.Inject;

import io.wsstream.itest.karaf.paxweb.HelloServlet;
import io.wsstream.itest.support.TestSocket;

import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/**
 * wsstream in a real Karaf 4.4.10, installed the way a Karaf user installs it, with Pax Web next to it.
 *
 * <p>One scenario, in order, on one Karaf ({@link KarafSetup} says how it is set up and cleaned up):
 * <ol>
 * <li>{@code feature:repo-add mvn:io.wsstream/features/<version>/xml/features} and
 *     {@code feature:install wsstream wsstream-examples} in Karaf's shell; the install time is measured. The
 *     server listens where {@code etc/io.wsstream.server.cfg} says, and it runs this build's bundles.</li>
 * <li>{@code /echo} (text and binary), {@code /chat} (two users) and the demo page, over real sockets.</li>
 * <li>The {@code wsstream:*} commands through a Karaf shell session: servers, endpoints, streams, send,
 *     broadcast, close; and through Karaf's remote client, {@code bin/client -u karaf -p karaf 'wsstream:endpoints'},
 *     which prints what a command prints, not a value it returns.</li>
 * <li>A handler bundle built here is dropped into {@code deploy/}: served at once; removed: its stream closes
 *     with 1001 and the path answers 404.</li>
 * <li>{@code feature:install pax-web-http-whiteboard pax-web-jetty-websockets} (Pax Web 8, Jetty 9.4): a servlet
 *     on Pax Web's port and {@code /echo} on ours at once, each port serving only its own; no package or bundle
 *     wire between Jetty 9.4's side and Jetty 12's, and the ServiceLoader wires ({@code osgi.serviceloader}) and
 *     SPI Fly's providers reported ({@link #jettyWiring}).</li>
 * <li>{@code feature:uninstall wsstream-examples wsstream}: no wsstream or Jetty 12 bundle and no wsstream
 *     thread is left, the port is closed, and Pax Web still serves.</li>
 * <li>The other order: {@code feature:install wsstream wsstream-examples} again, with Pax Web already there;
 *     both serve, and the wiring check holds again.</li>
 * </ol>
 * Timings and the ServiceLoader wiring go to {@code target/karaf-report.txt} and to the test output.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class KarafFeaturesIT extends KarafTestSupport {
    private static final String WS_RUNTIME = "io.wsstream.api.runtime.WebsocketServerRuntime";
    private static final String HOT_ACTIVATOR = "io.wsstream.itest.karaf.hot.HotActivator";
    private static final String HOT_HANDLER = "io.wsstream.itest.karaf.hot.HotHandler";
    private static final String HOT_BSN = "io.wsstream.itest.hot";
    private static final String HOT_JAR = "wsstream-itest-hot.jar";

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    @Inject
    private BundleContext context;

    private final List<String> report = new ArrayList<>();
    private final List<TestSocket> sockets = new ArrayList<>();
    private TestSocket alice;
    private TestSocket bob;
    private final int httpPort = Integer.getInteger(KarafSetup.HTTP_PORT, -1);

    @Test
    public void wsstreamInKaraf() throws Exception {
        ServiceRegistration<?> servlet = null;
        Path hotJar = Path.of(System.getProperty("karaf.base"), "deploy", HOT_JAR);
        try (KarafShell shell = new KarafShell(sessionFactory)) {
            install(shell);
            echoChatAndDemoPage();
            shellCommands(shell);
            remoteClient();
            hotDeploy(hotJar, shell);
            servlet = paxWebNextToWsstream(shell);
            uninstall(shell);
            reinstallNextToPaxWeb(shell);
        } finally {
            for (TestSocket socket : sockets) {
                socket.close();
            }
            if (servlet != null) {
                try {
                    servlet.unregister();
                } catch (IllegalStateException e) {
                    // already gone with its bundle
                }
            }
            Files.deleteIfExists(hotJar);
            writeReport();
        }
    }

    // ------------------------------------------------------------------------------------------ steps

    private void install(KarafShell shell) {
        addFeaturesRepository(shell);

        long started = System.nanoTime();
        shell.run("feature:install wsstream wsstream-examples", FEATURE_TIMEOUT);
        long installed = System.nanoTime();
        URI echo = ws("/echo");
        awaitPromptly("/echo served after feature:install").until(() -> TestSocket.handshakeStatus(echo) == 101);
        long serving = System.nanoTime();
        note("feature:install wsstream wsstream-examples: %d ms (command); /echo answered %d ms after the command began",
                millis(started, installed), millis(started, serving));

        String features = shell.run("feature:list -i", COMMAND_TIMEOUT);
        assertTrue("wsstream installed:\n" + features, features.contains("wsstream "));
        assertTrue("wsstream-examples installed:\n" + features, features.contains("wsstream-examples "));

        // etc/io.wsstream.server.cfg is applied: the server has its name and listens on its port
        ServiceReference<?> runtime = awaitService("(&(objectClass=" + WS_RUNTIME + ")(wsstream.server.name=" + KarafSetup.SERVER_NAME + "))");
        assertEquals("port from etc/io.wsstream.server.cfg", String.valueOf(wsPort), String.valueOf(runtime.getProperty("wsstream.server.port")));
        assertEquals("127.0.0.1", String.valueOf(runtime.getProperty("wsstream.server.host")));

        // the bundles are this build's, not an older copy from some repository
        Bundle impl = bundle("io.wsstream.impl");
        assertEquals("impl-bundle from this build", System.getProperty(KarafSetup.IMPL_BUNDLE_VERSION), impl.getVersion().toString());
        for (String name : List.of("io.wsstream.api", "io.wsstream.impl", "io.wsstream.example.echo", "io.wsstream.example.chat",
                "io.wsstream.example.demo", "org.apache.aries.spifly.dynamic.bundle", "org.eclipse.jetty.websocket.server")) {
            assertEquals(name + " active", Bundle.ACTIVE, bundle(name).getState());
        }
        // logging through Karaf's pax-logging: no slf4j bundle came with the feature
        assertEquals("no slf4j bundle installed", List.of(),
                names(b -> b.getSymbolicName().startsWith("slf4j.") || b.getSymbolicName().startsWith("org.slf4j")));
    }

    private void echoChatAndDemoPage() {
        TestSocket echo = track(TestSocket.connect(ws("/echo")));
        echo.sendText("hello karaf");
        assertEquals("hello karaf", echo.nextText());
        echo.sendBinary(new byte[] {1, 2, 3, 4});
        assertEquals(ByteBuffer.wrap(new byte[] {1, 2, 3, 4}), echo.nextBinary());
        echo.close();

        alice = track(TestSocket.connect(ws("/chat?name=alice")));
        assertContains(alice.nextText(), "\"type\":\"join\"", "\"name\":\"alice\"");
        bob = track(TestSocket.connect(ws("/chat?name=bob")));
        assertContains(alice.nextText(), "\"type\":\"join\"", "\"name\":\"bob\"", "\"online\":2");
        assertContains(bob.nextText(), "\"type\":\"join\"", "\"name\":\"bob\"");
        alice.sendText("{\"text\":\"hi bob\"}");
        for (TestSocket socket : List.of(alice, bob)) {
            assertContains(socket.nextText(), "\"type\":\"message\"", "\"name\":\"alice\"", "\"text\":\"hi bob\"");
        }

        HttpResponse<String> page = TestSocket.httpGet(http(wsPort, "/"));
        assertEquals(200, page.statusCode());
        assertTrue("demo page at /:\n" + page.body(), page.body().contains("<title>wsstream demo</title>"));
        note("/echo, /chat and the demo page answer on 127.0.0.1:%d", wsPort);
    }

    private void shellCommands(KarafShell shell) {
        String servers = shell.run("wsstream:servers", COMMAND_TIMEOUT);
        assertContains(servers, KarafSetup.SERVER_NAME, "ws://127.0.0.1:" + wsPort + "/");

        String endpoints = shell.run("wsstream:endpoints", COMMAND_TIMEOUT);
        assertContains(endpoints, "/echo", "io.wsstream.example.echo", "/chat", "io.wsstream.example.chat");

        String chatStreams = shell.run("wsstream:streams /chat", COMMAND_TIMEOUT);
        assertEquals("two streams on /chat:\n" + chatStreams, 2, streamIds(chatStreams, "/chat").size());

        // send and close on a stream the test knows: the only one on /echo
        TestSocket echo = track(TestSocket.connect(ws("/echo")));
        // the server lists a stream a moment after the 101, and the /echo socket closed earlier may still be listed
        List<String> echoIds = awaitPromptly("exactly one stream on /echo").until(
                () -> streamIds(shell.run("wsstream:streams /echo", COMMAND_TIMEOUT), "/echo"), ids -> ids.size() == 1);
        String id = echoIds.get(0);
        assertContains(shell.run("wsstream:send " + id.substring(0, 8) + " 'from the shell'", COMMAND_TIMEOUT), "sent to " + id);
        assertEquals("from the shell", echo.nextText());

        String broadcast = shell.run("wsstream:broadcast /chat '{\"type\":\"ops\",\"text\":\"maintenance at noon\"}'", COMMAND_TIMEOUT);
        assertContains(broadcast, "2 streams, 2 written, 0 failed");
        for (TestSocket socket : List.of(alice, bob)) {
            assertContains(socket.nextText(), "\"type\":\"ops\"", "maintenance at noon");
        }

        assertContains(shell.run("wsstream:close " + id + " 4000 'closed by the test'", COMMAND_TIMEOUT), "closed " + id + " with 4000");
        assertEquals(new TestSocket.Close(4000, "closed by the test"), echo.awaitClose());
        note("wsstream:servers, endpoints, streams, send, broadcast and close work in Karaf's shell");
    }

    /** {@code bin/client} runs one command over SSH and prints its output, as a user runs it from the Karaf folder. */
    private void remoteClient() throws IOException, InterruptedException {
        int sshPort = Integer.getInteger(KarafSetup.SSH_PORT, -1);
        awaitPromptly("Karaf's SSH server listens on " + sshPort).until(() -> listens(sshPort));
        Path home = Path.of(System.getProperty("karaf.home"));
        Path output = Files.createTempFile(home.resolve("data"), "client", ".txt");
        ProcessBuilder client = new ProcessBuilder(home.resolve("bin/client").toString(), "-h", "127.0.0.1", "-a",
                Integer.toString(sshPort), "-u", "karaf", "-p", "karaf", "wsstream:endpoints")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        client.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = client.start();
        // stdin stays open while the command runs, as a terminal's does: the client ends the session at its end
        try (OutputStream stdin = process.getOutputStream()) {
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("bin/client did not finish within " + COMMAND_TIMEOUT.toSeconds() + " s:\n" + Files.readString(output));
            }
        }
        String printed = Files.readString(output);
        assertEquals("bin/client exit code; it printed:\n" + printed, 0, process.exitValue());
        assertContains(printed, "PATH", "/echo", "io.wsstream.example.echo", "/chat", "io.wsstream.example.chat", "2 served");
        note("bin/client -u karaf -p karaf 'wsstream:endpoints' prints the table");
    }

    private static boolean listens(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void hotDeploy(Path hotJar, KarafShell shell) throws IOException {
        byte[] jar = BundleJar.build(Map.of(
                        "Bundle-SymbolicName", HOT_BSN,
                        "Bundle-Version", "1.0.0",
                        "Bundle-Activator", HOT_ACTIVATOR,
                        "Import-Package", "io.wsstream.api;version=\"[1.0,2)\",org.osgi.framework;version=\"[1.8,2)\""),
                getClass().getClassLoader(), HOT_ACTIVATOR, HOT_HANDLER);
        // written next to deploy/ and moved in at once: FileInstall never sees half a jar
        Path staging = Path.of(System.getProperty("karaf.data"), "tmp", HOT_JAR);
        Files.createDirectories(staging.getParent());
        Files.write(staging, jar, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        URI hot = ws("/hot");
        assertEquals("/hot before the deployment", 404, TestSocket.handshakeStatus(hot));

        long started = System.nanoTime();
        Files.move(staging, hotJar, StandardCopyOption.ATOMIC_MOVE);
        awaitPromptly("hot-deployed /hot served").until(() -> TestSocket.handshakeStatus(hot) == 101);
        note("hot deployment: /hot served %d ms after the jar landed in deploy/ (FileInstall polls every 250 ms)",
                millis(started, System.nanoTime()));

        TestSocket socket = track(TestSocket.connect(hot));
        socket.sendText("ping");
        assertEquals("hot:ping", socket.nextText());
        assertContains(shell.run("wsstream:endpoints", COMMAND_TIMEOUT), "/hot", HOT_BSN);

        Files.delete(hotJar);
        assertEquals("undeployed: its stream closes with 1001", 1001, socket.awaitClose(SETTLE).code());
        awaitPromptly("/hot gone").until(() -> TestSocket.handshakeStatus(hot) == 404);
        // The handler leaves when FileInstall's uninstall stops the bundle, before the uninstall has finished.
        awaitPromptly("hot bundle uninstalled").until(() -> names(b -> b.getSymbolicName().equals(HOT_BSN)).isEmpty());
    }

    private ServiceRegistration<?> paxWebNextToWsstream(KarafShell shell) throws InvalidSyntaxException {
        // a stream open across the installation tells whether Pax Web's arrival disturbs wsstream
        TestSocket survivor = track(TestSocket.connect(ws("/echo")));
        Set<String> stopped = ConcurrentHashMap.newKeySet();
        SynchronousBundleListener listener = event -> {
            if (event.getType() == BundleEvent.STOPPED && isJetty12Side(event.getBundle())) {
                stopped.add(event.getBundle().getSymbolicName());
            }
        };
        context.addBundleListener(listener);
        long started = System.nanoTime();
        try {
            shell.run("feature:install pax-web-http-whiteboard pax-web-jetty-websockets", FEATURE_TIMEOUT);
        } finally {
            context.removeBundleListener(listener);
        }
        note("feature:install pax-web-http-whiteboard pax-web-jetty-websockets: %d ms; wsstream/Jetty 12 bundles stopped meanwhile: %s",
                millis(started, System.nanoTime()), stopped.isEmpty() ? "none" : new java.util.TreeSet<>(stopped));

        ServiceRegistration<?> servlet = HelloServlet.register(context);
        URI hello = http(httpPort, HelloServlet.PATH);
        try {
            awaitPromptly("Pax Web serves " + HelloServlet.PATH + " on " + httpPort).until(() -> statusOf(hello) == 200);
        } catch (ConditionTimeoutException notServed) {
            throw new AssertionError(notServed.getMessage() + "\n" + paxWebDiagnosis(), notServed);
        }

        // both at once, each on its own port
        assertEquals(HelloServlet.BODY, TestSocket.httpGet(hello).body());
        TestSocket echo = track(TestSocket.connect(ws("/echo")));
        echo.sendText("next to Pax Web");
        assertEquals("next to Pax Web", echo.nextText());
        assertEquals(HelloServlet.BODY, TestSocket.httpGet(hello).body());
        assertEquals("wsstream's port does not serve the servlet", 404, statusOf(http(wsPort, HelloServlet.PATH)));
        assertEquals("Pax Web's port does not serve /echo", 404, statusOf(http(httpPort, "/echo")));
        // the stream opened before Pax Web came is still served
        survivor.sendText("still here");
        assertEquals("a stream open across Pax Web's installation", "still here", survivor.nextText());
        assertTrue("wsstream and Jetty 12 bundles untouched by Pax Web's installation: " + stopped, stopped.isEmpty());
        note("Pax Web (Jetty %s) serves %s on 127.0.0.1:%d while wsstream (Jetty %s) serves /echo on 127.0.0.1:%d",
                bundle("org.eclipse.jetty.server", 9).getVersion(), HelloServlet.PATH, httpPort,
                bundle("org.eclipse.jetty.server", 12).getVersion(), wsPort);

        jettyWiring("Pax Web installed after wsstream");
        return servlet;
    }

    /** @return Pax Web's bundles with their states and the last warnings and errors of karaf.log: why it does not serve */
    private String paxWebDiagnosis() {
        String bundles = Arrays.stream(context.getBundles())
            .filter(b -> b.getSymbolicName() != null && b.getSymbolicName().startsWith("org.ops4j.pax.web"))
            .map(b -> b.getSymbolicName() + " " + b.getState())
            .collect(Collectors.joining(", "));
        Path log = Path.of(System.getProperty("karaf.log", System.getProperty("karaf.data") + "/log"), "karaf.log");
        String lines;
        try (java.util.stream.Stream<String> all = Files.lines(log)) {
            List<String> problems = all.filter(line -> line.contains("| WARN") || line.contains("| ERROR")).collect(Collectors.toList());
            lines = String.join("\n", problems.subList(Math.max(0, problems.size() - 30), problems.size()));
        } catch (IOException | RuntimeException unreadable) {
            lines = "(" + log + " not readable: " + unreadable + ")";
        }
        return "Pax Web bundles (state 32 = active): " + bundles + "\nlast WARN/ERROR lines of " + log + ":\n" + lines;
    }

    /**
     * Checks the wires between Jetty 9.4's side (its bundles, Pax Web) and Jetty 12's (its bundles, wsstream). The
     * two share package names ({@code org.eclipse.jetty.*}) and ServiceLoader service names
     * ({@code org.eclipse.jetty.http.HttpFieldPreEncoder} in both jetty-http bundles). A package or bundle wire
     * between them would mix the class spaces: none may exist. {@code osgi.serviceloader} wires between them are
     * reported: both jetty-http bundles require {@code HttpFieldPreEncoder} providers (optional, cardinality
     * multiple) and provide some with no {@code uses} constraint, so the framework wires a jetty-http that resolves
     * later to both providers, and SPI Fly hands the other version's providers to its {@code ServiceLoader} too;
     * Jetty skips a provider of the wrong type (a {@code ServiceConfigurationError} it catches), which the
     * functional checks around this one prove for both sides.
     *
     * @return the {@code osgi.serviceloader} wires between the two sides
     */
    private List<String> jettyWiring(String when) throws InvalidSyntaxException {
        List<String> crossedClassSpaces = new ArrayList<>();
        List<String> crossedServiceLoader = new ArrayList<>();
        List<String> serviceLoaderWires = new ArrayList<>();
        for (Bundle requirer : context.getBundles()) {
            BundleWiring wiring = requirer.adapt(BundleWiring.class);
            if (wiring == null) {
                continue;
            }
            for (BundleWire wire : wiring.getRequiredWires(null)) {
                Bundle provider = wire.getProvider().getBundle();
                String namespace = wire.getCapability().getNamespace();
                String line = describe(requirer) + " -> " + describe(provider) + " [" + namespace + " "
                        + wire.getCapability().getAttributes().getOrDefault(namespace, "") + "]";
                boolean serviceLoader = "osgi.serviceloader".equals(namespace);
                if (serviceLoader) {
                    serviceLoaderWires.add(line);
                }
                int from = jettySide(requirer);
                int to = jettySide(provider);
                if (from != 0 && to != 0 && from != to) {
                    (serviceLoader ? crossedServiceLoader : crossedClassSpaces).add(line);
                }
            }
        }
        serviceLoaderWires.sort(null);
        note("%s: osgi.serviceloader wires (consumer -> provider [service]):%n  %s", when, String.join("\n  ", serviceLoaderWires));

        ServiceReference<?>[] registered = context.getAllServiceReferences(null, "(serviceloader.mediator=*)");
        List<String> providers = new ArrayList<>();
        for (ServiceReference<?> reference : registered == null ? new ServiceReference<?>[0] : registered) {
            providers.add(describe(reference.getBundle()) + " provides " + Arrays.toString((String[]) reference.getProperty("objectClass"))
                    + " (" + reference.getProperty(".org.apache.aries.spifly.provider.implclass") + ")");
        }
        providers.sort(null);
        note("%s: ServiceLoader providers SPI Fly registered as services:%n  %s", when, String.join("\n  ", providers));

        if (!crossedClassSpaces.isEmpty()) {
            fail(when + ": package or bundle wires between Jetty 9.4's side and Jetty 12's:\n  " + String.join("\n  ", crossedClassSpaces));
        }
        note("%s: no package or bundle wire between Jetty 9.4's side (Pax Web) and Jetty 12's (wsstream); "
                + "osgi.serviceloader wires across: %s", when, crossedServiceLoader.isEmpty() ? "none" : crossedServiceLoader);
        for (String wire : crossedServiceLoader) {
            assertTrue("only the HttpFieldPreEncoder service that both jetty-http bundles declare crosses: " + wire,
                    wire.contains("org.eclipse.jetty.http_") && wire.endsWith("org.eclipse.jetty.http.HttpFieldPreEncoder]"));
        }
        return crossedServiceLoader;
    }

    /**
     * The other order: Pax Web is there first and wsstream comes second, so Jetty 12's bundles resolve with Jetty
     * 9.4's already present.
     */
    private void reinstallNextToPaxWeb(KarafShell shell) throws InvalidSyntaxException {
        long started = System.nanoTime();
        shell.run("feature:install wsstream wsstream-examples", FEATURE_TIMEOUT);
        URI echo = ws("/echo");
        awaitPromptly("/echo served again").until(() -> TestSocket.handshakeStatus(echo) == 101);
        note("feature:install wsstream wsstream-examples with Pax Web present: /echo answered %d ms after the command began",
                millis(started, System.nanoTime()));
        TestSocket socket = track(TestSocket.connect(echo));
        socket.sendText("Pax Web came first");
        assertEquals("Pax Web came first", socket.nextText());
        socket.sendBinary(new byte[] {5, 6, 7});
        assertEquals(ByteBuffer.wrap(new byte[] {5, 6, 7}), socket.nextBinary());
        URI hello = http(httpPort, HelloServlet.PATH);
        awaitPromptly("Pax Web still serves " + HelloServlet.PATH).until(() -> statusOf(hello) == 200);
        assertEquals(HelloServlet.BODY, TestSocket.httpGet(hello).body());
        jettyWiring("wsstream installed after Pax Web");
    }

    private void uninstall(KarafShell shell) throws InvalidSyntaxException {
        long started = System.nanoTime();
        shell.run("feature:uninstall wsstream-examples wsstream", FEATURE_TIMEOUT);
        note("feature:uninstall wsstream-examples wsstream: %d ms", millis(started, System.nanoTime()));

        String features = shell.run("feature:list -i", COMMAND_TIMEOUT);
        assertFalse("wsstream no longer installed:\n" + features, features.contains("wsstream"));
        assertEquals("no wsstream bundle left", List.of(),
                names(b -> b.getSymbolicName().startsWith("io.wsstream.") && !b.getSymbolicName().startsWith("io.wsstream.itest.")));
        assertEquals("no Jetty 12 bundle left", List.of(),
                names(b -> b.getSymbolicName().startsWith("org.eclipse.jetty") && b.getVersion().getMajor() == 12));
        awaitPromptly("port " + wsPort + " closed").until(() -> refused(wsPort));
        awaitPromptly("no wsstream thread left").until(() -> wsstreamThreads().isEmpty());
        assertTrue(context.getServiceReferences(WS_RUNTIME, null) == null);
        // Pax Web goes on
        awaitPromptly("Pax Web still serves " + HelloServlet.PATH).until(() -> statusOf(http(httpPort, HelloServlet.PATH)) == 200);
        note("after feature:uninstall: no wsstream or Jetty 12 bundle, no wsstream thread, port %d closed; Pax Web still serves", wsPort);
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static boolean isJetty12Side(Bundle bundle) {
        return jettySide(bundle) == 12;
    }

    /** @return 12 for Jetty 12 and wsstream, 9 for Jetty 9.4 and Pax Web, 0 for everything else */
    private static int jettySide(Bundle bundle) {
        String name = bundle.getSymbolicName();
        if (name == null) {
            return 0;
        }
        if (name.startsWith("org.eclipse.jetty")) {
            return bundle.getVersion().getMajor();
        }
        if (name.startsWith("io.wsstream.") && !name.startsWith("io.wsstream.itest.watchdog")) {
            return 12;
        }
        if (name.startsWith("org.ops4j.pax.web")) {
            return 9;
        }
        return 0;
    }

    private static String describe(Bundle bundle) {
        return bundle.getSymbolicName() + "_" + bundle.getVersion();
    }

    private Bundle bundle(String symbolicName) {
        return Arrays.stream(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName())).findFirst()
                .orElseThrow(() -> new AssertionError("no bundle " + symbolicName));
    }

    private Bundle bundle(String symbolicName, int major) {
        return Arrays.stream(context.getBundles())
                .filter(b -> symbolicName.equals(b.getSymbolicName()) && b.getVersion().getMajor() == major).findFirst()
                .orElseThrow(() -> new AssertionError("no bundle " + symbolicName + " " + major + ".x"));
    }

    private List<String> names(java.util.function.Predicate<Bundle> filter) {
        return Arrays.stream(context.getBundles()).filter(b -> b.getSymbolicName() != null).filter(filter)
                .map(KarafFeaturesIT::describe).sorted().collect(Collectors.toList());
    }

    private ServiceReference<?> awaitService(String filter) {
        return awaitPromptly("service " + filter).until(() -> {
            ServiceReference<?>[] references = context.getAllServiceReferences(null, filter);
            return references == null ? null : references[0];
        }, reference -> reference != null);
    }

    private static List<String> wsstreamThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith("wsstream-")).sorted().collect(Collectors.toList());
    }

    /** @return the ids in the first column of a {@code wsstream:streams} table whose PATH column is {@code path} */
    private static List<String> streamIds(String table, String path) {
        return table.lines().map(String::trim).map(line -> line.split("\\s+"))
                .filter(columns -> columns.length > 1 && columns[1].equals(path))
                .map(columns -> columns[0]).collect(Collectors.toList());
    }

    private static boolean refused(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** @return the status of a GET, or -1 when nothing answers (yet) */
    private static int statusOf(URI uri) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted during GET " + uri);
        }
    }

    private URI ws(String pathAndQuery) {
        return URI.create("ws://127.0.0.1:" + wsPort + pathAndQuery);
    }

    private static URI http(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private TestSocket track(TestSocket socket) {
        sockets.add(socket);
        return socket;
    }

    /** Polls from the start and every 50 ms: the report gives how long things took after a command. */
    private static ConditionFactory awaitPromptly(String what) {
        return await(what).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50));
    }

    private static void assertContains(String text, String... parts) {
        for (String part : parts) {
            if (!text.contains(part)) {
                fail("expected \"" + part + "\" in:\n" + text);
            }
        }
    }

    private static long millis(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1_000_000;
    }

    private void note(String format, Object... args) {
        String line = String.format(format, args);
        report.add(line);
        System.out.println("[karaf-it] " + line);
    }

    private void writeReport() {
        String file = System.getProperty(KarafSetup.REPORT);
        if (file == null) {
            return;
        }
        try {
            Files.writeString(Path.of(file), String.join(System.lineSeparator(), report) + System.lineSeparator());
        } catch (IOException e) {
            System.err.println("cannot write " + file + ": " + e);
        }
    }
}
