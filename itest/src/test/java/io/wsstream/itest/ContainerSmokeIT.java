package io.wsstream.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.wsstream.api.CloseCodes;
import io.wsstream.api.WebsocketConstants;
import io.wsstream.itest.support.TestSocket;

import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/** The container boots with every bundle active, and the wsstream services are there. */
public class ContainerSmokeIT extends WsstreamTestSupport {

    @Test
    public void everyBundleIsActive() {
        List<String> notActive = Stream.of(context.getBundles())
            .filter(b -> b.getHeaders().get(Constants.FRAGMENT_HOST) == null)
            .filter(b -> b.getState() != Bundle.ACTIVE)
            .map(b -> b.getSymbolicName() + " " + b.getVersion() + ": " + stateName(b.getState()))
            .collect(Collectors.toList());
        assertTrue("bundles not active: " + notActive, notActive.isEmpty());

        for (String symbolicName : List.of("io.wsstream.api", "io.wsstream.impl", "org.apache.felix.scr",
            "org.apache.felix.configadmin", "org.apache.aries.spifly.dynamic.bundle", "org.eclipse.jetty.server",
            "org.eclipse.jetty.websocket.server", "com.google.gson", "slf4j.api", "slf4j.simple", "org.awaitility")) {
            assertEquals(symbolicName, Bundle.ACTIVE, installedBundle(symbolicName).getState());
        }
    }

    @Test
    public void jettyLogsThroughSlf4jSimple() throws Exception {
        // Jetty's view of slf4j: a NOP factory here would mean its logs silently go nowhere
        // (slf4j-api loaded from the class path, or SPI Fly not weaving it in time).
        Class<?> loggerFactory = installedBundle("org.eclipse.jetty.util").loadClass("org.slf4j.LoggerFactory");
        Object factory = loggerFactory.getMethod("getILoggerFactory").invoke(null);
        assertEquals("org.slf4j.simple.SimpleLoggerFactory", factory.getClass().getName());
        assertEquals(installedBundle("slf4j.api").getBundleId(), bundleOf(loggerFactory).getBundleId());
    }

    @Test
    public void serverRuntimeListensOnAFreeLoopbackPort() {
        int port = server.port();
        assertTrue("port " + port, port > 0);
        assertNotEquals("the configured port 0 must replace the default", WebsocketConstants.DEFAULT_PORT, port);
        assertEquals(WebsocketConstants.DEFAULT_SERVER_NAME, server.name());
        assertEquals(WebsocketConstants.DEFAULT_HOST, server.host());
        assertEquals(URI.create("ws://127.0.0.1:" + port + "/chat"), uri("/chat"));
        assertEquals(URI.create("http://127.0.0.1:" + port + "/chat"), httpUri("/chat"));

        ServiceReference<?> ref = context.getServiceReference(io.wsstream.api.runtime.WebsocketServerRuntime.class);
        assertNotNull(ref);
        assertEquals(port, ref.getProperty(WebsocketConstants.SERVER_PORT));
        assertEquals(WebsocketConstants.DEFAULT_SERVER_NAME, ref.getProperty(WebsocketConstants.SERVER_NAME));
    }

    @Test
    public void streamManagerIsRegisteredAndEmpty() {
        assertNotNull(streams.getWhiteboardDTO());
        assertTrue(streams.streams().isEmpty());
    }

    @Test
    public void pathWithoutHandlerIsNotUpgraded() {
        assertEquals(404, handshakeStatus("/nobody-serves-this"));
    }

    @Test
    public void echoRoundTrip() {
        serve("/smoke/echo", (stream, message) -> stream.sendText(message.text()));

        TestSocket socket = connect("/smoke/echo");
        socket.sendText("hello");
        assertEquals("hello", socket.nextText());
        socket.sendTextFragments("frag", "mented");
        assertEquals("fragmented", socket.nextText());
        await("the stream is listed").until(() -> streams.streams("/smoke/echo").size() == 1);

        socket.sendClose(CloseCodes.NORMAL, "bye");
        assertEquals(CloseCodes.NORMAL, socket.awaitClose().code());
        await("the stream is no longer listed").until(() -> streams.streams().isEmpty());
    }

    private static Bundle bundleOf(Class<?> type) {
        return org.osgi.framework.FrameworkUtil.getBundle(type);
    }
}
