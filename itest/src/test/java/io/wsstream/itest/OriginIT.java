package io.wsstream.itest;

import static org.junit.Assert.assertEquals;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.wsstream.api.Message;
import io.wsstream.api.StreamHandler;
import io.wsstream.api.WebsocketServerStream;
import io.wsstream.api.runtime.WebsocketServerRuntime;
import io.wsstream.api.runtime.dto.RefusalReasons;
import io.wsstream.itest.support.TestSocket;

import org.junit.Before;
import org.junit.Test;

/**
 * Cross-site websocket hijacking: a browser sends the Origin of the page that opens a websocket. By default
 * only pages of the server's own origin get in; clients that send no Origin (not browsers) always do; an
 * allow-list adds origins, and {@code *} all of them. Refusals are 403, counted, and reach no handler.
 */
public class OriginIT extends WsstreamTestSupport {
    private static final String PATH = "/origin/echo";
    private final AtomicInteger opened = new AtomicInteger();

    @Before
    public void serveCountingEcho() {
        serve(PATH, new StreamHandler() {
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

    private static int withOrigin(URI uri, String origin) {
        return TestSocket.handshakeStatus(uri, options -> options.origin(origin));
    }

    private String ownOrigin() {
        return "http://127.0.0.1:" + server.port();
    }

    @Test
    public void aClientWithoutOriginIsNoBrowserAndGetsIn() {
        TestSocket socket = connect(PATH);
        socket.sendText("no Origin header");
        assertEquals("no Origin header", socket.nextText());
    }

    @Test
    public void aPageOfTheServersOwnOriginGetsIn() {
        TestSocket socket = connect(PATH, options -> options.origin(ownOrigin()));
        socket.sendText("same origin");
        assertEquals("same origin", socket.nextText());
        assertEquals("the host name the client used counts, not only the configured address", 101,
            withOrigin(URI.create("ws://localhost:" + server.port() + PATH), "http://localhost:" + server.port()));
    }

    @Test
    public void pagesOfOtherOriginsGet403AreCountedAndReachNoHandler() {
        long refusedBefore = refusals(servers().dto("default"), RefusalReasons.ORIGIN);
        int openedBefore = opened.get();
        for (String origin : List.of("https://evil.example", "http://evil.example:" + server.port(), "http://127.0.0.1:" + (server.port() + 1),
                "https://127.0.0.1:" + server.port(), "null", "http://127.0.0.1:" + server.port() + ".evil.example")) {
            assertEquals(origin, 403, withOrigin(uri(PATH), origin));
        }
        assertEquals(refusedBefore + 6, refusals(servers().dto("default"), RefusalReasons.ORIGIN));
        assertEquals("no handler saw a refused connection", openedBefore, opened.get());
    }

    @Test
    public void theAllowListAddsOriginsAndChangesAtOnce() {
        WebsocketServerRuntime listed = servers().start("listed", Map.of("allowed.origins", new String[] {"https://app.example.com"}));
        URI target = listed.uri(PATH);
        assertEquals(101, withOrigin(target, "https://app.example.com"));
        assertEquals("default port made explicit", 101, withOrigin(target, "https://APP.example.com:443"));
        assertEquals("own origin still", 101, withOrigin(target, "http://127.0.0.1:" + listed.port()));
        assertEquals(403, withOrigin(target, "http://app.example.com"));
        assertEquals(403, withOrigin(target, "https://evil.example"));

        servers().update("listed", Map.of("allowed.origins", new String[] {"*"}));
        servers().awaitConfigurationApplied();
        assertEquals("'*' is an explicit opt-in to every origin", 101, withOrigin(target, "https://evil.example"));

        servers().update("listed", Map.of());
        servers().awaitConfigurationApplied();
        assertEquals(403, withOrigin(target, "https://app.example.com"));
    }
}
