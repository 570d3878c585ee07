package io.wsstream.itest;

import static org.junit.Assert.assertEquals;

import java.net.URI;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.wsstream.api.Message;
import io.wsstream.api.StreamHandler;
import io.wsstream.api.WebsocketConstants;
import io.wsstream.api.WebsocketServerStream;
import io.wsstream.api.authentication.AuthenticationResult;
import io.wsstream.api.authentication.StreamAuthenticator;
import io.wsstream.api.runtime.WebsocketServerRuntime;
import io.wsstream.api.runtime.dto.RefusalReasons;
import io.wsstream.api.runtime.dto.ServerDTO;
import io.wsstream.itest.support.TestSocket;

import org.junit.Before;
import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.PrototypeServiceFactory;
import org.osgi.framework.ServiceRegistration;

/**
 * The connection limit (the next handshake gets 503), and a counter in the server DTO for every reason a
 * handshake is refused.
 */
public class RefusalsIT extends WsstreamTestSupport {
    private final AtomicInteger opened = new AtomicInteger();

    @Before
    public void serveCounting() {
        serve("/refuse/echo", new StreamHandler() {
            @Override
            public void onOpen(WebsocketServerStream stream) {
                opened.incrementAndGet();
            }

            @Override
            public void onMessage(WebsocketServerStream stream, Message message) {
                stream.sendText(message.text());
            }
        });
    }

    @Test
    public void theHandshakeBeyondTheLimitGets503UntilAConnectionEnds() {
        WebsocketServerRuntime limited = servers().start("limited", Map.of("max.connections", 2));
        TestSocket first = connect(limited.uri("/refuse/echo"));
        connect(limited.uri("/refuse/echo"));

        assertEquals(503, TestSocket.handshakeStatus(limited.uri("/refuse/echo")));
        assertEquals(1, refusals(servers().dto("limited"), RefusalReasons.CONNECTION_LIMIT));
        await("both streams listed", () -> servers().dto("limited").openStreams == 2);

        first.close();
        await("a place is free", () -> servers().dto("limited").openStreams == 1);
        TestSocket third = connect(limited.uri("/refuse/echo"));
        third.sendText("in");
        assertEquals("in", third.nextText());
    }

