package io.wsstream.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.wsstream.api.CloseCodes;
import io.wsstream.api.WebsocketConstants;
import io.wsstream.api.runtime.WebsocketServerRuntime;
import io.wsstream.itest.support.TestSocket;

import org.junit.Test;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Constants;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * Configuration Admin drives the servers: Metatype describes every property, a change applies at once
 * (live where it can, by a restart that closes the streams with 1001 where it cannot), and a configuration
 * that cannot work is refused or logged without taking anything else down.
 */
public class ConfigurationIT extends WsstreamTestSupport {
    private static final Set<String> PROPERTIES = Set.of("name", "host", "port", "tls.keystore.path", "tls.keystore.type",
        "tls.keystore.password", "idle.timeout.ms", "ping.interval.ms", "max.text.message.bytes", "max.binary.message.bytes",
        "max.frame.bytes", "max.connections", "allowed.origins", "allowed.hosts", "permessage.deflate", "outbound.limit.bytes", "stop.timeout.ms");

    @Override
    protected Option[] additionalOptions() {
        return new Option[] {
            mavenBundle("org.osgi", "org.osgi.service.log").versionAsInProject(),
            mavenBundle("org.apache.felix", "org.apache.felix.metatype").versionAsInProject(),
        };
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String text(int bytes) {
        return "x".repeat(bytes);
    }

    @Test
    public void metatypeDescribesEveryPropertyOfTheDefaultPidAndTheFactoryPid() {
        MetaTypeService metatype = awaitService(MetaTypeService.class, null, TIMEOUT);
        MetaTypeInformation information = metatype.getMetaTypeInformation(installedBundle("io.wsstream.impl"));
        assertTrue(Arrays.asList(information.getPids()).contains(WebsocketConstants.SERVER_PID));
        assertTrue(Arrays.asList(information.getFactoryPids()).contains(WebsocketConstants.SERVER_FACTORY_PID));
        for (String pid : new String[] {WebsocketConstants.SERVER_PID, WebsocketConstants.SERVER_FACTORY_PID}) {
            ObjectClassDefinition ocd = information.getObjectClassDefinition(pid, null);
            Set<String> ids = Arrays.stream(ocd.getAttributeDefinitions(ObjectClassDefinition.ALL)).map(AttributeDefinition::getID)
                .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(pid, new TreeSet<>(PROPERTIES), ids);
            for (AttributeDefinition attribute : ocd.getAttributeDefinitions(ObjectClassDefinition.ALL)) {
                assertFalse(attribute.getID() + " has a description", attribute.getDescription() == null || attribute.getDescription().isBlank());
            }
        }
        AttributeDefinition password = Arrays.stream(information.getObjectClassDefinition(WebsocketConstants.SERVER_PID, null)
            .getAttributeDefinitions(ObjectClassDefinition.ALL)).filter(a -> a.getID().equals("tls.keystore.password")).findFirst().orElseThrow();
        assertEquals(AttributeDefinition.PASSWORD, password.getType());
    }

    @Test
    public void aLiveChangeKeepsTheServerAndItsStreamsAndAppliesToNewStreams() {
        WebsocketServerRuntime live = servers().start("live", Map.of("max.text.message.bytes", 1000L));
        long serviceId = (Long) servers().reference("live").orElseThrow().getProperty(Constants.SERVICE_ID);
        serve("/cfg/echo", StreamLifecycleIT.ECHO);
        TestSocket before = connect(live.uri("/cfg/echo"));

        servers().update("live", Map.of("max.text.message.bytes", 100L));
        servers().awaitConfigurationApplied();

        assertEquals("no restart: same runtime service", serviceId, servers().reference("live").orElseThrow().getProperty(Constants.SERVICE_ID));
        assertEquals(live.port(), servers().runtime("live").orElseThrow().port());
        before.sendText(text(500));
        assertEquals("a stream opened before keeps the limit it was opened with", 500, before.nextText().length());
        TestSocket after = connect(live.uri("/cfg/echo"));
        after.sendText(text(500));
        assertEquals("a stream opened after gets the new limit", CloseCodes.MESSAGE_TOO_BIG, after.awaitClose().code());
    }

    @Test
    public void aPortChangeRestartsTheServerClosingItsStreamsWith1001AndTheRuntimeServiceTellsTheNewPort() throws Exception {
        WebsocketServerRuntime moving = servers().start("moving", Map.of());
        int oldPort = moving.port();
        serve("/cfg/moving", StreamLifecycleIT.ECHO);
        TestSocket socket = connect(moving.uri("/cfg/moving"));
        int newPort = freePort();

        servers().update("moving", Map.of("port", newPort));

        TestSocket.Close close = socket.awaitClose();
        assertEquals(CloseCodes.GOING_AWAY, close.code());
        assertEquals("server restarting", close.reason());
        WebsocketServerRuntime moved = await("the runtime service tells the new port")
            .until(() -> servers().runtime("moving"), runtime -> runtime.isPresent() && runtime.get().port() == newPort).get();
        assertEquals(newPort, servers().reference("moving").orElseThrow().getProperty(WebsocketConstants.SERVER_PORT));
        TestSocket reconnected = connect(moved.uri("/cfg/moving"));
        reconnected.sendText("on the new port");
        assertEquals("on the new port", reconnected.nextText());
        assertEquals("the server on the new port answers an unserved path", 404,
            TestSocket.handshakeStatus(URI.create("ws://127.0.0.1:" + newPort + "/nothing-here")));
        assertTrue("counters survive the restart", servers().dto("moving").accepted >= 2);
        assertNotEquals(oldPort, newPort);
    }

    @Test
    public void theDefaultServerTakesALiveChangeWithoutARestart() {
        long serviceId = (Long) servers().reference(WebsocketConstants.DEFAULT_SERVER_NAME).orElseThrow().getProperty(Constants.SERVICE_ID);
        serve("/cfg/default", StreamLifecycleIT.ECHO);
        TestSocket before = connect("/cfg/default");

        servers().updateDefault(Map.of("max.text.message.bytes", 64L));
        servers().awaitConfigurationApplied();

        assertEquals(serviceId, servers().reference(WebsocketConstants.DEFAULT_SERVER_NAME).orElseThrow().getProperty(Constants.SERVICE_ID));
        before.sendText(text(100));
        assertEquals(100, before.nextText().length());
        TestSocket after = connect("/cfg/default");
        after.sendText(text(100));
        assertEquals(CloseCodes.MESSAGE_TOO_BIG, after.awaitClose().code());
    }

    @Test
    public void anInvalidChangeIsRefusedAndTheServerKeepsItsConfiguration() {
        WebsocketServerRuntime kept = servers().start("kept", Map.of());
        serve("/cfg/kept", StreamLifecycleIT.ECHO);

        servers().update("kept", Map.of("max.connections", -1, "idle.timeout.ms", 0L));
        servers().awaitConfigurationApplied();

        assertEquals(kept.port(), servers().runtime("kept").orElseThrow().port());
        TestSocket socket = connect(kept.uri("/cfg/kept"));
        socket.sendText("still configured as before");
        assertEquals("still configured as before", socket.nextText());
    }

    @Test
    public void aServerThatCannotListenStaysDownUntilItsConfigurationIsFixed() {
        try (LogCapture log = LogCapture.start()) {
            servers().factoryConfiguration(WebsocketConstants.SERVER_FACTORY_PID, "clash");
            servers().update("clash", Map.of("port", server.port()));
            servers().awaitConfigurationApplied();
            assertTrue("the port is the default server's", servers().runtime("clash").isEmpty());
            log.assertOneErrorLineWithoutStackTrace("wsstream server clash cannot start", "cannot listen on 127.0.0.1:" + server.port(),
                "Address already in use");
        }
        serve("/cfg/clash", StreamLifecycleIT.ECHO);
        assertEquals("the default server is unaffected", 101, handshakeStatus("/cfg/clash"));

        servers().update("clash", Map.of("port", 0));

        WebsocketServerRuntime fixed = servers().awaitRuntime("clash");
        assertEquals(101, TestSocket.handshakeStatus(fixed.uri("/cfg/clash")));
    }

    @Test
    public void permessageDeflateIsNegotiatedUnlessTurnedOff() throws Exception {
        serve("/cfg/deflate", StreamLifecycleIT.ECHO);
        String offered = deflateAnswer(uri("/cfg/deflate"));
        assertTrue("default on: " + offered, offered != null && offered.contains("permessage-deflate"));

        WebsocketServerRuntime plain = servers().start("no-deflate", Map.of("permessage.deflate", false));
        assertNull(deflateAnswer(plain.uri("/cfg/deflate")));

        servers().update("no-deflate", Map.of("permessage.deflate", true));
        servers().awaitConfigurationApplied();
        assertTrue("turned on again, live", String.valueOf(deflateAnswer(plain.uri("/cfg/deflate"))).contains("permessage-deflate"));
    }

    /** @return the {@code Sec-WebSocket-Extensions} the server answers to a client offering permessage-deflate */
    private static String deflateAnswer(URI uri) throws IOException {
        RawWebsocket.HttpAnswer answer = RawWebsocket.request(uri, "GET " + uri.getPath() + " HTTP/1.1",
            "Host: " + uri.getHost() + ":" + uri.getPort(), "Upgrade: websocket", "Connection: Upgrade",
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13",
            "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits");
        assertEquals(101, answer.status());
        return answer.header("Sec-WebSocket-Extensions");
    }
}
