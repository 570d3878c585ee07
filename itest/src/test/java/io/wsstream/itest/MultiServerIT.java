package io.wsstream.itest;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.wsstream.api.CloseCodes;
import io.wsstream.api.StreamHandler;
import io.wsstream.api.WebsocketConstants;
import io.wsstream.api.runtime.WebsocketServerRuntime;
import io.wsstream.api.runtime.dto.DTOConstants;
import io.wsstream.api.runtime.dto.FailedHandlerDTO;
import io.wsstream.api.runtime.dto.HandlerDTO;
import io.wsstream.api.runtime.dto.RuntimeDTO;
import io.wsstream.itest.support.TestSocket;

import org.junit.Test;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;

/**
 * Several servers from factory configurations of {@code io.wsstream.server.factory}, next to the default
 * one; handlers choose servers with {@code wsstream.target}, and routing, shadowing and DTOs are per server.
 */
public class MultiServerIT extends WsstreamTestSupport {

    private static Map<String, Object> at(String path, Object... more) {
        Map<String, Object> properties = new java.util.HashMap<>();
        properties.put(WebsocketConstants.PATH, path);
        for (int i = 0; i < more.length; i += 2) {
            properties.put((String) more[i], more[i + 1]);
        }
        return properties;
    }

    private static String onlyServer(String name) {
        return "(" + WebsocketConstants.SERVER_NAME + "=" + name + ")";
    }

    @Test
    public void aFactoryConfigurationIsOneMoreServerWithItsOwnRuntimeService() {
        WebsocketServerRuntime second = servers().start("second", Map.of());

        assertEquals("second", second.name());
        assertEquals("127.0.0.1", second.host());
        assertTrue(second.port() > 0);
        assertNotEquals(server.port(), second.port());
        ServiceReference<WebsocketServerRuntime> reference = servers().reference("second").orElseThrow();
        assertEquals("second", reference.getProperty(WebsocketConstants.SERVER_NAME));
        assertEquals("127.0.0.1", reference.getProperty(WebsocketConstants.SERVER_HOST));
        assertEquals(second.port(), reference.getProperty(WebsocketConstants.SERVER_PORT));
        assertEquals(Boolean.FALSE, reference.getProperty(WebsocketConstants.SERVER_SECURE));
        assertEquals(second.port(), servers().dto("second").port);
        assertEquals(server.port(), servers().dto(WebsocketConstants.DEFAULT_SERVER_NAME).port);
    }

    @Test
    public void aHandlerWithoutTargetIsServedByEveryServer() {
        WebsocketServerRuntime second = servers().start("second", Map.of());
        ServiceRegistration<StreamHandler> everywhere = serve("/ms/all", WhiteboardIT.named("all"));

        assertEquals("all null", connect("/ms/all").nextText());
        TestSocket onSecond = connect(second.uri("/ms/all"));
        assertEquals("all null", onSecond.nextText());
        awaitStreamsOnServers("/ms/all", WebsocketConstants.DEFAULT_SERVER_NAME, "second");
        HandlerDTO dto = awaitServed(everywhere);
        assertArrayEquals(new String[] {"default", "second"}, dto.serverNames);
        assertEquals(2, dto.openStreams);
    }

    @Test
    public void aTargetedHandlerIsServedOnlyByTheServersItsFilterMatches() {
        WebsocketServerRuntime second = servers().start("second", Map.of());
        ServiceRegistration<StreamHandler> targeted = serve(WhiteboardIT.named("targeted"),
            at("/ms/targeted", WebsocketConstants.TARGET, onlyServer("second")));

        assertEquals(404, handshakeStatus("/ms/targeted"));
        assertEquals("targeted null", connect(second.uri("/ms/targeted")).nextText());
        assertArrayEquals(new String[] {"second"}, awaitServed(targeted).serverNames);

        ServiceRegistration<StreamHandler> byPort = serve(WhiteboardIT.named("by port"),
            at("/ms/by-port", WebsocketConstants.TARGET, "(" + WebsocketConstants.SERVER_PORT + "=" + server.port() + ")"));
        assertEquals("by port null", connect("/ms/by-port").nextText());
        assertEquals(404, TestSocket.handshakeStatus(second.uri("/ms/by-port")));
        assertArrayEquals(new String[] {"default"}, awaitServed(byPort).serverNames);
    }

