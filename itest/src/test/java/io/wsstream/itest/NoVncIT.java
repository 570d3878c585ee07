package io.wsstream.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.workingDirectory;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

import io.wsstream.api.WebsocketConstants;
import io.wsstream.itest.support.Folders;
import io.wsstream.itest.support.TestSocket;

import org.awaitility.Awaitility;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.ops4j.pax.exam.ExamSystem;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.TestContainer;
import org.ops4j.pax.exam.cm.ConfigurationAdminOptions;
import org.ops4j.pax.exam.cm.ConfigurationOption;
import org.ops4j.pax.exam.spi.PaxExamRuntime;

/**
 * noVNC end to end, as a user runs it: a real VNC server (TigerVNC's Xvnc with a password and a red xterm on its
 * screen), Felix started by Pax Exam with the implementation, the bridge bundle, the example bundle
 * {@code examples/novnc} and its shipped bridge configuration (only {@code target.port} changed to the test's VNC
 * server), and the example's page in Chromium. The page must ask for the password, the remote screen must be drawn on the page's canvas, and keys
 * typed on the page must reach the xterm.
 *
 * <p>The container runs in Pax Exam's server mode: the test talks to it from outside over HTTP and websockets,
 * as the browser does (Selenium cannot run inside the OSGi container).
 *
 * <p>Needs the Debian packages {@code tigervnc-standalone-server xterm xfonts-base chromium chromium-driver}, which
 * {@code scripts/install-test-packages} installs; without them it fails at once with one line naming the
 * missing ones.
 */
public class NoVncIT {
    static final Duration TIMEOUT = TestSocket.TIMEOUT;
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    static final String BRIDGE_PID = "io.wsstream.bridge.tcp";
    static final String CHROMIUM = DistributionIT.CHROMIUM;
    static final String CHROMEDRIVER = DistributionIT.CHROMEDRIVER;

    static final String VNC_PASSWORD = "wsst-pw1";
    static final Path FELIX_HOME = Path.of("target/paxexam-novnc").toAbsolutePath();

    private static final List<AutoCloseable> RUNNING = new ArrayList<>();
    private static VncTestServer vnc;
    private static Properties bridgeConfiguration;
    private static int port;

    @BeforeClass
    public static void startVncServerAndWsstream() throws Exception {
        requirePackages();
        try {
            Path folder = Path.of("target/novnc-it").toAbsolutePath();
            vnc = running(VncTestServer.start(freePort(), folder, VNC_PASSWORD, START_TIMEOUT));
            bridgeConfiguration = shippedBridgeConfiguration();
            port = freePort();
            // server mode keeps the Felix cache in the working directory itself, configurations included:
            // a fresh one per run, or a previous run's bridges come back
            Folders.deleteTree(FELIX_HOME);
            ExamSystem system = PaxExamRuntime.createServerSystem(containerOptions());
            TestContainer container = PaxExamRuntime.createContainer(system);
            running(() -> {
                container.stop();
                system.clear();
            });
            container.start();
            String path = bridgeConfiguration.getProperty("path");
            Awaitility.await("the page and the bridge path " + path + " served")
                .atMost(START_TIMEOUT)
                .pollInterval(Duration.ofMillis(50))
                .ignoreExceptionsInstanceOf(AssertionError.class)
                // 426: a websocket handler serves the path (404 before the bridge is configured)
                .until(() -> TestSocket.httpGetStatus(http("/novnc/")) == 200 && TestSocket.httpGetStatus(http(path)) == 426);
        } catch (Exception | Error e) {
            stopAll();
            throw e;
        }
    }

    @AfterClass
    public static void stopAll() {
        for (int i = RUNNING.size() - 1; i >= 0; i--) {
            try {
                RUNNING.get(i).close();
            } catch (Exception e) {
                System.out.println("cleanup: " + e);
            }
        }
        RUNNING.clear();
    }

