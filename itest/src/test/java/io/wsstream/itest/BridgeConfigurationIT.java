package io.wsstream.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import io.wsstream.itest.support.TestSocket;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.service.cm.Configuration;

/**
 * Bad bridge and forwarder configurations, and ones that cannot start, as an operator meets them: each is one
 * ERROR line naming the configuration, the property, the value and what is accepted (or the cause), without a
 * stack trace above DEBUG; a running bridge keeps its previous configuration, one without stays stopped.
 */
public class BridgeConfigurationIT extends BridgeTestSupport {
    private LogCapture log;

    @Before
    public void captureLog() {
        log = LogCapture.start();
    }

    @After
    public void stopCapturing() {
        log.close();
    }

    /** A huge chunk.bytes used to be taken: each connection then allocated direct buffers of that size. */
    @Test
    public void chunkBytesOutOfRangeIsRefusedWithOneLineAndNothingIsServed() throws Exception {
        configure(BRIDGE_PID, "huge-chunk", Map.of("path", "/bridge/huge-chunk", "target.port", freePort(), "chunk.bytes", Integer.MAX_VALUE));

        String line = awaitOneError("io.wsstream.bridge.tcp~huge-chunk");
        assertTrue(line, line.contains("bridge configuration io.wsstream.bridge.tcp~huge-chunk refused: chunk.bytes=2147483647: "
            + "accepted a whole number from 512 to 1048576; the bridge stays stopped until its configuration changes"));
        assertEquals(404, handshakeStatus("/bridge/huge-chunk"));
        Map<String, Object> runtime = awaitBridgeRuntime("io.wsstream.bridge.tcp~huge-chunk");
        assertEquals("refused", runtime.get(STATE));
        assertEquals("chunk.bytes=2147483647: accepted a whole number from 512 to 1048576", runtime.get(PROBLEM));
        assertEquals(List.of(), log.stackTracesAboveDebug());
    }

    /**
     * connect.timeout.ms=0 used to be taken, restarting the bridge (its connections closed with 1001) into one
     * that failed every connection. Refused, the bridge goes on as it was: the open connection carries bytes,
     * and a new one is bridged too.
     */
    @Test
    public void connectTimeoutZeroIsRefusedAndTheRunningBridgeKeepsItsConfiguration() throws Exception {
        TcpTestServer echo = closeLater(TcpTestServer.echo());
        Configuration configuration = configure(BRIDGE_PID, "kept", Map.of("path", "/bridge/kept", "target.port", echo.port()));
        await("bridge served", () -> handlerDTO("/bridge/kept").isPresent());
        try (TestSocket open = TestSocket.connect(uri("/bridge/kept"))) {
            assertEchoes(open, (byte) 1);

            configuration.update(properties(Map.of("path", "/bridge/kept", "target.port", echo.port(), "connect.timeout.ms", 0L)));

            String line = awaitOneError("io.wsstream.bridge.tcp~kept");
            assertTrue(line, line.contains("bridge configuration io.wsstream.bridge.tcp~kept refused: connect.timeout.ms=0: "
                + "accepted a whole number from 1 to 300000; the bridge keeps its previous configuration"));
            assertEchoes(open, (byte) 2);
            try (TestSocket another = TestSocket.connect(uri("/bridge/kept"))) {
                assertEchoes(another, (byte) 3);
            }
        }
        assertEquals("running", awaitBridgeRuntime("io.wsstream.bridge.tcp~kept").get(STATE));
        assertEquals(List.of(), log.stackTracesAboveDebug());
    }

    /**
     * A valid change restarts the bridge: its connections close with 1001, and the path, served without a gap
     * (the new endpoint opens before the old one closes), bridges new connections to the new target.
     */
    @Test
    public void aValidChangeRestartsTheBridgeOnItsNewTarget() throws Exception {
        TcpTestServer first = closeLater(TcpTestServer.echo());
        TcpTestServer second = closeLater(TcpTestServer.echo());
        Configuration configuration = configure(BRIDGE_PID, "moved", Map.of("path", "/bridge/moved", "target.port", first.port()));
        await("bridge served", () -> handlerDTO("/bridge/moved").isPresent());
        try (TestSocket before = TestSocket.connect(uri("/bridge/moved"))) {
            assertEchoes(before, (byte) 1);

            configuration.update(properties(Map.of("path", "/bridge/moved", "target.port", second.port())));

            assertEquals(1001, before.awaitClose().code());
        }
        await("the new target in the runtime view",
            () -> ("127.0.0.1:" + second.port()).equals(awaitBridgeRuntime("io.wsstream.bridge.tcp~moved").get(TARGET)));
        try (TestSocket after = TestSocket.connect(uri("/bridge/moved"))) {
            assertEchoes(after, (byte) 2);
        }
        assertEquals(1, first.accepted());
        assertEquals(1, second.accepted());
        assertEquals(List.of(), log.errors());
    }