    @Test
    public void twoHandlersOnOnePathTargetingDifferentServersAreBothServed() {
        WebsocketServerRuntime second = servers().start("second", Map.of());
        ServiceRegistration<StreamHandler> first = serve(WhiteboardIT.named("on default"),
            at("/ms/same", WebsocketConstants.TARGET, onlyServer("default")));
        ServiceRegistration<StreamHandler> other = serve(WhiteboardIT.named("on second"),
            at("/ms/same", WebsocketConstants.TARGET, onlyServer("second")));

        assertEquals("on default null", connect("/ms/same").nextText());
        assertEquals("on second null", connect(second.uri("/ms/same")).nextText());
        assertFalse("neither is shadowed", failedHandlerDTO(serviceId(first)).isPresent() || failedHandlerDTO(serviceId(other)).isPresent());
    }

    @Test
    public void rankingAndShadowingAreDecidedPerServer() {
        WebsocketServerRuntime second = servers().start("second", Map.of());
        ServiceRegistration<StreamHandler> everywhere = serve("/ms/ranked", WhiteboardIT.named("everywhere"));
        ServiceRegistration<StreamHandler> secondOnly = register(WhiteboardIT.named("second only"),
            at("/ms/ranked", WebsocketConstants.TARGET, onlyServer("second"), Constants.SERVICE_RANKING, 5));
        FailedHandlerDTO shadowed = awaitFailed(everywhere);

        assertEquals(DTOConstants.FAILURE_REASON_SHADOWED, shadowed.failureReason);
        assertArrayEquals("shadowed on the second server only", new String[] {"second"}, shadowed.serverNames);
        assertArrayEquals("still served on the default server", new String[] {"default"}, awaitServed(everywhere).serverNames);
        assertArrayEquals(new String[] {"second"}, awaitServed(secondOnly).serverNames);
        assertEquals("everywhere null", connect("/ms/ranked").nextText());
        assertEquals("second only null", connect(second.uri("/ms/ranked")).nextText());

        RuntimeDTO onDefault = servers().awaitRuntime("default").getRuntimeDTO();
        RuntimeDTO onSecond = second.getRuntimeDTO();
        assertEquals("second", onSecond.serverDTO.name);
        assertEquals("the default server's view: served there", List.of(serviceId(everywhere)), ids(onDefault.handlerDTOs, "/ms/ranked"));
        assertEquals("and not failed there", List.of(), ids(onDefault.failedHandlerDTOs, "/ms/ranked"));
        assertEquals("the second server's view: its own winner", List.of(serviceId(secondOnly)), ids(onSecond.handlerDTOs, "/ms/ranked"));
        assertEquals("and the loser shadowed", List.of(serviceId(everywhere)), ids(onSecond.failedHandlerDTOs, "/ms/ranked"));

        secondOnly.unregister();
        await("the loser takes over on the second server", () -> failedHandlerDTO(serviceId(everywhere)).isEmpty());
        assertEquals("everywhere null", connect(second.uri("/ms/ranked")).nextText());
    }

    @Test
    public void aTargetThatMatchesNoServerIsReason4UntilAMatchingServerStarts() {
        ServiceRegistration<StreamHandler> waiting = register(WhiteboardIT.named("later"),
            at("/ms/later", WebsocketConstants.TARGET, onlyServer("later")));
        FailedHandlerDTO failed = awaitFailed(waiting);
        assertEquals(DTOConstants.FAILURE_REASON_NO_MATCHING_SERVER, failed.failureReason);
        assertEquals(0, failed.serverNames.length);
        assertEquals("no server's own view lists a handler that no server serves", List.of(),
            ids(servers().awaitRuntime("default").getRuntimeDTO().failedHandlerDTOs, "/ms/later"));

        WebsocketServerRuntime later = servers().start("later", Map.of());
        assertArrayEquals(new String[] {"later"}, awaitServed(waiting).serverNames);
        assertEquals("later null", connect(later.uri("/ms/later")).nextText());
    }

    @Test
    public void aTargetThatIsNoFilterIsInvalid() {
        FailedHandlerDTO failed = awaitFailed(register(WhiteboardIT.named("broken"),
            at("/ms/broken", WebsocketConstants.TARGET, "(wsstream.server.name=unclosed")));
        assertEquals(DTOConstants.FAILURE_REASON_VALIDATION_FAILED, failed.failureReason);
        assertTrue(failed.failureMessage, failed.failureMessage.contains(WebsocketConstants.TARGET));
    }

