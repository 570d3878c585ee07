package io.wsstream.jetty.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.wsstream.api.WebsocketConstants;
import io.wsstream.jetty.fuzz.HostileInput;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Bearer tokens from any {@code Authorization} header and any offered subprotocols: a token or none, never an
 * exception; and a token offered as a subprotocol never stays in the headers handlers see.
 */
class BearerTokensFuzzTest {

    @Test
    void anyHandshakeGivesATokenOrNone() {
        qt().withExamples(250).forAll(authorizations(), subprotocols()).checkAssert((authorization, offered) -> {
            BearerTokens.find(authorization, offered).ifPresent(token -> assertFalse(token.isEmpty()));
            BearerTokens.offersBearerSubprotocol(offered);
        });
    }

    @Test
    void tokensOfferedAsSubprotocolsAreRedacted() {
        qt().withExamples(250).forAll(headerValues()).checkAssert(values -> {
            Map<String, List<String>> headers = new HashMap<>();
            headers.put(BearerTokens.SUBPROTOCOL_HEADER, new ArrayList<>(values));

            BearerTokens.redactSubprotocols(headers);

            for (String value : headers.getOrDefault(BearerTokens.SUBPROTOCOL_HEADER, List.of())) {
                for (String entry : BearerTokens.split(value)) {
                    String lower = entry.toLowerCase(Locale.ROOT);
                    assertFalse(lower.startsWith(WebsocketConstants.BEARER_SUBPROTOCOL_PREFIX)
                            && entry.length() > WebsocketConstants.BEARER_SUBPROTOCOL_PREFIX.length(), "token left in " + value);
                }
                assertTrue(!value.isEmpty());
            }
        });
    }

    private static Gen<String> authorizations() {
        return Generate.oneOf(HostileInput.mangled("Bearer abc.def", "bearer ", "Basic dXNlcg==", "BEARER x"), HostileInput.nullableStrings())
                .describedAs(HostileInput::describe);
    }

    private static Gen<List<String>> subprotocols() {
        return lists().of(subprotocolEntries()).ofSizeBetween(0, 4).describedAs(HostileInput::describe);
    }

    private static Gen<List<String>> headerValues() {
        Gen<String> joined = lists().of(subprotocolEntries()).ofSizeBetween(0, 3).map(list -> String.join(",", list));
        return lists().of(Generate.oneOf(subprotocolEntries(), joined)).ofSizeBetween(0, 3).describedAs(HostileInput::describe);
    }

    private static Gen<String> subprotocolEntries() {
        return Generate.oneOf(HostileInput.mangled("wsstream.bearer", "wsstream.bearer.eyJhbGciOi", "WSSTREAM.BEARER.x", "chat"),
                HostileInput.strings());
    }
}
