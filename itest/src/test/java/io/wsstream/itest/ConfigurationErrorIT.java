package io.wsstream.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

import io.wsstream.api.WebsocketConstants;
import io.wsstream.api.runtime.WebsocketServerRuntime;
import io.wsstream.itest.support.TestSocket;

import org.junit.Test;
import org.osgi.framework.Constants;

/**
 * A configuration value of the wrong type or out of range, given through Configuration Admin as a user would:
 * one ERROR line naming the configuration, the property, the value and what is accepted, no stack trace; the
 * server keeps its previous configuration (or stays stopped if it has none) and its streams; a later valid
 * value applies as usual.
 */
public class ConfigurationErrorIT extends WsstreamTestSupport {

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    public void aPortThatIsNoNumberIsOneLineAndTheRunningDefaultServerKeepsItsPortAndItsStreamsUntilTheValueIsFixed() throws Exception {
        serve("/cfgerr/echo", StreamLifecycleIT.ECHO);
        TestSocket open = connect("/cfgerr/echo");
        int oldPort = server.port();
        Object serviceId = servers().reference(WebsocketConstants.DEFAULT_SERVER_NAME).orElseThrow().getProperty(Constants.SERVICE_ID);

        List<String> logged;
        try (LogCapture log = LogCapture.start()) {
            servers().updateDefault(Map.of("port", "abc"));
            await("the refusal is logged").until(() -> !log.errorLines().isEmpty());
            servers().awaitConfigurationApplied();
            logged = log.lines();
        }

        List<String> errors = logged.stream().filter(LogCapture::isErrorLine).toList();
        assertEquals("one ERROR line: " + logged, 1, errors.size());
        String error = errors.get(0);
        assertTrue(error, error.contains("configuration " + WebsocketConstants.SERVER_PID + " refused"));
        assertTrue(error, error.contains("port=\"abc\""));
        assertTrue(error, error.contains("a whole number from 0 to 65535"));
        assertTrue(error, error.contains("keeps its previous configuration"));
        int at = logged.indexOf(error);
        assertFalse("no stack trace after the line: " + logged, at + 1 < logged.size() && LogCapture.isStackTraceLine(logged.get(at + 1)));
        assertEquals("no stack trace at all: " + logged, List.of(), logged.stream().filter(LogCapture::isStackTraceLine).toList());

        assertEquals("the same runtime service: no restart", serviceId,
            servers().reference(WebsocketConstants.DEFAULT_SERVER_NAME).orElseThrow().getProperty(Constants.SERVICE_ID));
        assertEquals(oldPort, servers().runtime(WebsocketConstants.DEFAULT_SERVER_NAME).orElseThrow().port());
        open.sendText("still open");
        assertEquals("still open", open.nextText());
        assertEquals("the server answers on its old port", 101, handshakeStatus("/cfgerr/echo"));

        int newPort = freePort();
        servers().updateDefault(Map.of("port", newPort));
        assertEquals("the fixed value applies: a restart closes the stream", 1001, open.awaitClose().code());
        WebsocketServerRuntime moved = await("the default server listens on the fixed port")
            .until(() -> servers().runtime(WebsocketConstants.DEFAULT_SERVER_NAME), r -> r.isPresent() && r.get().port() == newPort).get();
        assertEquals(101, TestSocket.handshakeStatus(moved.uri("/cfgerr/echo")));
    }

    @Test
    public void aFactoryServerWithAPortThatIsNoNumberStaysStoppedWithOneLineUntilTheValueIsFixed() {
        serve("/cfgerr/factory", StreamLifecycleIT.ECHO);
        TestSocket onDefault = connect("/cfgerr/factory");

        List<String> logged;
        try (LogCapture log = LogCapture.start()) {
            servers().update("badport", Map.of("port", "abc"));
            await("the refusal is logged").until(() -> !log.errorLines().isEmpty());
            servers().awaitConfigurationApplied();
            logged = log.lines();
        }

        List<String> errors = logged.stream().filter(LogCapture::isErrorLine).toList();
        assertEquals("one ERROR line: " + logged, 1, errors.size());
        String error = errors.get(0);
        assertTrue(error, error.contains("configuration " + WebsocketConstants.SERVER_FACTORY_PID + "~badport"));
        assertTrue(error, error.contains("configuration badport)"));
        assertTrue(error, error.contains("port=\"abc\""));
        assertTrue(error, error.contains("a whole number from 0 to 65535"));
        assertTrue(error, error.contains("stays stopped"));
        assertEquals("no stack trace: " + logged, List.of(), logged.stream().filter(LogCapture::isStackTraceLine).toList());
        assertTrue("the server stays stopped", servers().runtime("badport").isEmpty());
        onDefault.sendText("the default server is undisturbed");
        assertEquals("the default server is undisturbed", onDefault.nextText());

        servers().update("badport", Map.of("port", 0));

        WebsocketServerRuntime fixed = servers().awaitRuntime("badport");
        assertEquals(101, TestSocket.handshakeStatus(fixed.uri("/cfgerr/factory")));
    }
}
