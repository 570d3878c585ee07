package io.wsstream.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.wsstream.api.Message;
import io.wsstream.api.StreamHandler;
import io.wsstream.api.WebsocketConstants;
import io.wsstream.api.WebsocketServerStream;
import io.wsstream.api.authentication.AuthenticationResult;
import io.wsstream.api.authentication.HandshakeRequest;
import io.wsstream.api.authentication.StreamAuthenticator;
import io.wsstream.api.runtime.WebsocketServerRuntime;
import io.wsstream.api.runtime.dto.RefusalReasons;
import io.wsstream.api.runtime.dto.ServerDTO;
import io.wsstream.itest.support.TestSocket;

import org.junit.Before;
import org.junit.Test;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

/**
 * The authentication whiteboard: a {@link StreamAuthenticator} sees each handshake and accepts it with a
 * principal or refuses it with 401/403 before any handler sees it; handlers can require a principal; a
 * browser sends its token as a subprotocol.
 */
public class AuthenticationIT extends WsstreamTestSupport {
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicReference<HandshakeRequest> lastRequest = new AtomicReference<>();
    private ServiceRegistration<StreamAuthenticator> tokenAuthenticator;

    /** Tokens: alice-token accepts, banned-token is 403, any other Bearer token 401, no token abstains. */
    private final StreamAuthenticator tokens = request -> {
        lastRequest.set(request);
        return request.bearerToken().map(token -> {
            switch (token) {
                case "alice-token":
                    return AuthenticationResult.accept(() -> "alice");
                case "banned-token":
                    return AuthenticationResult.refuse(AuthenticationResult.FORBIDDEN, "alice's evil twin");
                default:
                    return AuthenticationResult.refuse(AuthenticationResult.UNAUTHORIZED, "unknown token");
            }
        }).orElse(AuthenticationResult.abstain());
    };

    /** Tells who connected: the principal's name or "anonymous", the subprotocol header handlers see. */
    private StreamHandler whoAmI() {
        return new StreamHandler() {
            @Override
            public void onOpen(WebsocketServerStream stream) {
                opened.incrementAndGet();
                stream.sendText(stream.info().principal().map(p -> p.getName()).orElse("anonymous"));
                stream.sendText(String.valueOf(stream.info().headers().get("sec-websocket-protocol")));
            }

            @Override
            public void onMessage(WebsocketServerStream stream, Message message) {}
        };
    }

    @Before
    public void serveWithAuthenticator() {
        tokenAuthenticator = registerService(StreamAuthenticator.class, tokens, Map.of());
        serve("/auth/open", whoAmI());
        serve(whoAmI(), Map.of(WebsocketConstants.PATH, "/auth/members", WebsocketConstants.AUTHENTICATION_REQUIRED, true));
    }

    @Test
    public void anAcceptedTokenGivesThePrincipalInStreamInfo() {
        TestSocket socket = connect("/auth/members?room=7", options -> options.header("Authorization", "Bearer alice-token"));
        assertEquals("alice", socket.nextText());

        HandshakeRequest seen = lastRequest.get();
        assertEquals("/auth/members", seen.path());
        assertEquals(List.of("7"), seen.queryParameters().get("room"));
        assertEquals("Bearer alice-token", seen.header("AUTHORIZATION").orElseThrow());
        assertEquals(WebsocketConstants.DEFAULT_SERVER_NAME, seen.serverName());
        assertFalse(seen.isSecure());
        InetSocketAddress remote = seen.remoteAddress();
        assertEquals("127.0.0.1", remote.getAddress().getHostAddress());
        assertEquals("alice", streams.streams("/auth/members").iterator().next().info().principal().orElseThrow().getName());
    }

    @Test
    public void aBrowserSendsItsTokenAsASubprotocolAndGetsTheMarkerBackNeverTheToken() {
        TestSocket socket = connect("/auth/members", options -> options.subprotocols(WebsocketConstants.BEARER_SUBPROTOCOL,
            WebsocketConstants.BEARER_SUBPROTOCOL_PREFIX + "alice-token"));
        assertEquals("alice", socket.nextText());
        assertEquals("the server selects the marker, as a browser requires", WebsocketConstants.BEARER_SUBPROTOCOL, socket.subprotocol());
        assertEquals("handlers see no token in the headers", "[" + WebsocketConstants.BEARER_SUBPROTOCOL + "]", socket.nextText());
        assertEquals(List.of(WebsocketConstants.BEARER_SUBPROTOCOL, "wsstream.bearer.alice-token"), lastRequest.get().subprotocols());
    }

