package io.wsstream.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.wsstream.api.CloseCodes;
import io.wsstream.api.Message;
import io.wsstream.api.StreamHandler;
import io.wsstream.api.WebsocketConstants;
import io.wsstream.api.WebsocketServerStream;
import io.wsstream.api.runtime.dto.DTOConstants;
import io.wsstream.api.runtime.dto.FailedHandlerDTO;
import io.wsstream.api.runtime.dto.RefusalReasons;
import io.wsstream.api.runtime.dto.ServerDTO;
import io.wsstream.itest.support.TestSocket;

import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.PrototypeServiceFactory;
import org.osgi.framework.ServiceRegistration;

/** The whiteboard behaves like the Servlet Whiteboard: patterns, ranking, take-over, DTOs, prototypes. */
public class WhiteboardIT extends WsstreamTestSupport {

    /** Answers each new stream with its name and the path info, so a client sees who serves it. */
    static StreamHandler named(String name) {
        return new StreamHandler() {
            @Override
            public void onOpen(WebsocketServerStream stream) {
                stream.sendText(name + " " + stream.pathInfo());
            }

            @Override
            public void onMessage(WebsocketServerStream stream, Message message) {}
        };
    }

    private String greeting(String path) {
        return connect(path).nextText();
    }

    @Test
    public void exactBeatsPrefixAndLongestPrefixWins() {
        serve("/wb/devices/*", named("devices"));
        serve("/wb/devices/special/*", named("special-prefix"));
        serve("/wb/devices/special", named("special-exact"));

        assertEquals("devices null", greeting("/wb/devices"));
        assertEquals("devices /7", greeting("/wb/devices/7"));
        assertEquals("devices /7/status", greeting("/wb/devices/7/status"));
        assertEquals("special-exact null", greeting("/wb/devices/special"));
        assertEquals("special-prefix /x", greeting("/wb/devices/special/x"));
        assertEquals(404, handshakeStatus("/wb/devicesX"));
        assertEquals(404, handshakeStatus("/wb"));
    }

    @Test
    public void higherRankingServesTheLoserIsShadowedAndTakesOverWhenTheWinnerLeaves() {
        ServiceRegistration<StreamHandler> low = serve(named("low"), Map.of(WebsocketConstants.PATH, "/wb/ranked"));
        ServiceRegistration<StreamHandler> high = register(named("high"), Map.of(WebsocketConstants.PATH, "/wb/ranked",
                Constants.SERVICE_RANKING, 5, WebsocketConstants.CLOSE_CODE, CloseCodes.SERVICE_RESTART));
        FailedHandlerDTO shadowed = awaitFailed(low);
        assertEquals(DTOConstants.FAILURE_REASON_SHADOWED, shadowed.failureReason);
        assertEquals(5, awaitServed(high).ranking);

        TestSocket onHigh = connect("/wb/ranked");
        assertEquals("high null", onHigh.nextText());

        high.unregister();

        assertEquals("the winner's streams close with the winner's close code", CloseCodes.SERVICE_RESTART, onHigh.awaitClose().code());
        assertEquals("low null", greeting("/wb/ranked"));
        assertEquals(1, awaitServed(low).openStreams);
        assertFalse(failedHandlerDTO(serviceId(low)).isPresent());
    }

    @Test
    public void equalRankingLowerServiceIdWins() {
        ServiceRegistration<StreamHandler> first = serve("/wb/tie", named("first"));
        ServiceRegistration<StreamHandler> second = register("/wb/tie", named("second"));
        assertEquals(DTOConstants.FAILURE_REASON_SHADOWED, awaitFailed(second).failureReason);
        assertTrue(serviceId(first) < serviceId(second));
        assertEquals("first null", greeting("/wb/tie"));
    }

    @Test
    public void aNewWinnerLeavesTheStreamsOfTheOldOneOpen() {
        serve("/wb/newcomer", named("old"));
        TestSocket onOld = connect("/wb/newcomer");
        assertEquals("old null", onOld.nextText());
        ServiceRegistration<StreamHandler> newcomer = register(named("new"), Map.of(WebsocketConstants.PATH, "/wb/newcomer",
                Constants.SERVICE_RANKING, 10));
        awaitServed(newcomer);
        assertEquals("new null", greeting("/wb/newcomer"));
        assertFalse(onOld.isClosed());
    }

