package io.wsstream.jetty.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.wsstream.api.WebsocketConstants;
import io.wsstream.jetty.fuzz.HostileInput;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Bearer tokens from any {@code Authorization} header and any offered subprotocols: a token or none, never an
 * exception; and a token offered as a subprotocol never stays in the headers handlers see.
 */
class BearerTokensFuzzTest {

    @Property(tries = 250)
    void anyHandshakeGivesATokenOrNone(@ForAll("authorizations") String authorization, @ForAll("subprotocols") List<String> offered) {
        BearerTokens.find(authorization, offered).ifPresent(token -> assertFalse(token.isEmpty()));
        BearerTokens.offersBearerSubprotocol(offered);
    }

    @Property(tries = 250)
    void tokensOfferedAsSubprotocolsAreRedacted(@ForAll("headerValues") List<String> values) {
        Map<String, List<String>> headers = new HashMap<>();
        headers.put(BearerTokens.SUBPROTOCOL_HEADER, new ArrayList<>(values));

        BearerTokens.redactSubprotocols(headers);

        for (String value : headers.getOrDefault(BearerTokens.SUBPROTOCOL_HEADER, List.of())) {
            for (String entry : BearerTokens.split(value)) {
                String lower = entry.toLowerCase(Locale.ROOT);
                assertFalse(lower.startsWith(WebsocketConstants.BEARER_SUBPROTOCOL_PREFIX) && entry.length() > WebsocketConstants.BEARER_SUBPROTOCOL_PREFIX.length(),
                        "token left in " + value);
            }
            assertTrue(!value.isEmpty());
        }
    }

    @Provide
    Arbitrary<String> authorizations() {
        return Arbitraries.oneOf(HostileInput.mangled("Bearer abc.def", "bearer ", "Basic dXNlcg==", "BEARER x"), HostileInput.nullableStrings());
    }

    @Provide
    Arbitrary<List<String>> subprotocols() {
        return subprotocolEntries().list().ofMaxSize(4);
    }

    @Provide
    Arbitrary<List<String>> headerValues() {
        return Arbitraries.oneOf(subprotocolEntries(), subprotocolEntries().list().ofMaxSize(3).map(list -> String.join(",", list)))
                .list().ofMaxSize(3);
    }

    private static Arbitrary<String> subprotocolEntries() {
        return Arbitraries.oneOf(HostileInput.mangled("wsstream.bearer", "wsstream.bearer.eyJhbGciOi", "WSSTREAM.BEARER.x", "chat"),
                HostileInput.strings());
    }
}
