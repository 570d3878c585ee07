package io.wsstream.itest;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;

import io.wsstream.api.Message;
import io.wsstream.api.StreamHandler;
import io.wsstream.api.WebsocketConstants;
import io.wsstream.api.WebsocketServerStream;
import io.wsstream.api.runtime.dto.DTOConstants;
import io.wsstream.api.runtime.dto.FailedHandlerDTO;
import io.wsstream.api.runtime.dto.HandlerDTO;
import io.wsstream.itest.support.TestSocket;

import org.junit.Before;
import org.junit.Test;
import org.osgi.framework.ServiceRegistration;

/**
 * Subprotocol negotiation per handler ({@code wsstream.subprotocols}): the server accepts the client's first
 * offer the handler speaks, and tells the handler which; no match means no subprotocol, as RFC 6455 says.
 */
public class SubprotocolIT extends WsstreamTestSupport {
    private ServiceRegistration<StreamHandler> chat;

    /** Says which subprotocol its stream agreed on, or "none". */
    private static StreamHandler agreedSubprotocol() {
        return new StreamHandler() {
            @Override
            public void onOpen(WebsocketServerStream stream) {
                String agreed = stream.info().subprotocol();
                stream.sendText(agreed == null ? "none" : agreed);
            }

            @Override
            public void onMessage(WebsocketServerStream stream, Message message) {}
        };
    }

    @Before
    public void serveChat() {
        chat = serve(agreedSubprotocol(), Map.of(WebsocketConstants.PATH, "/sub/chat",
            WebsocketConstants.SUBPROTOCOLS, new String[] {"chat.v2", "chat.v1"}));
    }

    @Test
    public void theClientsFirstOfferThatTheHandlerSpeaksIsAgreed() {
        TestSocket socket = connect("/sub/chat", options -> options.subprotocols("chat.v3", "chat.v1", "chat.v2"));
        assertEquals("chat.v1", socket.subprotocol());
        assertEquals("chat.v1", socket.nextText());
    }

    @Test
    public void noCommonSubprotocolMeansNoneAndTheConnectionStillOpens() {
        TestSocket socket = connect("/sub/chat", options -> options.subprotocols("mqtt"));
        assertEquals("", socket.subprotocol());
        assertEquals("none", socket.nextText());

        TestSocket plain = connect("/sub/chat");
        assertEquals("", plain.subprotocol());
        assertEquals("none", plain.nextText());
    }

    @Test
    public void aBrowserWithATokenGetsTheHandlersSubprotocolWhenItOffersOne() {
        TestSocket socket = connect("/sub/chat", options -> options.subprotocols(WebsocketConstants.BEARER_SUBPROTOCOL,
            WebsocketConstants.BEARER_SUBPROTOCOL_PREFIX + "some-token", "chat.v2"));
        assertEquals("chat.v2", socket.subprotocol());
        assertEquals("chat.v2", socket.nextText());
    }

    @Test
    public void aHandlerWithoutSubprotocolsAgreesOnNone() {
        serve("/sub/plain", agreedSubprotocol());
        TestSocket socket = connect("/sub/plain", options -> options.subprotocols("chat.v1"));
        assertEquals("", socket.subprotocol());
        assertEquals("none", socket.nextText());
    }

    @Test
    public void theRuntimeListsTheSubprotocolsAndRefusesInvalidOnes() {
        HandlerDTO served = awaitServed(chat);
        assertArrayEquals(new String[] {"chat.v2", "chat.v1"}, served.subprotocols);

        ServiceRegistration<StreamHandler> spaces = register(agreedSubprotocol(), Map.of(WebsocketConstants.PATH, "/sub/bad",
            WebsocketConstants.SUBPROTOCOLS, "chat v1"));
        ServiceRegistration<StreamHandler> reserved = register(agreedSubprotocol(), Map.of(WebsocketConstants.PATH, "/sub/reserved",
            WebsocketConstants.SUBPROTOCOLS, WebsocketConstants.BEARER_SUBPROTOCOL));
        ServiceRegistration<StreamHandler> nullElement = register(agreedSubprotocol(), Map.of(WebsocketConstants.PATH, "/sub/null",
            WebsocketConstants.SUBPROTOCOLS, new String[] {"chat.v1", null}));
        for (ServiceRegistration<StreamHandler> invalid : List.of(spaces, reserved, nullElement)) {
            FailedHandlerDTO failure = awaitFailed(invalid);
            assertEquals(DTOConstants.FAILURE_REASON_VALIDATION_FAILED, failure.failureReason);
            assertTrue(failure.failureMessage, failure.failureMessage.contains(WebsocketConstants.SUBPROTOCOLS));
        }
        assertEquals(404, handshakeStatus("/sub/bad"));
    }
}
