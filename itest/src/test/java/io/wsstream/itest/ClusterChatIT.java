package io.wsstream.itest;

import static org.junit.Assert.assertTrue;

import java.io.File;
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
import java.util.concurrent.TimeUnit;

import io.wsstream.itest.support.Folders;
import io.wsstream.itest.support.TestSocket;

import org.awaitility.Awaitility;
import org.junit.After;
import org.junit.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The chat example across a cluster, in a real Chromium: two runnable distributions started as processes, each in
 * its folder with its websocket port and the one cluster file, form a cluster of two on loopback; one browser tab
 * opens the demo page of node {@code a}, another that of node {@code b}; what is said in either tab appears in
 * both. Needs Chromium and chromedriver, as {@link DistributionIT} does.
 */
public class ClusterChatIT {
    private static final Duration NODE_START = Duration.ofSeconds(90);
    private static final Duration TIMEOUT = TestSocket.TIMEOUT;

    private final List<Process> processes = new ArrayList<>();

    @After
    public void stopNodes() throws InterruptedException {
        for (Process process : processes) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    public void twoTabsOnTwoNodesSeeEachOthersMessages() throws IOException {
        int[] cluster = {freePort(), freePort()};
        int[] websocket = {freePort(), freePort()};
        String members = "127.0.0.1:" + cluster[0] + ",127.0.0.1:" + cluster[1];
        startNode("a", members, cluster[0], websocket[0]);
        startNode("b", members, cluster[1], websocket[1]);
        for (int port : websocket) {
            Awaitility.await("node on " + port + " serving /chat").atMost(NODE_START).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> processes.stream().allMatch(Process::isAlive)
                    && TestSocket.handshakeStatus(URI.create("ws://127.0.0.1:" + port + "/chat")) == 101);
        }
        // each logs "node a joined, 2 members" or "node b joined (2 members)", whichever came first
        Awaitility.await("the two nodes joined").atMost(NODE_START).pollInterval(Duration.ofMillis(200))
            .until(() -> console("a").contains("2 members") && console("b").contains("2 members"));

        ChromeDriverService service = new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(DistributionIT.CHROMEDRIVER))
            .usingAnyFreePort()
            .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(DistributionIT.CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1100,720");
        ChromeDriver browser = new ChromeDriver(service, options);
        try {
            String tabA = openChat(browser, websocket[0], "on-a");
            browser.switchTo().newWindow(WindowType.TAB);
            String tabB = openChat(browser, websocket[1], "on-b");

            say(browser, "hello from b");
            browser.switchTo().window(tabA);
            awaitInChat(browser, "on-b: hello from b");
            say(browser, "hello from a");
            browser.switchTo().window(tabB);
            awaitInChat(browser, "on-a: hello from a");
            assertTrue(browser.findElement(By.id("chat-log")).getText().contains("on-b: hello from b"));
        } finally {
            browser.quit();
            service.stop();
        }
    }

    /** Opens the demo page of the node in the current tab and names its chat user; @return the tab's handle */
    private static String openChat(WebDriver browser, int port, String name) {
        browser.get("http://127.0.0.1:" + port + "/");
        new WebDriverWait(browser, TIMEOUT).until(b -> "open".equals(b.findElement(By.id("chat-state")).getAttribute("data-state")));
        browser.findElement(By.id("chat-name")).clear();
        browser.findElement(By.id("chat-name")).sendKeys(name);
        return browser.getWindowHandle();
    }

    private static void say(WebDriver browser, String text) {
        browser.findElement(By.id("chat-text")).sendKeys(text);
        browser.findElement(By.id("chat-send")).click();
    }

    private static void awaitInChat(WebDriver browser, String line) {
        new WebDriverWait(browser, TIMEOUT).until(b -> b.findElement(By.id("chat-log")).getText().contains(line));
    }

    private static Path home(String node) {
        return Path.of("target/cluster-chat-it", node).toAbsolutePath();
    }

    private static String console(String node) throws IOException {
        return Files.readString(home(node).resolve("console.log"));
    }

    /** Starts the distribution as a process in its own folder: a cluster member with its own ports. */
    private void startNode(String node, String members, int clusterPort, int websocketPort) throws IOException {
        Path jar = Path.of(System.getProperty("wsstream.distribution.jar", "../distribution/target/wsstream.jar")).toAbsolutePath();
        Path home = home(node);
        Folders.deleteTree(home);
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/io.wsstream.server.cfg"), "port=" + websocketPort + "\n");
        Files.writeString(home.resolve("etc/io.wsstream.cluster.cfg"), "cluster.name=itest-chat\n"
            + "members=" + members + "\n"
            + "port=" + clusterPort + "\n"
            + "node.name=" + node + "\n");
        processes.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString())
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(home.resolve("console.log").toFile())
            .start());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }
}