    @Test
    public void servesNoVncWithItsLicence() throws IOException {
        HttpResponse<String> page = TestSocket.httpGet(http("/novnc/"));
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("import RFB from './core/rfb.js'"));
        HttpResponse<String> rfb = TestSocket.httpGet(http("/novnc/core/rfb.js"));
        assertEquals(200, rfb.statusCode());
        assertTrue("a module script needs a JavaScript type", rfb.headers().firstValue("content-type").orElse("").startsWith("text/javascript"));
        HttpResponse<String> licence = TestSocket.httpGet(http("/novnc/LICENSE.txt"));
        assertEquals(200, licence.statusCode());
        assertTrue(licence.body().contains("MPL 2.0"));
        assertEquals(200, TestSocket.httpGetStatus(http("/novnc/docs/LICENSE.MPL-2.0")));
        assertEquals(200, TestSocket.httpGetStatus(http("/novnc/vendor/pako/LICENSE")));

        try (JarFile jar = new JarFile(new File(URI.create(novncJarUrl())))) {
            Attributes manifest = jar.getManifest().getMainAttributes();
            assertEquals("/novnc;path=/novnc", manifest.getValue("Wsstream-Static"));
            String licences = manifest.getValue("Bundle-License");
            assertTrue(licences, licences.startsWith("MPL-2.0;") && licences.contains("MIT;"));
        }
    }

    @Test
    public void remoteScreenIsDrawnAndTypedKeysReachIt() throws IOException {
        ChromeDriverService service = new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER))
            .usingAnyFreePort()
            .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1000,700");
        ChromeDriver browser = new ChromeDriver(service, options);
        try {
            // the page's default path is the shipped configuration's: nothing to say in the URL
            browser.get(http("/novnc/").toString());
            WebDriverWait wait = new WebDriverWait(browser, TIMEOUT);
            WebElement status = browser.findElement(By.id("status"));
            // the VNC server asks for its password; the page asks the user
            wait.withMessage(() -> "the page asks for the VNC password; it says: " + status.getText())
                .until(b -> "credentials".equals(status.getAttribute("data-state")));
            browser.findElement(By.id("password")).sendKeys(VNC_PASSWORD + Keys.ENTER);
            wait.withMessage(() -> "noVNC connected; the page says: " + status.getText())
                .until(b -> "connected".equals(status.getAttribute("data-state")));

            // the remote screen, read back from noVNC's canvas: its size and the xterm's red
            wait.withMessage(() -> "more than half of the canvas red; [width, height, red pixels] seen: "
                    + canvasSizeAndRedPixels(browser))
                .until(b -> {
                    List<?> seen = canvasSizeAndRedPixels(browser);
                    return seen != null && ((Number) seen.get(2)).longValue() > VncTestServer.WIDTH * VncTestServer.HEIGHT / 2;
                });
            List<?> seen = canvasSizeAndRedPixels(browser);
            assertEquals("canvas width: the remote screen's", VncTestServer.WIDTH, ((Number) seen.get(0)).intValue());
            assertEquals("canvas height: the remote screen's", VncTestServer.HEIGHT, ((Number) seen.get(1)).intValue());

            // keys typed on the page arrive in the xterm (the click focuses the canvas and puts the remote pointer on the xterm)
            browser.findElement(By.cssSelector("#screen canvas")).click();
            new Actions(browser).sendKeys("wsstream novnc" + Keys.ENTER).perform();
            Awaitility.await("the typed line in the xterm")
                .atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(20))
                .until(vnc::typed, "wsstream novnc\n"::equals);

            Path screenshot = Path.of("target/screenshots/novnc.png");
            Files.createDirectories(screenshot.getParent());
            Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), screenshot, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            browser.quit();
            service.stop();
        }
    }

    /** @return [width, height, pixels of pure red] of noVNC's canvas, or null while there is none */
    private static List<?> canvasSizeAndRedPixels(ChromeDriver browser) {
        return (List<?>) browser.executeScript(
            "const canvas = document.querySelector('#screen canvas');"
                + "if (!canvas || canvas.width === 0 || canvas.height === 0) return null;"
                + "const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;"
                + "let red = 0;"
                + "for (let i = 0; i < data.length; i += 4) {"
                + "  if (data[i] === 255 && data[i + 1] === 0 && data[i + 2] === 0) red++;"
                + "}"
                + "return [canvas.width, canvas.height, red];");
    }

    /**
     * Fails with one line naming the packages to install. The error carries no stack trace: a missing package is
     * a set-up step, not a fault of the code under test.
     */
    private static void requirePackages() {
        Map<String, String> packageOfFile = new TreeMap<>(VncTestServer.PACKAGE_OF_FILE);
        packageOfFile.put(CHROMIUM, "chromium");
        packageOfFile.put(CHROMEDRIVER, "chromium-driver");
        Set<String> missing = new TreeSet<>();
        packageOfFile.forEach((file, debianPackage) -> {
            if (!Files.exists(Path.of(file))) {
                missing.add(debianPackage);
            }
        });
        if (!missing.isEmpty()) {
            AssertionError error = new AssertionError("NoVncIT needs the Debian packages " + String.join(" ", missing)
                + ": run scripts/install-test-packages (as root; scripts/test does)");
            error.setStackTrace(new StackTraceElement[0]);
            throw error;
        }
    }

    /** @return the example's bridge configuration file, read as FileInstall reads it (strings) */
    private static Properties shippedBridgeConfiguration() throws IOException {
        Path file = Path.of(System.getProperty("wsstream.novnc.config",
            "../examples/novnc/src/main/config/io.wsstream.bridge.tcp-vnc.cfg"));
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            properties.load(in);
        }
        return properties;
    }

    private static Option[] containerOptions() {
        ConfigurationOption bridge = ConfigurationAdminOptions.factoryConfiguration(BRIDGE_PID);
        bridgeConfiguration.stringPropertyNames().forEach(key -> bridge.put(key, bridgeConfiguration.getProperty(key)));
        bridge.put("target.port", Integer.toString(vnc.port()));
        return options(
            frameworkProperty("felix.bootdelegation.implicit").value("false"),
            workingDirectory(FELIX_HOME.toString()),
            systemProperty("org.slf4j.simpleLogger.defaultLogLevel").value("info"),
            systemProperty("org.slf4j.simpleLogger.log.io.wsstream").value(System.getProperty("wsstream.itest.log", "info")),
            systemProperty("org.slf4j.simpleLogger.showDateTime").value("true"),
            systemProperty("org.slf4j.simpleLogger.dateTimeFormat").value("HH:mm:ss.SSS"),
            systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"),
            WsstreamTestSupport.spiFly(),
            mavenBundle("org.slf4j", "slf4j-api").versionAsInProject().startLevel(1),
            mavenBundle("org.slf4j", "slf4j-simple").versionAsInProject().startLevel(1),
            mavenBundle("org.apache.felix", "org.apache.felix.configadmin").versionAsInProject().startLevel(1),
            ConfigurationAdminOptions.newConfiguration(WebsocketConstants.SERVER_PID).put("port", port).asOption(),
            bridge.asOption(),
            WsstreamTestSupport.declarativeServices(),
            WsstreamTestSupport.jetty(),
            mavenBundle("com.google.code.gson", "gson").versionAsInProject(),
            WsstreamTestSupport.wsstreamBundles(),
            WsstreamTestSupport.bridgeBundles(),
            bundle(novncJarUrl()));
    }

    private static String novncJarUrl() {
        return WsstreamTestSupport.jarUrl("wsstream.novnc.jar", "example-novnc");
    }

    private static <T extends AutoCloseable> T running(T resource) {
        RUNNING.add(resource);
        return resource;
    }

    private static URI http(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        }
    }
}