    @Test
    public void refusedConnectionsGet401Or403AndNeverReachAHandler() {
        ServerDTO before = servers().dto("default");
        int openedBefore = opened.get();

        TestSocket.HandshakeRefused unknown = refusal("/auth/open", "Bearer stolen-token");
        assertEquals(401, unknown.statusCode());
        assertEquals("Bearer", unknown.response().headers().firstValue("WWW-Authenticate").orElseThrow());
        assertEquals(403, refusal("/auth/open", "Bearer banned-token").statusCode());
        assertEquals("a refusal holds even where authentication is optional", 401, refusal("/auth/members", "Bearer stolen-token").statusCode());

        ServerDTO after = servers().dto("default");
        assertEquals(refusals(before, RefusalReasons.UNAUTHENTICATED) + 2, refusals(after, RefusalReasons.UNAUTHENTICATED));
        assertEquals(refusals(before, RefusalReasons.FORBIDDEN) + 1, refusals(after, RefusalReasons.FORBIDDEN));
        assertEquals("no handler saw them", openedBefore, opened.get());
    }

    @Test
    public void aHandlerThatRequiresAuthenticationRefusesAnonymousClientsWith401() {
        assertEquals(401, handshakeStatus("/auth/members"));
        TestSocket anonymous = connect("/auth/open");
        assertEquals("a handler that does not require authentication serves anonymous clients", "anonymous", anonymous.nextText());
    }

    @Test
    public void withoutAnyAuthenticatorARequiringHandlerRefusesEveryone() {
        tokenAuthenticator.unregister();
        assertEquals("fail closed", 401, handshakeStatus("/auth/members"));
        assertEquals("no one to accept the token", 401, TestSocket.handshakeStatus(uri("/auth/members"),
            options -> options.header("Authorization", "Bearer alice-token")));
        assertEquals("anonymous", connect("/auth/open").nextText());
    }

    @Test
    public void rankingDecidesWhichAuthenticatorSpeaksFirstAndTargetsChooseServers() {
        registerService(StreamAuthenticator.class, request -> AuthenticationResult.accept(() -> "vip"),
            Map.of(Constants.SERVICE_RANKING, 10, WebsocketConstants.TARGET, "(" + WebsocketConstants.SERVER_NAME + "=vip)"));
        WebsocketServerRuntime vip = servers().start("vip", Map.of());

        assertEquals("on its server, the higher-ranked authenticator decides", "vip",
            connect(vip.uri("/auth/members"), options -> options.header("Authorization", "Bearer alice-token")).nextText());
        assertEquals("elsewhere it is not asked", "alice",
            connect("/auth/members", options -> options.header("Authorization", "Bearer alice-token")).nextText());
    }

    @Test
    public void anAuthenticatorThatFailsGives500AndNoStream() {
        registerService(StreamAuthenticator.class, request -> {
            throw new IllegalStateException("identity provider down");
        }, Map.of(Constants.SERVICE_RANKING, 50));
        long before = refusals(servers().dto("default"), RefusalReasons.AUTHENTICATOR_FAILED);
        int openedBefore = opened.get();

        assertEquals(500, handshakeStatus("/auth/open"));
        assertEquals(before + 1, refusals(servers().dto("default"), RefusalReasons.AUTHENTICATOR_FAILED));
        assertEquals(openedBefore, opened.get());
    }

    @Test
    public void tokensInTheQueryStringAreNotLookedAt() {
        connect("/auth/open?access_token=alice-token");
        assertTrue(lastRequest.get().bearerToken().isEmpty());
        assertEquals(401, handshakeStatus("/auth/members?access_token=alice-token"));
    }

    private TestSocket.HandshakeRefused refusal(String path, String authorization) {
        try {
            connect(path, options -> options.header("Authorization", authorization));
            throw new AssertionError("the handshake was accepted");
        } catch (TestSocket.HandshakeRefused refused) {
            return refused;
        }
    }
}
