package io.wsstream.itest;

import static org.junit.Assert.assertTrue;

import java.io.File;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

    private final ClusterNodes nodes = new ClusterNodes("cluster-chat-it");
    private final List<Process> processes = new ArrayList<>();

    @After
    public void stopNodes() throws InterruptedException {
        nodes.close();
    }

    @Test
    public void twoTabsOnTwoNodesSeeEachOthersMessages() {
        int[] cluster = {ClusterNodes.freePort(), ClusterNodes.freePort()};
        int[] websocket = {ClusterNodes.freePort(), ClusterNodes.freePort()};
        String members = "127.0.0.1:" + cluster[0] + ",127.0.0.1:" + cluster[1];
        processes.add(nodes.start("a", websocket[0], Map.of("cluster.name", "itest-chat", "members", members, "port", cluster[0], "node.name", "a")));
        processes.add(nodes.start("b", websocket[1], Map.of("cluster.name", "itest-chat", "members", members, "port", cluster[1], "node.name", "b")));
        for (int port : websocket) {
            Awaitility.await("node on " + port + " serving /chat").atMost(NODE_START).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> processes.stream().allMatch(Process::isAlive)
                    && TestSocket.handshakeStatus(URI.create("ws://127.0.0.1:" + port + "/chat")) == 101);
        }
        // each logs "node a joined, 2 members" or "node b joined (2 members)", whichever came first
        Awaitility.await("the two nodes joined").atMost(NODE_START).pollInterval(Duration.ofMillis(200))
            .until(() -> nodes.console("a").contains("2 members") && nodes.console("b").contains("2 members"));

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
}
