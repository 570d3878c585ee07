package io.wsstream.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.wsstream.api.CloseCodes;
import io.wsstream.itest.support.Folders;
import io.wsstream.itest.support.TestSocket;

import org.awaitility.Awaitility;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The runnable distribution as a user starts it: {@code java -jar wsstream.jar} in a fresh folder,
 * with the port set in {@code etc/}. Its console, its demo page in a real Chromium, the example
 * handlers, and a clean stop on SIGTERM. The methods run in name order: the last one stops it.
 *
 * <p>Needs the Debian packages {@code chromium} and {@code chromium-driver} ({@code scripts/test} installs
 * them); Selenium is pointed at them, so nothing is downloaded. {@code -Dwsstream.chromium=<path>} and
 * {@code -Dwsstream.chromedriver=<path>} point it at another Chromium and its chromedriver. Without them the
 * browser test fails with one line saying what to install.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class DistributionIT {

    static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    static final Duration TIMEOUT = TestSocket.TIMEOUT;
    static final String CHROMIUM = System.getProperty("wsstream.chromium", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getProperty("wsstream.chromedriver", "/usr/bin/chromedriver");

    private static Path home;
    private static Path console;
    private static Process process;
    private static int port;
    private static int consoleBeforeStop;
    private static TcpTestServer redisStandIn;

    @BeforeClass
    public static void startDistribution() throws IOException {
        Path jar = Path.of(System.getProperty("wsstream.distribution.jar", "../distribution/target/wsstream.jar")).toAbsolutePath();
        assertTrue(jar + " is missing: build the distribution module first", Files.isRegularFile(jar));
        home = Path.of("target/distribution-it").toAbsolutePath();
        Folders.deleteTree(home);
        Files.createDirectories(home.resolve("etc"));
        port = freePort();
        Files.writeString(home.resolve("etc/io.wsstream.server.cfg"), "port=" + port + "\n");
        configureReadmeBridge();
        console = home.resolve("console.log");

        long start = System.nanoTime();
        process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString())
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(console.toFile())
            .start();
        Awaitility.await("first websocket connection to the distribution")
            .atMost(START_TIMEOUT)
            .pollInterval(Duration.ofMillis(20))
            .ignoreExceptionsInstanceOf(AssertionError.class)
            .until(() -> stillRunning() && TestSocket.handshakeStatus(ws("/echo")) == 101);
        long startupMs = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("distribution: first served websocket connection %d ms after launch%n", startupMs);
    }

    /** Fails with one line that says what to install, rather than Selenium's stack trace, where Chromium is missing. */
    private static void requireChromium() {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(Path.of(CHROMIUM))) {
            missing.add(CHROMIUM);
        }
        if (!Files.isExecutable(Path.of(CHROMEDRIVER))) {
            missing.add(CHROMEDRIVER);
        }
        if (!missing.isEmpty()) {
            AssertionError failure = new AssertionError("the browser test needs Chromium and its chromedriver, not found: "
                + String.join(", ", missing) + ". Install Debian's packages chromium and chromium-driver (scripts/test does, as root), "
                + "or give their paths with -Dwsstream.chromium=... -Dwsstream.chromedriver=...");
            // the message says all there is to say: a stack trace would only bury it in the test report
            failure.setStackTrace(new StackTraceElement[0]);
            throw failure;
        }
    }

    @AfterClass
    public static void stopDistribution() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (redisStandIn != null) {
            redisStandIn.close();
        }
    }

    @Test
    public void a_printsTheServedUrlsAndCreatesItsFolders() {
        String banner = await("the served URLs on the console", () -> consoleText().contains("wsstream started in"));
        assertTrue(banner, banner.contains("http://127.0.0.1:" + port + "/\n"));
        assertTrue(banner, banner.contains("ws://127.0.0.1:" + port + "/chat\n"));
        assertTrue(banner, banner.contains("ws://127.0.0.1:" + port + "/echo\n"));
        assertTrue(banner, banner.contains("dashboard  http://127.0.0.1:" + port + "/wsstream/dashboard/\n"));
        assertTrue(Files.isDirectory(home.resolve("deploy")));
        assertTrue(Files.isDirectory(home.resolve("etc")));
    }

    @Test
    public void b_servesTheDemoPageAsStaticFiles() {
        HttpResponse<String> page = TestSocket.httpGet(http("/"));
        assertEquals(200, page.statusCode());
        assertEquals("text/html;charset=utf-8", page.headers().firstValue("content-type").orElse(""));
        assertTrue(page.body().contains("<title>wsstream demo</title>"));
        HttpResponse<String> script = TestSocket.httpGet(http("/demo.js"));
        assertEquals(200, script.statusCode());
        assertTrue(script.headers().firstValue("content-type").orElse("").startsWith("text/javascript"));
        assertEquals(404, TestSocket.httpGetStatus(http("/no-such-file.html")));
        assertEquals(404, TestSocket.httpGetStatus(http("/web/index.html")));
        assertEquals("a websocket path still asks for an upgrade", 426, TestSocket.httpGetStatus(http("/echo")));
    }

    @Test
    public void c_echoAnswersTextAndBinaryAsTheyCame() {
        try (TestSocket echo = TestSocket.connect(ws("/echo"))) {
            echo.sendText("héllo ✓");
            assertEquals("héllo ✓", echo.nextText());
            echo.sendBinary(new byte[] {0, 1, 2, (byte) 255});
            byte[] back = new byte[4];
            echo.nextBinary().get(back);
            assertEquals(List.of(0, 1, 2, 255), List.of(back[0] & 0xff, back[1] & 0xff, back[2] & 0xff, back[3] & 0xff));
        }
    }

    @Test
    public void d_chatBroadcastsToEveryoneWithJoinAndLeaveNotices() {
        try (TestSocket alice = TestSocket.connect(ws("/chat?name=alice"))) {
            assertEquals("{\"type\":\"join\",\"name\":\"alice\",\"text\":\"alice joined\",\"online\":1}", alice.nextText());
            try (TestSocket bob = TestSocket.connect(ws("/chat?name=bob"))) {
                String bobJoined = "{\"type\":\"join\",\"name\":\"bob\",\"text\":\"bob joined\",\"online\":2}";
                assertEquals(bobJoined, alice.nextText());
                assertEquals(bobJoined, bob.nextText());

                alice.sendText("{\"name\":\"alice\",\"text\":\"hi bob\"}");
                String said = "{\"type\":\"message\",\"name\":\"alice\",\"text\":\"hi bob\",\"online\":2}";
                assertEquals(said, alice.nextText());
                assertEquals(said, bob.nextText());

                bob.sendText("not json");
                assertEquals("only the sender hears of its mistake",
                    "{\"type\":\"error\",\"name\":null,\"text\":\"expected JSON with a name and a text\",\"online\":2}", bob.nextText());
            }
            assertEquals("{\"type\":\"leave\",\"name\":\"bob\",\"text\":\"bob left\",\"online\":1}", alice.nextText());
        }
    }

    /**
     * docs/bridges.md "Worked example: a local TCP service in a browser page": the bridge configuration in etc/ when
     * the distribution starts (see {@link #configureReadmeBridge()}) is served at once, and carries bytes
     * both ways between a websocket client and the TCP service.
     */
    @Test
    public void d2_readmeBridgeInEtcCarriesBytesBetweenAWebsocketAndTheTcpService() {
        try (TestSocket redis = TestSocket.connect(ws("/redis"))) {
            redis.sendBinary("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("PING\r\n", StandardCharsets.US_ASCII.decode(redis.nextBinary()).toString());
            redis.sendBinary(new byte[] {0, (byte) 255});
            assertEquals(ByteBuffer.wrap(new byte[] {0, (byte) 255}), redis.nextBinary());
        }
        Awaitility.await("the TCP connection closed after the websocket").atMost(TIMEOUT).until(() -> redisStandIn.open() == 0);
        assertEquals(1, redisStandIn.accepted());
        assertEquals(8, redisStandIn.bytesRead());
    }

    @Test
    public void e_demoPageChatsAndEchoesInChromium() throws IOException {
        requireChromium();
        ChromeDriverService service = new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER))
            .usingAnyFreePort()
            .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1100,720");
        ChromeDriver browser = new ChromeDriver(service, options);
        try (TestSocket carol = TestSocket.connect(ws("/chat?name=carol"))) {
            browser.get(http("/").toString());
            WebDriverWait wait = new WebDriverWait(browser, TIMEOUT);
            wait.until(b -> "open".equals(b.findElement(By.id("chat-state")).getAttribute("data-state")));
            wait.until(b -> "open".equals(b.findElement(By.id("echo-state")).getAttribute("data-state")));

            WebElement name = browser.findElement(By.id("chat-name"));
            name.clear();
            name.sendKeys("chromium");
            browser.findElement(By.id("chat-text")).sendKeys("hello from the browser");
            browser.findElement(By.id("chat-send")).click();
            wait.until(b -> b.findElement(By.id("chat-log")).getText().contains("chromium: hello from the browser"));
            assertTrue("another client hears the browser", nextMessageOf(carol).contains("\"text\":\"hello from the browser\""));

            carol.sendText("{\"name\":\"carol\",\"text\":\"welcome, browser\"}");
            wait.until(b -> b.findElement(By.id("chat-log")).getText().contains("carol: welcome, browser"));

            browser.findElement(By.id("echo-text")).sendKeys("ping");
            browser.findElement(By.id("echo-send")).click();
            wait.until(b -> b.findElement(By.id("echo-log")).getText().contains("echo: ping"));
            browser.findElement(By.id("echo-text")).sendKeys("bytes");
            browser.findElement(By.id("echo-send-binary")).click();
            wait.until(b -> b.findElement(By.id("echo-log")).getText().contains("echo: binary, 5 bytes: 62 79 74 65 73"));

            Path screenshot = Path.of("target/screenshots/demo-page.png");
            Files.createDirectories(screenshot.getParent());
            Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), screenshot,
                StandardCopyOption.REPLACE_EXISTING);
        } finally {
            browser.quit();
            service.stop();
        }
    }

    /**
     * The live dashboard (monitor bundle), on by default: the page connects to its stream, the chart's line for
     * {@code /echo} rises above zero with the messages the test sends there, and the tail of {@code /echo} shows one of
     * them. Leaves target/screenshots/dashboard.png (the picture in README).
     */
    @Test
    public void e2_dashboardChartsAndTailsTheTrafficInChromium() throws IOException {
        requireChromium();
        ChromeDriverService service = new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER))
            .usingAnyFreePort()
            .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1200,1250");
        ChromeDriver browser = new ChromeDriver(service, options);
        try (TestSocket echo = TestSocket.connect(ws("/echo")); TestSocket chat = TestSocket.connect(ws("/chat?name=dana"))) {
            browser.get(http("/wsstream/dashboard/").toString());
            // the page redraws the chart and the tables on every snapshot: an element found may be replaced before it
            // is read, and the next look finds the new one
            WebDriverWait wait = new WebDriverWait(browser, TIMEOUT);
            wait.ignoring(StaleElementReferenceException.class);
            wait.until(b -> "open".equals(b.findElement(By.id("monitor-state")).getAttribute("data-state")));

            // a snapshot a second: send on every look until the line of /echo has a few points and a rate above zero
            WebDriverWait chartWait = new WebDriverWait(browser, Duration.ofSeconds(30));
            chartWait.ignoring(StaleElementReferenceException.class);
            chartWait.until(b -> {
                for (int i = 0; i < 5; i++) {
                    echo.sendText("chart me " + i);
                    echo.nextText();
                }
                chat.sendText("{\"name\":\"dana\",\"text\":\"hello dashboard\"}");
                List<WebElement> line = b.findElements(By.cssSelector("#chart polyline[data-path='/echo']"));
                return !line.isEmpty() && Integer.parseInt(line.get(0).getAttribute("data-points")) >= 6
                    && Double.parseDouble(line.get(0).getAttribute("data-max")) > 0;
            });
            String pathRow = wait.until(b -> b.findElement(By.cssSelector("#paths tr[data-key='/echo']")).getText());
            assertTrue(pathRow, pathRow.startsWith("/echo 1 "));

            browser.findElement(By.id("tail-path")).sendKeys("/echo");
            browser.findElement(By.id("tail-start")).click();
            wait.until(b -> {
                echo.sendText("tail me");
                echo.nextText();
                return b.findElement(By.id("tail-log")).getText().contains("tail me");
            });

            Path screenshot = Path.of("target/screenshots/dashboard.png");
            Files.createDirectories(screenshot.getParent());
            Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), screenshot, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            browser.quit();
            service.stop();
        }
    }

    @Test
    public void f_sigtermClosesStreamsWith1001AndStopsWithoutStackTraces() throws InterruptedException {
        try (TestSocket echo = TestSocket.connect(ws("/echo")); TestSocket chat = TestSocket.connect(ws("/chat?name=leaving"))) {
            chat.nextText(); // its join notice
            consoleBeforeStop = consoleText().length();
            process.destroy(); // SIGTERM

            assertEquals(CloseCodes.GOING_AWAY, echo.awaitClose().code());
            assertEquals(CloseCodes.GOING_AWAY, chat.awaitClose().code());
            assertTrue("the distribution did not exit", process.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals("exit code of a JVM stopped by SIGTERM", 128 + 15, process.exitValue());
        String text = consoleText().substring(consoleBeforeStop);
        assertTrue(text, text.contains("wsstream: stopped"));
        List<String> traces = text.lines().filter(line -> line.contains("Exception") || line.startsWith("\tat "))
            .collect(Collectors.toList());
        assertTrue("stack traces on the console while stopping:\n" + text, traces.isEmpty());
    }

    // ---------------------------------------------------------------- helpers

    /**
     * The file {@code etc/io.wsstream.bridge.tcp-redis.cfg} of docs/bridges.md, verbatim but for the port: the target is a
     * TCP echo of the test, standing in for Redis.
     */
    private static void configureReadmeBridge() throws IOException {
        redisStandIn = TcpTestServer.echo();
        Files.writeString(home.resolve("etc/io.wsstream.bridge.tcp-redis.cfg"),
            "path=/redis\ntarget.host=127.0.0.1\ntarget.port=" + redisStandIn.port() + "\n");
    }

    private static URI ws(String pathAndQuery) {
        return URI.create("ws://127.0.0.1:" + port + pathAndQuery);
    }

    private static URI http(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static boolean stillRunning() {
        if (!process.isAlive()) {
            throw new IllegalStateException("the distribution exited with " + process.exitValue() + ":\n" + consoleText());
        }
        return true;
    }

    private static String await(String what, java.util.concurrent.Callable<Boolean> condition) {
        Awaitility.await(what).atMost(TIMEOUT).pollInterval(Duration.ofMillis(20)).until(condition);
        return consoleText();
    }

    /** Skips join and leave notices of other clients. */
    private static String nextMessageOf(TestSocket socket) {
        String text = socket.nextText();
        while (!text.contains("\"type\":\"message\"")) {
            text = socket.nextText();
        }
        return text;
    }

    private static String consoleText() {
        try {
            return Files.readString(console);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
