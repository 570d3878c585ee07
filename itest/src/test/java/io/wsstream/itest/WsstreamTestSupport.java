package io.wsstream.itest;

import static org.junit.Assert.assertEquals;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.workingDirectory;

import java.io.File;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import javax.inject.Inject;

import io.wsstream.api.StreamHandler;
import io.wsstream.api.StreamManager;
import io.wsstream.api.WebsocketConstants;
import io.wsstream.api.runtime.WebsocketServerRuntime;
import io.wsstream.api.runtime.dto.FailedHandlerDTO;
import io.wsstream.api.runtime.dto.HandlerDTO;
import io.wsstream.api.runtime.dto.RefusalReasons;
import io.wsstream.api.runtime.dto.ServerDTO;
import io.wsstream.api.runtime.dto.WhiteboardDTO;
import io.wsstream.itest.support.TestSocket;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.After;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.cm.ConfigurationAdminOptions;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Base of the integration tests: one Felix per test class with SCR, ConfigAdmin, Jetty 12, SPI Fly and
 * our two bundles; the default wsstream server listens on a free port of 127.0.0.1.
 *
 * <p>To add bundles or properties, override {@link #additionalOptions()} (not {@link #config()}: Pax
 * Exam reads the {@code @Configuration} annotation of the method it finds, and an override has none).
 *
 * <p>Handlers registered with {@link #register}/{@link #serve} and sockets opened with
 * {@link #connect} are cleaned up after each test, so the tests of a class share the container
 * without leaking into each other.
 *
 * <p>Waiting: {@link #await(String)} gives an Awaitility condition factory; use it with lambdas
 * ({@code until(() -> ...)}, {@code untilAsserted(...)}, {@code until(supplier, predicate)}), not with
 * Hamcrest matchers: inside the container {@code org.hamcrest} wires to the Hamcrest 1.3 that
 * Pax Exam's JUnit bundle exports, so Hamcrest 2 classes such as {@code org.hamcrest.Matchers} are
 * not found. Never sleep: wait for the event or the state.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public abstract class WsstreamTestSupport {

    /** Default wait for things that are expected to happen. */
    public static final Duration TIMEOUT = TestSocket.TIMEOUT;

    /** The configuration PID of the default server. */
    public static final String SERVER_PID = WebsocketConstants.SERVER_PID;

    @Inject
    protected BundleContext context;

    @Inject
    @Filter("(" + WebsocketConstants.SERVER_NAME + "=" + WebsocketConstants.DEFAULT_SERVER_NAME + ")")
    protected WebsocketServerRuntime server;

    @Inject
    protected StreamManager streams;

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private final List<TestSocket> sockets = new ArrayList<>();
    private TestServers servers;

    // ---------------------------------------------------------------- container

    @Configuration
    public Option[] config() {
        return OptionUtils.combine(baseOptions(), additionalOptions());
    }

    /** Extra options of a test class, e.g. another bundle or a system property. */
    protected Option[] additionalOptions() {
        return new Option[0];
    }

    /**
     * The container of every test. Start levels: SPI Fly (with ASM) and the slf4j bundles start first,
     * at level 1, so that slf4j-api 2 finds slf4j-simple through SPI Fly before anything logs; then
     * ConfigAdmin and the server configuration, so the configuration exists before SCR starts our
     * component (Pax Exam's own bundles are at 2, everything else at the default 3, the probe at 5).
     */
    public static Option[] baseOptions() {
        return options(
            frameworkProperty("felix.bootdelegation.implicit").value("false"),
            workingDirectory("target/paxexam"),
            cleanCaches(),

            // logging of the container (slf4j-simple writes to stderr, which failsafe keeps in
            // target/failsafe-reports/*-output.txt); -Dwsstream.itest.log=debug for io.wsstream
            systemProperty("org.slf4j.simpleLogger.defaultLogLevel").value("info"),
            systemProperty("org.slf4j.simpleLogger.log.io.wsstream").value(System.getProperty("wsstream.itest.log", "info")),
            systemProperty("org.slf4j.simpleLogger.showDateTime").value("true"),
            systemProperty("org.slf4j.simpleLogger.dateTimeFormat").value("HH:mm:ss.SSS"),
            systemProperty("org.slf4j.simpleLogger.showShortLogName").value("true"),
            // Pax Exam's own bundles log through pax-logging-api, whose fallback logger says DEBUG
            systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"),

            // level 1: weaving, logging, configuration
            spiFly(),
            level1(mavenBundle("org.slf4j", "slf4j-api").versionAsInProject()),
            level1(mavenBundle("org.slf4j", "slf4j-simple").versionAsInProject()),
            level1(mavenBundle("org.apache.felix", "org.apache.felix.configadmin").versionAsInProject()),
            serverConfiguration(),

            // level 3 (default)
            declarativeServices(),
            jetty(),
            mavenBundle("com.google.code.gson", "gson").versionAsInProject(),
            wsstreamBundles(),

            // test tools
            junitBundles(),
            mavenBundle("org.hamcrest", "hamcrest").versionAsInProject(),
            mavenBundle("org.awaitility", "awaitility").versionAsInProject(),
            bundle(jarUrl("wsstream.itest.support.jar", "itest-support")));
    }

    /** SPI Fly (the service loader mediator) and the ASM bundles it needs, at start level 1. */
    public static Option spiFly() {
        return composite(
            level1(mavenBundle("org.ow2.asm", "asm").versionAsInProject()),
            level1(mavenBundle("org.ow2.asm", "asm-tree").versionAsInProject()),
            level1(mavenBundle("org.ow2.asm", "asm-analysis").versionAsInProject()),
            level1(mavenBundle("org.ow2.asm", "asm-commons").versionAsInProject()),
            level1(mavenBundle("org.ow2.asm", "asm-util").versionAsInProject()),
            level1(mavenBundle("org.apache.aries.spifly", "org.apache.aries.spifly.dynamic.bundle").versionAsInProject()));
    }

    /** The default server on a free port of 127.0.0.1: PID {@code io.wsstream.server}, {@code port=0}. */
    public static Option serverConfiguration() {
        return ConfigurationAdminOptions.newConfiguration(SERVER_PID)
            .put("port", 0)
            .asOption();
    }

    /** Felix SCR and the OSGi bundles it needs. */
    public static Option declarativeServices() {
        return composite(
            mavenBundle("org.osgi", "org.osgi.util.function").versionAsInProject(),
            mavenBundle("org.osgi", "org.osgi.util.promise").versionAsInProject(),
            mavenBundle("org.osgi", "org.osgi.service.component").versionAsInProject(),
            mavenBundle("org.apache.felix", "org.apache.felix.scr").versionAsInProject());
    }

    /** Jetty 12 core and its native websocket server (no servlet API). */
    public static Option jetty() {
        return composite(
            mavenBundle("org.eclipse.jetty", "jetty-util").versionAsInProject(),
            mavenBundle("org.eclipse.jetty", "jetty-io").versionAsInProject(),
            mavenBundle("org.eclipse.jetty", "jetty-http").versionAsInProject(),
            mavenBundle("org.eclipse.jetty", "jetty-server").versionAsInProject(),
            mavenBundle("org.eclipse.jetty.websocket", "jetty-websocket-core-common").versionAsInProject(),
            mavenBundle("org.eclipse.jetty.websocket", "jetty-websocket-core-server").versionAsInProject(),
            mavenBundle("org.eclipse.jetty.websocket", "jetty-websocket-jetty-api").versionAsInProject(),
            mavenBundle("org.eclipse.jetty.websocket", "jetty-websocket-jetty-common").versionAsInProject(),
            mavenBundle("org.eclipse.jetty.websocket", "jetty-websocket-jetty-server").versionAsInProject());
    }

    /** Our bundles, from the jars the reactor built (paths given by failsafe). */
    public static Option wsstreamBundles() {
        return composite(
            bundle(jarUrl("wsstream.api.jar", "api-bundle")),
            bundle(jarUrl("wsstream.impl.jar", "impl-bundle")));
    }

    /**
     * The client bundle and what it needs beyond {@link #jetty()}: Jetty's HTTP client (with the ALPN client
     * it imports, and jetty-compression-common, which it imports as optional but loads in
     * {@code HttpClient.doStart()}) and websocket client. Add it in {@link #additionalOptions()}.
     */
    public static Option clientBundles() {
        return composite(
            mavenBundle("org.eclipse.jetty.compression", "jetty-compression-common").versionAsInProject(),
            mavenBundle("org.eclipse.jetty", "jetty-alpn-client").versionAsInProject(),
            mavenBundle("org.eclipse.jetty", "jetty-client").versionAsInProject(),
            mavenBundle("org.eclipse.jetty.websocket", "jetty-websocket-core-client").versionAsInProject(),
            mavenBundle("org.eclipse.jetty.websocket", "jetty-websocket-jetty-client").versionAsInProject(),
            bundle(jarUrl("wsstream.client.jar", "client-bundle")));
    }

    /** The bridge bundle (API only; its forwarder needs {@link #clientBundles()} too). */
    public static Option bridgeBundles() {
        return bundle(jarUrl("wsstream.bridge.jar", "bridge-bundle"));
    }

    private static <T extends org.ops4j.pax.exam.options.AbstractProvisionControl<T>> T level1(T option) {
        return option.startLevel(1);
    }

    /**
     * The {@code file:} URL of one of our jars: from the system property failsafe sets, or, when run
     * from an IDE without it, the module's {@code target/<module>-*.jar} next to this module.
     */
    static String jarUrl(String property, String module) {
        String path = System.getProperty(property);
        File jar;
        if (path != null) {
            jar = new File(path);
        } else {
            File target = new File("../" + module + "/target");
            File[] jars = target.listFiles((dir, name) -> name.startsWith(module + "-") && name.endsWith(".jar")
                && !name.endsWith("-sources.jar") && !name.endsWith("-javadoc.jar") && !name.endsWith("-tests.jar"));
            if (jars == null || jars.length != 1) {
                throw new IllegalStateException("System property " + property + " is not set and "
                    + target.getAbsolutePath() + " does not hold exactly one jar: " + Arrays.toString(jars));
            }
            jar = jars[0];
        }
        if (!jar.isFile()) {
            throw new IllegalStateException(jar.getAbsolutePath() + " (" + property
                + ") does not exist: build the " + module + " module first (mvn verify -pl itest -am)");
        }
        return jar.getAbsoluteFile().toURI().toString();
    }

    // ---------------------------------------------------------------- addresses

    /** @return the websocket URI of a path on the default server, e.g. {@code ws://127.0.0.1:41234/chat} */
    protected URI uri(String path) {
        return server.uri(path);
    }

    /** @return the plain HTTP URI of a path on the default server */
    protected URI httpUri(String path) {
        String ws = uri(path).toString();
        if (ws.startsWith("wss:")) {
            return URI.create("https:" + ws.substring(4));
        }
        if (ws.startsWith("ws:")) {
            return URI.create("http:" + ws.substring(3));
        }
        throw new IllegalStateException("not a websocket URI: " + ws);
    }

    /** Servers made from configurations in this test; deleted (and the default one restored) after it. */
    protected TestServers servers() {
        if (servers == null) {
            servers = new TestServers(context, streams);
        }
        return servers;
    }

    // ---------------------------------------------------------------- clients

    /** Connects to a websocket URI of any server; the socket is closed after the test. */
    protected TestSocket connect(URI uri) {
        return track(TestSocket.connect(uri));
    }

    /** Connects to a websocket URI of any server with options; the socket is closed after the test. */
    protected TestSocket connect(URI uri, Consumer<TestSocket.Options> options) {
        return track(TestSocket.connect(uri, options));
    }

    /** Connects to a path of the default server; the socket is closed after the test. */
    protected TestSocket connect(String path) {
        return track(TestSocket.connect(uri(path)));
    }

    /** Connects with options, e.g. {@code connect("/chat", o -> o.subprotocols("v1"))}. */
    protected TestSocket connect(String path, Consumer<TestSocket.Options> options) {
        return track(TestSocket.connect(uri(path), options));
    }

    /** @return the HTTP status of a websocket handshake on the path: 101 when it succeeds */
    protected int handshakeStatus(String path) {
        return TestSocket.handshakeStatus(uri(path));
    }

    /** @return the HTTP status of a plain GET of the path */
    protected int httpGetStatus(String path) {
        return TestSocket.httpGetStatus(httpUri(path));
    }

    private TestSocket track(TestSocket socket) {
        synchronized (sockets) {
            sockets.add(socket);
        }
        return socket;
    }

    /** @return the server names of the streams open on the path, sorted (one snapshot of the manager) */
    protected List<String> serverNamesOfStreams(String path) {
        return streams.streams(path).stream().map(s -> s.info().serverName()).sorted().collect(Collectors.toList());
    }

    /** Waits until the streams open on the path are exactly one per named server, e.g. {@code "default", "tls"}. */
    protected void awaitStreamsOnServers(String path, String... serverNames) {
        List<String> expected = Arrays.stream(serverNames).sorted().collect(Collectors.toList());
        await("streams on " + path + " from the servers " + expected)
            .untilAsserted(() -> assertEquals(expected, serverNamesOfStreams(path)));
    }

    // ---------------------------------------------------------------- handlers

    /**
     * Registers a handler service from the test bundle, without waiting for the whiteboard; it is
     * unregistered after the test (unregistering it earlier is fine).
     *
     * @param properties the service properties, e.g. {@code Map.of(WebsocketConstants.PATH, "/chat")}
     */
    protected ServiceRegistration<StreamHandler> register(StreamHandler handler, Map<String, ?> properties) {
        Dictionary<String, Object> dict = new Hashtable<>(properties);
        ServiceRegistration<StreamHandler> registration = context.registerService(StreamHandler.class, handler, dict);
        synchronized (registrations) {
            registrations.add(registration);
        }
        return registration;
    }

    /** Registers any service from the test bundle; it is unregistered after the test. */
    protected <T> ServiceRegistration<T> registerService(Class<T> type, T service, Map<String, ?> properties) {
        ServiceRegistration<T> registration = context.registerService(type, service, new Hashtable<>(properties));
        synchronized (registrations) {
            registrations.add(registration);
        }
        return registration;
    }

    /** Unregisters a registration made directly with the context after the test. */
    protected void registerCleanup(ServiceRegistration<?> registration) {
        synchronized (registrations) {
            registrations.add(registration);
        }
    }

    /** Registers a handler on a path, without waiting for the whiteboard. */
    protected ServiceRegistration<StreamHandler> register(String path, StreamHandler handler) {
        return register(handler, Map.of(WebsocketConstants.PATH, path));
    }

    /** Registers a handler on a path and waits until the whiteboard serves it. */
    protected ServiceRegistration<StreamHandler> serve(String path, StreamHandler handler) {
        return serve(handler, Map.of(WebsocketConstants.PATH, path));
    }

    /** Registers a handler with properties and waits until the whiteboard serves it. */
    protected ServiceRegistration<StreamHandler> serve(StreamHandler handler, Map<String, ?> properties) {
        ServiceRegistration<StreamHandler> registration = register(handler, properties);
        awaitServed(registration);
        return registration;
    }

    /** Waits until the whiteboard serves the handler, and returns its DTO. */
    protected HandlerDTO awaitServed(ServiceRegistration<?> registration) {
        long id = serviceId(registration);
        try {
            return await("handler service " + id + " served").until(() -> handlerDTO(id), Optional::isPresent).get();
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("handler service " + id + " not served within " + TIMEOUT.toMillis()
                + " ms: " + describeRuntime(), e);
        }
    }

    /** Waits until the whiteboard refuses the handler, and returns its failure DTO. */
    protected FailedHandlerDTO awaitFailed(ServiceRegistration<?> registration) {
        long id = serviceId(registration);
        try {
            return await("handler service " + id + " refused").until(() -> failedHandlerDTO(id), Optional::isPresent).get();
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("handler service " + id + " not refused within " + TIMEOUT.toMillis()
                + " ms: " + describeRuntime(), e);
        }
    }

    /** @return the DTO of a served handler service */
    protected Optional<HandlerDTO> handlerDTO(long serviceId) {
        WhiteboardDTO runtime = streams.getWhiteboardDTO();
        return runtime.handlerDTOs == null ? Optional.empty()
            : Arrays.stream(runtime.handlerDTOs).filter(h -> h.serviceId == serviceId).findFirst();
    }

    /** @return the DTO of the handler served on the path (one snapshot of the runtime) */
    protected Optional<HandlerDTO> handlerDTO(String path) {
        HandlerDTO[] served = streams.getWhiteboardDTO().handlerDTOs;
        return served == null ? Optional.empty() : Arrays.stream(served).filter(h -> path.equals(h.path)).findFirst();
    }

    /** @return whether a handler on the path is refused for the reason (one snapshot of the runtime) */
    protected boolean isRefused(String path, int reason) {
        FailedHandlerDTO[] failed = streams.getWhiteboardDTO().failedHandlerDTOs;
        return failed != null && Arrays.stream(failed).anyMatch(f -> path.equals(f.path) && f.failureReason == reason);
    }

    /** @return the DTO of a refused handler service */
    protected Optional<FailedHandlerDTO> failedHandlerDTO(long serviceId) {
        WhiteboardDTO runtime = streams.getWhiteboardDTO();
        return runtime.failedHandlerDTOs == null ? Optional.empty()
            : Arrays.stream(runtime.failedHandlerDTOs).filter(h -> h.serviceId == serviceId).findFirst();
    }

    /** @return what the server counted for the refusal reason (a key of {@link RefusalReasons}) */
    protected static long refusals(ServerDTO server, String reason) {
        Long count = server.refusals.get(reason);
        if (count == null) {
            throw new AssertionError("server " + server.name + " has no refusal counter " + reason + ": " + server.refusals.keySet());
        }
        return count;
    }

    /** @return the {@code service.id} of a registration */
    protected static long serviceId(ServiceRegistration<?> registration) {
        return (Long) registration.getReference().getProperty(Constants.SERVICE_ID);
    }

    private String describeRuntime() {
        try {
            WhiteboardDTO runtime = streams.getWhiteboardDTO();
            return "served " + Arrays.toString(runtime.handlerDTOs) + ", failed " + Arrays.toString(runtime.failedHandlerDTOs);
        } catch (RuntimeException e) {
            return "runtime unavailable: " + e;
        }
    }

    // ---------------------------------------------------------------- waiting

    /**
     * @param what what is awaited, named in the failure
     * @return an Awaitility condition factory: at most {@link #TIMEOUT}, first check at once, then
     *     every 10 ms, e.g. {@code await("stream listed").until(() -> streams.streams().size() == 1)}
     */
    protected static ConditionFactory await(String what) {
        return Awaitility.await(what)
            .atMost(TIMEOUT)
            .pollDelay(Duration.ZERO)
            .pollInterval(Duration.ofMillis(10));
    }

    /** Waits up to {@link #TIMEOUT} until the condition holds: {@code await(what).until(condition)}. */
    protected static void await(String what, BooleanSupplier condition) {
        await(what).until(condition::getAsBoolean);
    }

    /** Waits until the condition holds. */
    protected static void await(String what, Duration timeout, BooleanSupplier condition) {
        await(what).atMost(timeout).until(condition::getAsBoolean);
    }

    /** Waits for a service, driven by service events rather than polling. */
    protected <T> T awaitService(Class<T> type, String filter, Duration timeout) {
        String f = "(&(" + Constants.OBJECTCLASS + "=" + type.getName() + ")" + (filter == null ? "" : filter) + ")";
        ServiceTracker<T, T> tracker;
        try {
            tracker = new ServiceTracker<>(context, context.createFilter(f), null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
        tracker.open();
        try {
            T service = tracker.waitForService(timeout.toMillis());
            if (service == null) {
                throw new AssertionError("no service " + f + " within " + timeout.toMillis() + " ms");
            }
            return service;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + f);
        } finally {
            tracker.close();
        }
    }

    // ---------------------------------------------------------------- bundles

    /** @return the installed bundle with that symbolic name */
    protected Bundle installedBundle(String symbolicName) {
        return Arrays.stream(context.getBundles())
            .filter(b -> symbolicName.equals(b.getSymbolicName()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no bundle " + symbolicName));
    }

    /** @return a readable state name */
    protected static String stateName(int state) {
        switch (state) {
            case Bundle.UNINSTALLED: return "UNINSTALLED";
            case Bundle.INSTALLED: return "INSTALLED";
            case Bundle.RESOLVED: return "RESOLVED";
            case Bundle.STARTING: return "STARTING";
            case Bundle.STOPPING: return "STOPPING";
            case Bundle.ACTIVE: return "ACTIVE";
            default: return "state " + state;
        }
    }

    // ---------------------------------------------------------------- cleanup

    @After
    public void cleanUpHandlersAndSockets() {
        List<TestSocket> openSockets;
        synchronized (sockets) {
            openSockets = new ArrayList<>(sockets);
            sockets.clear();
        }
        openSockets.forEach(TestSocket::close);
        List<ServiceRegistration<?>> regs;
        synchronized (registrations) {
            regs = new ArrayList<>(registrations);
            registrations.clear();
        }
        for (ServiceRegistration<?> registration : regs) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyUnregistered) {
                // the test unregistered it itself
            }
        }
        if (servers != null) {
            servers.cleanUp();
            servers = null;
        }
    }
}