    @Test
    public void changedPropertiesReRouteAtOnce() {
        ServiceRegistration<StreamHandler> moving = serve("/wb/before", named("mover"));
        TestSocket onBefore = connect("/wb/before");
        assertEquals("mover null", onBefore.nextText());

        Dictionary<String, Object> moved = new Hashtable<>();
        moved.put(WebsocketConstants.PATH, "/wb/after");
        moving.setProperties(moved);

        await("re-routed", () -> handlerDTO(serviceId(moving)).map(dto -> dto.path.equals("/wb/after")).orElse(false));
        assertEquals(404, handshakeStatus("/wb/before"));
        assertEquals("mover null", greeting("/wb/after"));
        assertEquals(CloseCodes.GOING_AWAY, onBefore.awaitClose().code());
    }

    @Test
    public void changingOnlyTheRankingKeepsTheStreams() {
        ServiceRegistration<StreamHandler> handler = serve("/wb/rerank", named("stays"));
        TestSocket socket = connect("/wb/rerank");
        assertEquals("stays null", socket.nextText());
        Dictionary<String, Object> reranked = new Hashtable<>();
        reranked.put(WebsocketConstants.PATH, "/wb/rerank");
        reranked.put(Constants.SERVICE_RANKING, 3);
        handler.setProperties(reranked);
        await("ranking updated", () -> handlerDTO(serviceId(handler)).map(dto -> dto.ranking == 3).orElse(false));
        assertFalse(socket.isClosed());
    }

    @Test
    public void invalidHandlersAreRefusedAndListed() {
        ServiceRegistration<StreamHandler> noPath = register(named("none"), Map.of("some.property", "x"));
        ServiceRegistration<StreamHandler> badPattern = register("/wb/*/bad", named("bad"));
        ServiceRegistration<StreamHandler> relative = register("wb/relative", named("relative"));
        Map<String, Object> badCode = new HashMap<>();
        badCode.put(WebsocketConstants.PATH, "/wb/bad-code");
        badCode.put(WebsocketConstants.CLOSE_CODE, 1006);
        ServiceRegistration<StreamHandler> unsendableCode = register(named("code"), badCode);

        for (ServiceRegistration<StreamHandler> invalid : List.of(noPath, badPattern, relative, unsendableCode)) {
            FailedHandlerDTO failure = awaitFailed(invalid);
            assertEquals(DTOConstants.FAILURE_REASON_VALIDATION_FAILED, failure.failureReason);
            assertFalse(failure.failureMessage.isEmpty());
        }
        assertEquals(404, handshakeStatus("/wb/bad-code"));
        serve("/wb/still-fine", named("fine"));
        assertEquals("fine null", greeting("/wb/still-fine"));
    }

    @Test
    public void prototypeHandlersGetAnInstancePerStreamReleasedWhenItEnds() {
        AtomicInteger created = new AtomicInteger();
        AtomicInteger released = new AtomicInteger();
        Set<Object> instances = ConcurrentHashMap.newKeySet();
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(WebsocketConstants.PATH, "/wb/prototype");
        ServiceRegistration<?> registration = context.registerService(StreamHandler.class.getName(),
                new PrototypeServiceFactory<StreamHandler>() {
                    @Override
                    public StreamHandler getService(Bundle bundle, ServiceRegistration<StreamHandler> reg) {
                        int number = created.incrementAndGet();
                        StreamHandler instance = named("instance-" + number);
                        instances.add(instance);
                        return instance;
                    }

                    @Override
                    public void ungetService(Bundle bundle, ServiceRegistration<StreamHandler> reg, StreamHandler service) {
                        assertTrue(instances.contains(service));
                        released.incrementAndGet();
                    }
                }, properties);
        try {
            awaitServed(registration);
            TestSocket a = connect("/wb/prototype");
            TestSocket b = connect("/wb/prototype");
            TestSocket c = connect("/wb/prototype");
            Set<String> greetings = Set.of(a.nextText(), b.nextText(), c.nextText());
            assertEquals("each stream has its own instance", 3, greetings.size());
            int createdWhileOpen = created.get();
            assertEquals(3, createdWhileOpen);

            a.close();
            b.close();
            c.close();
            await("every instance released", () -> released.get() == 3);
        } finally {
            registration.unregister();
        }
    }