    /** A forwarder on the same port: the old one lets go of the port before the new one binds it. */
    @Test
    public void aValidChangeRestartsTheForwarderOnTheSamePort() throws Exception {
        TcpTestServer first = closeLater(TcpTestServer.echo());
        TcpTestServer second = closeLater(TcpTestServer.echo());
        bridge("/bridge/first", first.port());
        bridge("/bridge/second", second.port());
        int port = freePort();
        Configuration configuration = configure(FORWARD_PID, "moved", Map.of("listen.port", port, "url", uri("/bridge/first").toString()));
        await("forwarder to the first", () -> uri("/bridge/first").toString().equals(awaitBridgeRuntime("io.wsstream.bridge.forward~moved").get(TARGET)));

        configuration.update(properties(Map.of("listen.port", port, "url", uri("/bridge/second").toString())));

        await("forwarder to the second", () -> uri("/bridge/second").toString().equals(awaitBridgeRuntime("io.wsstream.bridge.forward~moved").get(TARGET)));
        Socket socket = tcpConnect(port);
        socket.getOutputStream().write(new byte[] {7});
        assertEquals(7, socket.getInputStream().read());
        assertEquals(0, first.accepted());
        assertEquals(1, second.accepted());
        assertEquals(List.of(), log.errors());
    }

    /** A text where a number belongs: Declarative Services used to fail the component with a stack trace. */
    @Test
    public void aValueOfTheWrongTypeIsRefusedWithOneLine() throws Exception {
        configure(BRIDGE_PID, "lots", Map.of("path", "/bridge/lots", "target.port", freePort(), "window", "lots"));

        String line = awaitOneError("io.wsstream.bridge.tcp~lots");
        assertTrue(line, line.contains("refused: window=lots: accepted a whole number from 1 to 16"));
        assertEquals(404, handshakeStatus("/bridge/lots"));
        assertEquals(List.of(), log.stackTracesAboveDebug());
    }

    @Test
    public void aForwarderLimitOutOfRangeIsRefusedAndNothingListens() throws Exception {
        int port = freePort();
        configure(FORWARD_PID, "big-messages", Map.of("listen.port", port, "url", uri("/bridge/nowhere").toString(),
            "max.message.bytes", 1L << 40));

        String line = awaitOneError("io.wsstream.bridge.forward~big-messages");
        assertTrue(line, line.contains("forwarder configuration io.wsstream.bridge.forward~big-messages refused: max.message.bytes=1099511627776: "
            + "accepted a whole number from 1 to 16777216; the forwarder stays stopped until its configuration changes"));
        assertFalse("something listens on " + port, listening(port));
        assertEquals(List.of(), log.stackTracesAboveDebug());
    }

    /**
     * A plain configuration with a bridge's PID and a name, as FileInstall makes of {@code etc/io.wsstream.bridge.tcp~x.cfg}:
     * no bridge reads it, and one ERROR line says how to name the file; again when the bridge bundle starts with
     * it already there (the distribution applies etc/ before it starts the bridges).
     */
    @Test
    public void aPlainConfigurationWithABridgePidIsPointedOut() throws Exception {
        Configuration plain = configAdmin.getConfiguration(BRIDGE_PID + "~typo", "?");
        configurations.add(plain);
        plain.update(properties(Map.of("path", "/bridge/typo", "target.port", freePort())));

        String line = awaitOneError("io.wsstream.bridge.tcp~typo");
        assertTrue(line, line.contains("configuration io.wsstream.bridge.tcp~typo is no factory configuration of io.wsstream.bridge.tcp, "
            + "so no bridge or forwarder reads it; a file etc/io.wsstream.bridge.tcp-typo.cfg makes the factory configuration io.wsstream.bridge.tcp~typo"));
        assertEquals(404, handshakeStatus("/bridge/typo"));

        Bundle bridges = installedBundle("io.wsstream.bridge");
        bridges.stop();
        bridges.start();
        await("the line again as the bundle starts", () -> log.errors("io.wsstream.bridge.tcp~typo").size() == 2);
        assertEquals(List.of(), log.stackTracesAboveDebug());
    }

    // ---------------------------------------------------------------- cannot start (issue 19)

    @Test
    public void aForwarderWhosePortIsInUseSaysSoInOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            configure(FORWARD_PID, "port-taken", Map.of("listen.port", taken.getLocalPort(), "url", uri("/bridge/nowhere").toString()));

