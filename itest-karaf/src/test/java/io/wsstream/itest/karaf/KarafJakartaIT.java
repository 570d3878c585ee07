package io.wsstream.itest.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.util.Map;

import javax.inject.Inject;

import io.wsstream.itest.support.TestSocket;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * {@code feature:install wsstream-jakarta} in a real Karaf 4.4.10 ({@link KarafSetup}): an annotated Jakarta endpoint
 * bundle built here (the OSGi draft's property, a path parameter) is served on wsstream's port; the benchmark's Pax Web
 * endpoint bundle, moved to jakarta.websocket by the Eclipse Transformer, is installed with {@code bundle:install} and
 * echoes; the endpoint bundle's removal closes its own session with 1001 and not the other one.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class KarafJakartaIT extends KarafTestSupport {
    private static final String ROOM_ACTIVATOR = "io.wsstream.itest.karaf.jakarta.RoomActivator";
    private static final String ROOM_ENDPOINT = "io.wsstream.itest.karaf.jakarta.RoomEndpoint";

    @Inject
    private BundleContext context;

    @Test
    public void theJakartaFeatureServesAnnotatedEndpointsAndAPaxWebBundle() throws Exception {
        String version = System.getProperty(KarafSetup.VERSION);
        try (KarafShell shell = new KarafShell(sessionFactory)) {
            installFeatures(shell, "wsstream-jakarta");

            Bundle rooms = context.installBundle("wsstream-itest-jakarta-rooms", new ByteArrayInputStream(roomsBundle()));
            rooms.start();
            URI lobby = ws("/rooms/lobby");
            await("the annotated endpoint served").until(() -> TestSocket.handshakeStatus(lobby) == 101);
            TestSocket room = TestSocket.connect(lobby);
            room.sendText("hi");
            assertEquals("lobby: hi", room.nextText());

            shell.run("bundle:install -s mvn:io.wsstream/benchmark-paxweb-handlers-jakarta/" + version, COMMAND_TIMEOUT);
            URI benchEcho = ws("/bench/echo");
            await("the Pax Web bundle's /bench/echo served").until(() -> TestSocket.handshakeStatus(benchEcho) == 101);
            TestSocket echo = TestSocket.connect(benchEcho);
            echo.sendText("from a Pax Web bundle");
            assertEquals("from a Pax Web bundle", echo.nextText());

            String endpoints = shell.run("wsstream:endpoints", COMMAND_TIMEOUT);
            assertTrue(endpoints, endpoints.contains("/rooms/{room}") && endpoints.contains("/bench/echo"));

            rooms.uninstall();
            assertEquals("the leaving endpoint's own session closes with 1001", 1001, room.awaitClose(SETTLE).code());
            echo.sendText("still here");
            assertEquals("still here", echo.nextText());
            assertFalse(echo.isClosed());
            assertEquals(404, TestSocket.handshakeStatus(lobby));
            echo.close();
        }
    }

    /** A bundle of the two classes above, importing only the Jakarta WebSocket API and the framework. */
    private byte[] roomsBundle() {
        return BundleJar.build(Map.of(
                        "Bundle-SymbolicName", "io.wsstream.itest.jakarta.rooms",
                        "Bundle-Version", "1.0.0",
                        "Bundle-Activator", ROOM_ACTIVATOR,
                        "Import-Package", "jakarta.websocket;version=\"[2.0,3)\",jakarta.websocket.server;version=\"[2.0,3)\","
                                + "org.osgi.framework;version=\"[1.8,2)\""),
                getClass().getClassLoader(), ROOM_ACTIVATOR, ROOM_ENDPOINT);
    }

    private URI ws(String path) {
        return URI.create("ws://127.0.0.1:" + wsPort + path);
    }
}