    @Test
    public void aNewTargetClosesTheStreamsOnServersNoLongerTargeted() {
        WebsocketServerRuntime second = servers().start("second", Map.of());
        ServiceRegistration<StreamHandler> moving = serve("/ms/moving", WhiteboardIT.named("moving"));
        TestSocket onDefault = connect("/ms/moving");
        TestSocket onSecond = connect(second.uri("/ms/moving"));
        assertEquals("moving null", onDefault.nextText());
        assertEquals("moving null", onSecond.nextText());

        Dictionary<String, Object> secondOnly = new Hashtable<>(at("/ms/moving", WebsocketConstants.TARGET, onlyServer("second")));
        moving.setProperties(secondOnly);

        assertEquals(CloseCodes.GOING_AWAY, onDefault.awaitClose().code());
        assertFalse("the stream on a server still targeted stays", onSecond.isClosed());
        onSecond.sendText("still here");
        assertEquals(404, handshakeStatus("/ms/moving"));
    }

    @Test
    public void deletingTheFactoryConfigurationStopsThatServerOnlyAndClosesItsStreamsWith1001() {
        WebsocketServerRuntime second = servers().start("second", Map.of());
        serve("/ms/bye", StreamLifecycleIT.ECHO);
        TestSocket onSecond = connect(second.uri("/ms/bye"));
        TestSocket onDefault = connect("/ms/bye");

        servers().stop("second");

        assertEquals(CloseCodes.GOING_AWAY, onSecond.awaitClose().code());
        onDefault.sendText("default server unaffected");
        assertEquals("default server unaffected", onDefault.nextText());
        assertEquals(1, streams.getWhiteboardDTO().serverDTOs.length);
    }

    /**
     * Why the factory PID is not {@code io.wsstream.server}: Felix SCR hands factory configurations of a
     * component's own PID to that component. With a singleton configuration present (as here), SCR refuses
     * them ("Factory pid supplied after all non-factory configurations supplied"); without one, the first
     * would take over the default server. Either way no additional server: Karaf's natural
     * {@code etc/io.wsstream.server-x.cfg} cannot work, {@code etc/io.wsstream.server.factory-x.cfg} does.
     */
    @Test
    public void aFactoryConfigurationOfTheDefaultPidAddsNoServerAndLeavesTheDefaultOneAlone() throws Exception {
        long defaultServiceId = (Long) servers().reference("default").orElseThrow().getProperty(Constants.SERVICE_ID);
        Configuration wrong = servers().factoryConfiguration(WebsocketConstants.SERVER_PID, "wrong");
        Dictionary<String, Object> properties = new Hashtable<>(Map.of("port", 0, "name", "wrong"));
        wrong.update(properties);
        // Configuration events are delivered in order: once a later configuration's server runs, SCR has seen the wrong one.
        servers().start("witness", Map.of());

        assertTrue("no server from a factory configuration of io.wsstream.server", servers().runtime("wrong").isEmpty());
        assertEquals("the default server was neither replaced nor restarted", defaultServiceId,
            servers().reference("default").orElseThrow().getProperty(Constants.SERVICE_ID));
        serve("/ms/default", WhiteboardIT.named("default"));
        assertEquals("default null", connect("/ms/default").nextText());
    }

    @Test
    public void serverNamesAreUnique() {
        servers().factoryConfiguration(WebsocketConstants.SERVER_FACTORY_PID, "impostor");
        servers().update("impostor", Map.of("name", WebsocketConstants.DEFAULT_SERVER_NAME));
        servers().start("witness", Map.of());

        assertEquals("one server named default", 1, Arrays.stream(streams.getWhiteboardDTO().serverDTOs)
            .filter(dto -> dto.name.equals(WebsocketConstants.DEFAULT_SERVER_NAME)).count());
        assertEquals(server.port(), servers().dto(WebsocketConstants.DEFAULT_SERVER_NAME).port);
    }

    /** @return the service ids of the DTOs on the path, in order */
    private static List<Long> ids(HandlerDTO[] dtos, String path) {
        return Arrays.stream(dtos).filter(dto -> path.equals(dto.path)).map(dto -> dto.serviceId).collect(Collectors.toList());
    }
}