            String line = awaitOneError("io.wsstream.bridge.forward~port-taken");
            assertTrue(line, line.contains("forwarder configuration io.wsstream.bridge.forward~port-taken: cannot listen on 127.0.0.1:"
                + taken.getLocalPort() + ": Address already in use; the forwarder stays stopped until its configuration changes"));
            assertEquals("failed", awaitBridgeRuntime("io.wsstream.bridge.forward~port-taken").get(STATE));
        }
        assertEquals(List.of(), log.stackTracesAboveDebug());
    }

    @Test
    public void aForwarderWhoseListenHostDoesNotResolveSaysSoInOneLine() throws Exception {
        configure(FORWARD_PID, "no-host", Map.of("listen.host", "no-such-host.invalid", "listen.port", freePort(),
            "url", uri("/bridge/nowhere").toString()));

        String line = awaitOneError("io.wsstream.bridge.forward~no-host");
        assertTrue(line, line.contains("cannot listen on no-such-host.invalid:"));
        assertTrue(line, line.contains(": unknown host no-such-host.invalid; the forwarder stays stopped"));
        assertEquals(List.of(), log.stackTracesAboveDebug());
    }

    /** The bridge serves all the same (the name may resolve later); each connection closes with 1014. */
    @Test
    public void aBridgeWhoseTargetHostDoesNotResolveSaysSoInOneLine() throws Exception {
        configure(BRIDGE_PID, "no-target", Map.of("path", "/bridge/no-target", "target.host", "no-such-host.invalid", "target.port", 5900));

        String line = awaitOneError("io.wsstream.bridge.tcp~no-target");
        assertTrue(line, line.contains("bridge configuration io.wsstream.bridge.tcp~no-target: target host no-such-host.invalid does not resolve"));
        assertTrue(line, line.contains("its connections close with 1014 until it does"));
        try (TestSocket client = TestSocket.connect(uri("/bridge/no-target"))) {
            TestSocket.Close close = client.awaitClose();
            assertEquals(1014, close.code());
            assertEquals("target unreachable: unknown host no-such-host.invalid", close.reason());
        }
        assertEquals(List.of(), log.stackTracesAboveDebug());
    }

    /** As the bridge: the forwarder listens all the same, and closes each local connection it cannot forward. */
    @Test
    public void aForwarderWhoseUrlHostDoesNotResolveSaysSoInOneLine() throws Exception {
        int port = freePort();
        configure(FORWARD_PID, "no-url-host", Map.of("listen.port", port, "url", "ws://no-such-host.invalid:8765/x"));

        String line = awaitOneError("io.wsstream.bridge.forward~no-url-host");
        assertTrue(line, line.contains("forwarder configuration io.wsstream.bridge.forward~no-url-host: the host of "
            + "ws://no-such-host.invalid:8765/x does not resolve; its connections are closed until it does"));
        assertEquals(List.of(), log.stackTracesAboveDebug());
    }

    /** The factory refuses the path pattern: one line with its reason, where the component used to fail with a stack trace. */
    @Test
    public void aBridgePathTheServerRefusesIsOneLine() throws Exception {
        configure(BRIDGE_PID, "bad-path", Map.of("path", "/bridge/*/x", "target.port", freePort()));

        String line = awaitOneError("io.wsstream.bridge.tcp~bad-path");
        assertTrue(line, line.contains("refused: path=/bridge/*/x: wsstream.path may use '*' only as a final '/*'"));
        assertEquals(List.of(), log.stackTracesAboveDebug());
    }

    // ---------------------------------------------------------------- helpers

    /** A named factory configuration: its PID is {@code factoryPid~name}; deleted after the test. */
    private Configuration configure(String factoryPid, String name, Map<String, ?> values) throws IOException {
        Configuration configuration = configAdmin.getFactoryConfiguration(factoryPid, name, "?");
        configurations.add(configuration);
        configuration.update(properties(values));
        return configuration;
    }

    private static Dictionary<String, Object> properties(Map<String, ?> values) {
        return new Hashtable<>(values);
    }

    /** Waits for an ERROR line with the text; @return it, once it is the only ERROR line with it */
    private String awaitOneError(String text) {
        await("an ERROR line with " + text, () -> !log.errors(text).isEmpty());
        List<String> lines = log.errors(text);
        assertEquals("ERROR lines with " + text + ": " + lines, 1, lines.size());
        return lines.get(0);
    }

    private static void assertEchoes(TestSocket socket, byte value) {
        socket.sendBinary(new byte[] {value, value});
        assertEquals(ByteBuffer.wrap(new byte[] {value, value}), socket.nextBinary());
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
