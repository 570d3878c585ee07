package io.wsstream.jetty.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.wsstream.api.WebsocketConstants;
import io.wsstream.jetty.fuzz.HostileInput;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The parsers of handler service properties on any value: {@code wsstream.path} gives a pattern or a
 * reason, {@code wsstream.target} and {@code wsstream.subprotocols} a value or
 * {@link IllegalArgumentException} ({@code HandlerProperties} and {@code AuthenticatorWhiteboard} turn it
 * into an invalid handler, an ignored authenticator); matching a request path or a server never throws.
 */
class RoutingParsersFuzzTest {

    @Property
    void anyPathPropertyGivesAPatternOrAReason(@ForAll("pathValues") Object value, @ForAll("requestPaths") String requestPath) {
        PathPattern.Result result = PathPattern.parse(value);

        Optional<PathPattern> pattern = result.pattern();
        if (pattern.isEmpty()) {
            assertNotNull(result.error());
            return;
        }
        String base = pattern.get().base();
        assertTrue(pattern.get().pattern().startsWith("/"));
        assertFalse(base.contains("*") || base.contains("?") || base.contains("#") || base.contains("//"), base);
        Optional<String> pathInfo = pattern.get().match(requestPath);
        pathInfo.ifPresent(info -> {
            assertTrue(requestPath.startsWith(base), requestPath);
            assertTrue(info.isEmpty() || info.startsWith("/"), info);
            assertEquals(requestPath, base + info);
        });
    }

    @Property
    void anyTargetPropertyGivesATargetOrIllegalArgumentException(@ForAll("targetValues") Object value,
            @ForAll("serverProperties") Map<String, Object> server) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(WebsocketConstants.TARGET, value);
        ServerTarget target;
        try {
            target = ServerTarget.of(properties);
        } catch (IllegalArgumentException refused) {
            assertTrue(refused.getMessage().startsWith(WebsocketConstants.TARGET), refused.getMessage());
            return;
        }
        target.matches(server);
        assertNotNull(target.toString());
    }

    @Property
    void anySubprotocolsPropertyGivesTokensOrIllegalArgumentException(@ForAll("subprotocolValues") Object value,
            @ForAll("offers") List<String> offered) {
        List<String> spoken;
        try {
            spoken = Subprotocols.parse(value);
        } catch (IllegalArgumentException refused) {
            assertTrue(refused.getMessage().startsWith(WebsocketConstants.SUBPROTOCOLS), refused.getMessage());
            return;
        }
        for (String subprotocol : spoken) {
            assertTrue(subprotocol.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+"), subprotocol);
            assertFalse(subprotocol.startsWith(WebsocketConstants.BEARER_SUBPROTOCOL), subprotocol);
        }
        Subprotocols.choose(offered, spoken).ifPresent(chosen -> assertTrue(spoken.contains(chosen) && offered.contains(chosen)));
    }

    @Example
    void anArrayOfSubprotocolsWithANullElementIsRefused() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> Subprotocols.parse(new String[] {"chat", null}));
        assertEquals(WebsocketConstants.SUBPROTOCOLS + " must list HTTP tokens, not [chat, null]", refused.getMessage());
    }

    @Provide
    Arbitrary<Object> pathValues() {
        return Arbitraries.oneOf(HostileInput.mangled("/chat", "/devices/*", "/*", "/", "/a/b"), HostileInput.nullableStrings(),
                Arbitraries.integers(), Arbitraries.of(new String[] {"/chat"}, List.of("/chat"), Boolean.TRUE));
    }

    @Provide
    Arbitrary<String> requestPaths() {
        return Arbitraries.oneOf(HostileInput.mangled("/chat", "/devices/7/status", "/devices", "/"), HostileInput.strings());
    }

    @Provide
    Arbitrary<Object> targetValues() {
        return Arbitraries.oneOf(
                HostileInput.mangled("(wsstream.server.name=internal)", "(&(wsstream.server.secure=true)(wsstream.server.port>=8443))",
                        "(wsstream.server.name=*)", "(!(a~=b))", "(a=\\2a)"),
                HostileInput.nullableStrings(), Arbitraries.integers(), Arbitraries.of(List.of("(a=b)"), new String[] {"(a=b)"}));
    }

    @Provide
    Arbitrary<Map<String, Object>> serverProperties() {
        Arbitrary<Object> values = Arbitraries.oneOf(HostileInput.strings(), Arbitraries.integers(), Arbitraries.of(true, false));
        return Arbitraries.maps(Arbitraries.oneOf(Arbitraries.of(WebsocketConstants.SERVER_NAME, WebsocketConstants.SERVER_PORT,
                WebsocketConstants.SERVER_SECURE, "a"), HostileInput.significant()), values).ofMaxSize(4);
    }

    @Provide
    Arbitrary<Object> subprotocolValues() {
        Arbitrary<String> names = Arbitraries.oneOf(HostileInput.mangled("chat.v2", "wsstream.bearer", "mqtt"), HostileInput.nullableStrings());
        return Arbitraries.oneOf(names,
                names.list().ofMaxSize(4).map(list -> (Object) list),
                names.array(String[].class).ofMaxSize(4).map(array -> (Object) array),
                Arbitraries.integers(),
                Arbitraries.of(List.of(1, "a")));
    }

    @Provide
    Arbitrary<List<String>> offers() {
        return Arbitraries.oneOf(HostileInput.mangled("chat.v2", "chat.v1"), HostileInput.strings()).list().ofMaxSize(4);
    }
}
