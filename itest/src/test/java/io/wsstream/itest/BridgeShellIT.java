package io.wsstream.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import javax.inject.Inject;

import static io.wsstream.itest.GogoCommands.lineWith;
import static io.wsstream.itest.GogoCommands.run;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.Test;
import org.ops4j.pax.exam.Option;
import org.osgi.service.cm.Configuration;

/**
 * Operators see the bridges: {@code wsstream:bridges} run through Gogo as a shell would (its table is printed
 * to the session), and the runtime view a program reads (the bridge bundle's {@code Supplier} services).
 */
public class BridgeShellIT extends BridgeTestSupport {

    @Inject
    private CommandProcessor commands;

    @Override
    protected Option[] additionalOptions() {
        return new Option[] {clientBundles(), bridgeBundles(),
            mavenBundle("org.apache.felix", "org.apache.felix.gogo.runtime").versionAsInProject()};
    }

    /**
     * A forwarder chained into a bridge to a TCP echo: both rows show what they serve, where they go, the
     * open connection and the bytes each way, and the runtime view says the same to a program.
     */
    @Test
    public void bridgesListsConfigurationServesTargetOpenConnectionsAndBytesEachWay() throws Exception {
        TcpTestServer echo = closeLater(TcpTestServer.echo());
        String bridgePid = configure(BRIDGE_PID, "shown", Map.of("path", "/bridge/shown", "target.port", echo.port())).getPid();
        await("bridge served", () -> handlerDTO("/bridge/shown").isPresent());
        int port = freePort();
        String url = uri("/bridge/shown").toString();
        String forwarderPid = configure(FORWARD_PID, "shown", Map.of("listen.port", port, "url", url)).getPid();
        await("forwarder running", () -> "running".equals(runtimeValue(forwarderPid, STATE)));

        Socket socket = tcpConnect(port);
        byte[] hello = "hello, bridge\n".getBytes(StandardCharsets.US_ASCII); // 14 bytes
        socket.getOutputStream().write(hello);
        assertEquals(hello.length, readCrc(socket.getInputStream(), hello.length)[1]);
        await("counters of both", () -> Long.valueOf(14).equals(runtimeValue(bridgePid, BYTES_FROM_TARGET))
            && Long.valueOf(14).equals(runtimeValue(forwarderPid, BYTES_FROM_TARGET)));

        String table = run(commands, "wsstream:bridges");

        assertColumns(lineWith(table, bridgePid), bridgePid, "/bridge/shown", "127.0.0.1:" + echo.port(), "1", "14", "14", "running");
        assertColumns(lineWith(table, forwarderPid), forwarderPid, "127.0.0.1:" + port, url, "1", "14", "14", "running");
        assertTrue(table, table.startsWith("CONFIGURATION "));
        assertTrue(table, table.endsWith(" configurations\n"));

        Map<String, Object> bridge = awaitBridgeRuntime(bridgePid);
        assertEquals("tcp", bridge.get(KIND));
        assertEquals("/bridge/shown", bridge.get(SERVES));
        assertEquals("127.0.0.1:" + echo.port(), bridge.get(TARGET));
        assertEquals(1, bridge.get(OPEN_CONNECTIONS));
        assertEquals(14L, bridge.get(BYTES_TO_TARGET));
        Map<String, Object> forwarder = awaitBridgeRuntime(forwarderPid);
        assertEquals("forward", forwarder.get(KIND));
        assertEquals(url, forwarder.get(TARGET));
        assertEquals(14L, forwarder.get(BYTES_TO_TARGET));

        socket.close();
        await("the connections closed", () -> Integer.valueOf(0).equals(runtimeValue(bridgePid, OPEN_CONNECTIONS))
            && Integer.valueOf(0).equals(runtimeValue(forwarderPid, OPEN_CONNECTIONS)));
    }

    @Test
    public void aRefusedConfigurationIsListedWithItsProblem() throws Exception {
        String pid = configure(BRIDGE_PID, "refused", Map.of("path", "/bridge/refused", "target.port", 70000)).getPid();
        awaitBridgeRuntime(pid);

        String row = lineWith(run(commands, "wsstream:bridges"), pid);

        assertColumns(row, pid, "-", "-", "-", "-", "-", "refused: target.port=70000: accepted a whole number from 1 to 65535");
        Map<String, Object> runtime = awaitBridgeRuntime(pid);
        assertNull(runtime.get(SERVES));
        assertNull(runtime.get(OPEN_CONNECTIONS));
    }

    /** Configurations of other tests are deleted after them, and their runtime views go away soon after. */
    @Test
    public void noConfigurationNoBridge() {
        await("an empty list", () -> run(commands, "wsstream:bridges").equals("no bridge or forwarder is configured\n"));
    }

    // ---------------------------------------------------------------- helpers

    private Configuration configure(String factoryPid, String name, Map<String, ?> values) throws IOException {
        Configuration configuration = configAdmin.getFactoryConfiguration(factoryPid, name, "?");
        configurations.add(configuration);
        Dictionary<String, Object> properties = new Hashtable<>(values);
        configuration.update(properties);
        return configuration;
    }

    /** @return one value of a configuration's runtime view, {@code null} while it has none */
    private Object runtimeValue(String pid, String key) {
        return bridgeRuntimes("(" + CONFIGURATION + "=" + pid + ")").stream().findFirst().map(runtime -> runtime.get(key)).orElse(null);
    }



    /** The row's columns, split at two or more spaces, are exactly these. */
    private static void assertColumns(String row, String... columns) {
        assertEquals(row, String.join("|", columns), String.join("|", row.strip().split(" {2,}")));
    }
}