    @Test
    public void refusedHandshakesTakeNoPlace() throws Exception {
        WebsocketServerRuntime limited = servers().start("limited", Map.of("max.connections", 1));
        for (int i = 0; i < 5; i++) {
            assertEquals(403, TestSocket.handshakeStatus(limited.uri("/refuse/echo"), options -> options.origin("https://evil.example")));
            assertEquals(404, TestSocket.handshakeStatus(limited.uri("/refuse/nothing")));
        }
        RawWebsocket.HttpAnswer malformedQuery = RawWebsocket.request(limited.uri("/refuse/echo"), "GET /refuse/echo?room=%ZZ HTTP/1.1",
            "Host: 127.0.0.1:" + limited.port(), "Upgrade: websocket", "Connection: Upgrade",
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13");
        assertEquals("a query string that does not decode", 400, malformedQuery.status());
        assertEquals(101, TestSocket.handshakeStatus(limited.uri("/refuse/echo")));
        await("the closed stream gave its place back", () -> servers().dto("limited").openStreams == 0);
        TestSocket socket = connect(limited.uri("/refuse/echo"));
        socket.sendText("the one place");
        assertEquals("the one place", socket.nextText());
    }

    @Test
    public void theLimitChangesLive() {
        WebsocketServerRuntime limited = servers().start("limited", Map.of("max.connections", 1));
        connect(limited.uri("/refuse/echo"));
        assertEquals(503, TestSocket.handshakeStatus(limited.uri("/refuse/echo")));

        servers().update("limited", Map.of("max.connections", 2));
        servers().awaitConfigurationApplied();

        assertEquals(limited.port(), servers().runtime("limited").orElseThrow().port());
        connect(limited.uri("/refuse/echo")).sendText("second place");
    }

    @Test
    public void everyRefusalReasonHasItsOwnCounter() throws Exception {
        WebsocketServerRuntime counted = servers().start("counted", Map.of("max.connections", 1));
        String onCounted = "(" + WebsocketConstants.SERVER_NAME + "=counted)";
        registerService(StreamAuthenticator.class, request -> {
            if (request.header("X-Crash").isPresent()) {
                throw new IllegalStateException("deliberately broken authenticator");
            }
            return request.header("X-Ban").isPresent() ? AuthenticationResult.refuse(AuthenticationResult.FORBIDDEN, "banned")
                : AuthenticationResult.abstain();
        }, Map.of(WebsocketConstants.TARGET, onCounted));
        serve(StreamLifecycleIT.ECHO, Map.of(WebsocketConstants.PATH, "/refuse/members", WebsocketConstants.AUTHENTICATION_REQUIRED, true));
        ServiceRegistration<?> broken = unobtainable("/refuse/broken");
        awaitServed(broken);
        URI echo = counted.uri("/refuse/echo");
        int openedBefore = opened.get();

        assertEquals(404, TestSocket.handshakeStatus(counted.uri("/refuse/nothing")));
        assertEquals(426, TestSocket.httpGetStatus(URI.create("http://127.0.0.1:" + counted.port() + "/refuse/echo")));
        assertEquals(400, RawWebsocket.request(echo, "GET /refuse/echo HTTP/1.1", "Host: 127.0.0.1:" + counted.port(),
            "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 13").status());
        assertEquals(403, TestSocket.handshakeStatus(echo, options -> options.origin("https://evil.example")));
        assertEquals(401, TestSocket.handshakeStatus(counted.uri("/refuse/members")));
        assertEquals(403, TestSocket.handshakeStatus(echo, options -> options.header("X-Ban", "yes")));
        assertEquals(500, TestSocket.handshakeStatus(echo, options -> options.header("X-Crash", "yes")));
        assertEquals(503, TestSocket.handshakeStatus(counted.uri("/refuse/broken")));
        TestSocket holder = connect(echo);
        assertEquals(503, TestSocket.handshakeStatus(echo));

        // The client has its 101 a moment before the server lists the stream.
        await("the holder's stream is listed", () -> servers().dto("counted").openStreams == 1);
        ServerDTO dto = servers().dto("counted");
        assertEquals(1, dto.accepted);
        assertEquals(1, dto.openStreams);
        assertEquals(1, refusals(dto, RefusalReasons.NOT_FOUND));
        assertEquals(1, refusals(dto, RefusalReasons.UPGRADE_REQUIRED));
        assertEquals(1, refusals(dto, RefusalReasons.BAD_REQUEST));
        assertEquals(1, refusals(dto, RefusalReasons.ORIGIN));
        assertEquals(1, refusals(dto, RefusalReasons.UNAUTHENTICATED));
        assertEquals(1, refusals(dto, RefusalReasons.FORBIDDEN));
        assertEquals(1, refusals(dto, RefusalReasons.AUTHENTICATOR_FAILED));
        assertEquals(1, refusals(dto, RefusalReasons.UNAVAILABLE));
        assertEquals(1, refusals(dto, RefusalReasons.CONNECTION_LIMIT));
        assertEquals("each refusal counted once, under one reason", 9, dto.refusals.values().stream().mapToLong(Long::longValue).sum());
        await("the accepted stream reached its handler", () -> opened.get() >= openedBefore + 1);
        assertEquals("only the accepted stream reached a handler", openedBefore + 1, opened.get());
        holder.close();
    }

    /** A handler service whose instance cannot be obtained: its handshakes get 503. */
    private ServiceRegistration<?> unobtainable(String path) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(WebsocketConstants.PATH, path);
        ServiceRegistration<?> registration = context.registerService(StreamHandler.class.getName(),
            new PrototypeServiceFactory<StreamHandler>() {
                @Override
                public StreamHandler getService(Bundle bundle, ServiceRegistration<StreamHandler> reg) {
                    throw new IllegalStateException("deliberately broken factory");
                }

                @Override
                public void ungetService(Bundle bundle, ServiceRegistration<StreamHandler> reg, StreamHandler service) {}
            }, properties);
        registerCleanup(registration);
        return registration;
    }
}
