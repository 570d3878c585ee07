package io.wsstream.jetty.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.wsstream.api.WebsocketConstants;
import io.wsstream.jetty.fuzz.HostileInput;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The parsers of handler service properties on any value: {@code wsstream.path} gives a pattern or a
 * reason, {@code wsstream.target} and {@code wsstream.subprotocols} a value or
 * {@link IllegalArgumentException} ({@code HandlerProperties} and {@code AuthenticatorWhiteboard} turn it
 * into an invalid handler, an ignored authenticator); matching a request path or a server never throws.
 */
class RoutingParsersFuzzTest {

    @Test
    void anyPathPropertyGivesAPatternOrAReason() {
        qt().withExamples(1000).forAll(pathValues(), requestPaths()).checkAssert((value, requestPath) -> {
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
        });
    }

    @Test
    void anyTargetPropertyGivesATargetOrIllegalArgumentException() {
        qt().withExamples(1000).forAll(targetValues(), serverProperties()).checkAssert((value, server) -> {
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
        });
    }

    @Test
    void anySubprotocolsPropertyGivesTokensOrIllegalArgumentException() {
        qt().withExamples(1000).forAll(subprotocolValues(), offers()).checkAssert((value, offered) -> {
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
        });
    }

    @Test
    void anArrayOfSubprotocolsWithANullElementIsRefused() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> Subprotocols.parse(new String[] {"chat", null}));
        assertEquals(WebsocketConstants.SUBPROTOCOLS + " must list HTTP tokens, not [chat, null]", refused.getMessage());
    }

    private static Gen<Object> pathValues() {
        return Generate.oneOf(anyObject(HostileInput.mangled("/chat", "/devices/*", "/*", "/", "/a/b")), anyObject(HostileInput.nullableStrings()),
                anyObject(integers().all()), Generate.pick(List.<Object>of(new String[] {"/chat"}, List.of("/chat"), Boolean.TRUE)))
                .describedAs(HostileInput::describe);
    }

    private static Gen<String> requestPaths() {
        return Generate.oneOf(HostileInput.mangled("/chat", "/devices/7/status", "/devices", "/"), HostileInput.strings())
                .describedAs(HostileInput::describe);
    }

    private static Gen<Object> targetValues() {
        return Generate.oneOf(
                anyObject(HostileInput.mangled("(wsstream.server.name=internal)", "(&(wsstream.server.secure=true)(wsstream.server.port>=8443))",
                        "(wsstream.server.name=*)", "(!(a~=b))", "(a=\\2a)")),
                anyObject(HostileInput.nullableStrings()), anyObject(integers().all()),
                Generate.pick(List.<Object>of(List.of("(a=b)"), new String[] {"(a=b)"}))).describedAs(HostileInput::describe);
    }

    private static Gen<Map<String, Object>> serverProperties() {
        Gen<String> keys = Generate.oneOf(Generate.pick(List.of(WebsocketConstants.SERVER_NAME, WebsocketConstants.SERVER_PORT,
                WebsocketConstants.SERVER_SECURE, "a")), HostileInput.significant());
        Gen<Object> values = Generate.oneOf(anyObject(HostileInput.strings()), anyObject(integers().all()), anyObject(booleans().all()));
        return lists().of(keys.zip(values, Map::entry)).ofSizeBetween(0, 4).map(entries -> {
            Map<String, Object> server = new HashMap<>();
            entries.forEach(entry -> server.put(entry.getKey(), entry.getValue()));
            return server;
        }).describedAs(HostileInput::describe);
    }

    private static Gen<Object> subprotocolValues() {
        Gen<String> names = Generate.oneOf(HostileInput.mangled("chat.v2", "wsstream.bearer", "mqtt"), HostileInput.nullableStrings());
        Gen<List<String>> lists = lists().of(names).ofSizeBetween(0, 4);
        return Generate.oneOf(anyObject(names),
                anyObject(lists),
                lists.map(list -> (Object) list.toArray(new String[0])),
                anyObject(integers().all()),
                Generate.pick(List.<Object>of(List.of(1, "a")))).describedAs(HostileInput::describe);
    }

    private static Gen<List<String>> offers() {
        return lists().of(Generate.oneOf(HostileInput.mangled("chat.v2", "chat.v1"), HostileInput.strings())).ofSizeBetween(0, 4)
                .describedAs(HostileInput::describe);
    }

    private static Gen<Object> anyObject(Gen<?> values) {
        return values.map(value -> (Object) value);
    }
}
