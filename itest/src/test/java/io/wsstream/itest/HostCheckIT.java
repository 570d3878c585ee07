package io.wsstream.itest;

import static org.junit.Assert.assertEquals;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import javax.inject.Inject;

import io.wsstream.api.Message;
import io.wsstream.api.StreamHandler;
import io.wsstream.api.WebsocketServerStream;
import io.wsstream.api.runtime.WebsocketServerRuntime;
import io.wsstream.api.runtime.dto.RefusalReasons;
import io.wsstream.api.runtime.dto.ServerDTO;

import static io.wsstream.itest.GogoCommands.lineWith;
import static io.wsstream.itest.GogoCommands.run;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.Before;
import org.junit.Test;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;

/**
 * DNS rebinding: a page on {@code http://attacker.example:PORT} whose name the attacker re-points at
 * 127.0.0.1 sends {@code Host} and {@code Origin} of its own name, which the origin check alone lets in.
 * The server checks {@code Host} itself, for websockets and static pages: 403, counted, logged.
 */
public class HostCheckIT extends WsstreamTestSupport {
    private static final String PATH = "/hosts/echo";
    private final AtomicInteger opened = new AtomicInteger();

    @Inject
    private CommandProcessor commands;

    @Override
    protected Option[] additionalOptions() {
        return options(mavenBundle("org.apache.felix", "org.apache.felix.gogo.runtime").versionAsInProject());
    }

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

    /** @return the status of a websocket handshake on the server's socket with this Host and Origin ({@code null}: none) */
    private static int handshake(WebsocketServerRuntime target, String host, String origin) throws IOException {
        return request(target, "GET " + PATH + " HTTP/1.1", host, origin, "Upgrade: websocket", "Connection: Upgrade",
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13");
    }

    private static int request(WebsocketServerRuntime target, String requestLine, String host, String origin, String... more)
            throws IOException {
        List<String> lines = new ArrayList<>(List.of(requestLine, "Host: " + host));
        if (origin != null) {
            lines.add("Origin: " + origin);
        }
        lines.addAll(List.of(more));
        return RawWebsocket.request(target.uri(PATH), lines.toArray(new String[0])).status();
    }

    @Test
    public void theDefaultServerAnswersToTheLoopbackNamesOnlyAndCountsAndShowsTheRebindingHandshake() throws IOException {
        int port = server.port();
        String attacker = "attacker.example:" + port;
        long refusedBefore = refusals(servers().dto("default"), RefusalReasons.HOST);
        int openedBefore = opened.get();

        assertEquals("Host and Origin of the attacker's re-pointed name", 403, handshake(server, attacker, "http://" + attacker));
        assertEquals("without Origin too", 403, handshake(server, attacker, null));
        assertEquals("no handler saw them", openedBefore, opened.get());
        for (String host : List.of("localhost", "127.0.0.1", "[::1]")) {
            assertEquals(host, 101, handshake(server, host + ":" + port, "http://" + host + ":" + port));
            assertEquals(host + " on another port", 101, handshake(server, host + ":" + (port + 1), null));
            assertEquals(host + " without a port", 101, handshake(server, host, null));
        }

        ServerDTO after = servers().dto("default");
        assertEquals(refusedBefore + 2, refusals(after, RefusalReasons.HOST));
        long refusedInShell = Long.parseLong(lineWith(run(commands, "wsstream:servers"), "default").strip().split(" {2,}")[6]);
        assertEquals("the shell's REFUSED counts the refused hosts", after.refusals.values().stream().mapToLong(Long::longValue).sum(), refusedInShell);
    }

    @Test
    public void anAllowListAddsHostsAndStarAcceptsEveryHost() throws IOException {
        WebsocketServerRuntime listed = servers().start("listed", Map.of("allowed.hosts", new String[] {"app.example.com"}));
        assertEquals(101, handshake(listed, "app.example.com:" + listed.port(), "http://app.example.com:" + listed.port()));
        assertEquals(101, handshake(listed, "localhost:" + listed.port(), null));
        assertEquals(403, handshake(listed, "attacker.example:" + listed.port(), "http://attacker.example:" + listed.port()));

        servers().update("listed", Map.of("allowed.hosts", new String[] {"*"}));
        servers().awaitConfigurationApplied();
        assertEquals("'*' is an explicit opt-in to every host", 101,
            handshake(listed, "attacker.example:" + listed.port(), "http://attacker.example:" + listed.port()));
    }

    @Test
    public void theHostNamesOfAllowedOriginsAreAccepted() throws IOException {
        WebsocketServerRuntime proxied = servers().start("proxied", Map.of("allowed.origins", new String[] {"https://app.example.com"}));
        assertEquals(101, handshake(proxied, "app.example.com", "https://app.example.com"));
        assertEquals(403, handshake(proxied, "attacker.example", "https://app.example.com"));
    }

    @Test
    public void aServerOnEveryInterfaceWithoutAListAcceptsEveryHostAndWithAListOnlyThoseListed() throws IOException {
        WebsocketServerRuntime open = servers().start("network", Map.of("host", "0.0.0.0"));
        assertEquals("the documented default of a server on the network", 101, handshake(open, "attacker.example", null));

        servers().update("network", Map.of("host", "0.0.0.0", "allowed.hosts", new String[] {"app.example.com"}));
        servers().awaitConfigurationApplied();
        assertEquals(101, handshake(open, "app.example.com", null));
        assertEquals(403, handshake(open, "attacker.example", null));
    }

    @Test
    public void staticPagesAreProtectedToo() throws Exception {
        Bundle page = context.installBundle("memory:hosts-static-page", new ByteArrayInputStream(staticPageBundle()));
        try {
            page.start();
            await("the page is served").until(() -> request(server, "GET /hosts.html HTTP/1.1", "127.0.0.1:" + server.port(), null,
                "Connection: close"), status -> status == 200);
            long refusedBefore = refusals(servers().dto("default"), RefusalReasons.HOST);

            assertEquals(403, request(server, "GET /hosts.html HTTP/1.1", "attacker.example:" + server.port(), null, "Connection: close"));
            assertEquals("an unknown path too", 403, request(server, "GET /nothing-here HTTP/1.1", "attacker.example:" + server.port(), null,
                "Connection: close"));
            assertEquals(200, request(server, "GET /hosts.html HTTP/1.1", "localhost:" + server.port(), null, "Connection: close"));
            assertEquals(refusedBefore + 2, refusals(servers().dto("default"), RefusalReasons.HOST));
        } finally {
            uninstall(page);
        }
    }

    /** A bundle without code whose manifest says {@code Wsstream-Static: /web}, with {@code web/hosts.html}. */
    private static byte[] staticPageBundle() {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "io.wsstream.itest.hosts.page");
        main.putValue("Wsstream-Static", "/web");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            jar.putNextEntry(new JarEntry("web/hosts.html"));
            jar.write("<!doctype html><title>hosts</title>".getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void uninstall(Bundle bundle) throws BundleException {
        if (bundle.getState() != Bundle.UNINSTALLED) {
            bundle.uninstall();
        }
    }


}