    @Test
    public void singletonHandlersAreShared() {
        Set<Object> seen = ConcurrentHashMap.newKeySet();
        serve("/wb/singleton", new StreamHandler() {
            @Override
            public void onOpen(WebsocketServerStream stream) {
                seen.add(this);
                stream.sendText("hi");
            }

            @Override
            public void onMessage(WebsocketServerStream stream, Message message) {}
        });
        connect("/wb/singleton").nextText();
        connect("/wb/singleton").nextText();
        assertEquals(1, seen.size());
    }

    @Test
    public void aHandlerWhoseInstanceCannotBeObtainedIsRefusedWithReason2AndThe503() {
        serve("/wb/unobtainable", named("fallback"));
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(WebsocketConstants.PATH, "/wb/unobtainable");
        properties.put(Constants.SERVICE_RANKING, 100);
        ServiceRegistration<?> broken = context.registerService(StreamHandler.class.getName(),
                new PrototypeServiceFactory<StreamHandler>() {
                    @Override
                    public StreamHandler getService(Bundle bundle, ServiceRegistration<StreamHandler> reg) {
                        throw new IllegalStateException("deliberately broken factory");
                    }

                    @Override
                    public void ungetService(Bundle bundle, ServiceRegistration<StreamHandler> reg, StreamHandler service) {}
                }, properties);
        try {
            awaitServed(broken);
            assertEquals(503, handshakeStatus("/wb/unobtainable"));
            FailedHandlerDTO failure = awaitFailed(broken);
            assertEquals(DTOConstants.FAILURE_REASON_SERVICE_NOT_GETTABLE, failure.failureReason);
            assertEquals("the next handler takes over", "fallback null", greeting("/wb/unobtainable"));
        } finally {
            broken.unregister();
        }
    }

    @Test
    public void attributesKeepPerStreamState() {
        serve("/wb/counter", (stream, message) -> {
            int count = (Integer) stream.attributes().merge("count", 1, (old, one) -> (Integer) old + (Integer) one);
            stream.sendText(Integer.toString(count));
        });
        TestSocket a = connect("/wb/counter");
        TestSocket b = connect("/wb/counter");
        a.sendText("x");
        a.sendText("x");
        b.sendText("x");
        assertEquals(List.of("1", "2"), a.nextTexts(2));
        assertEquals("1", b.nextText());
    }

    @Test
    public void serverCountersCountAcceptedRefusedAndTraffic() {
        ServerDTO before = servers().dto(server.name());
        serve("/wb/counted", (stream, message) -> stream.sendText(message.text()));
        TestSocket socket = connect("/wb/counted");
        socket.sendText("12345");
        assertEquals("12345", socket.nextText());
        assertEquals(404, handshakeStatus("/wb/not-there"));
        assertEquals(426, httpGetStatus("/wb/counted"));

        ServerDTO after = servers().dto(server.name());
        assertEquals(server.port(), after.port);
        assertEquals(before.accepted + 1, after.accepted);
        assertEquals(refusals(before, RefusalReasons.NOT_FOUND) + 1, refusals(after, RefusalReasons.NOT_FOUND));
        assertEquals(refusals(before, RefusalReasons.UPGRADE_REQUIRED) + 1, refusals(after, RefusalReasons.UPGRADE_REQUIRED));
        assertTrue(after.messagesIn >= before.messagesIn + 1);
        assertTrue(after.bytesIn >= before.bytesIn + 5);
        await("the echo is counted out", () -> servers().dto(server.name()).messagesOut >= before.messagesOut + 1);
    }

    @Test
    public void servedHandlerDtoCountsOpenStreams() {
        ServiceRegistration<StreamHandler> registration = serve("/wb/dto", named("dto"));
        connect("/wb/dto").nextText();
        connect("/wb/dto").nextText();
        await("two streams in the DTO", () -> awaitServed(registration).openStreams == 2);
        assertEquals(context.getBundle().getBundleId(), awaitServed(registration).bundleId);
        assertNotEquals(0, serviceId(registration));
    }

}
