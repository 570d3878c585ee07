package io.wsstream.jetty.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.wsstream.api.WebsocketConstants;

/**
 * Where a bearer token travels in a websocket handshake: the {@code Authorization} header (programs), or an
 * offered subprotocol {@code wsstream.bearer.<token>} (browsers, which cannot set headers). Never the query
 * string: it ends up in access logs, proxies and browser history.
 */
public final class BearerTokens {
    private static final String SCHEME = "bearer ";
    private static final String PREFIX = WebsocketConstants.BEARER_SUBPROTOCOL_PREFIX;
    static final String SUBPROTOCOL_HEADER = "sec-websocket-protocol";

    private BearerTokens() {}

    /** @return the token of the {@code Authorization} header, else of the subprotocols */
    static Optional<String> find(String authorization, List<String> subprotocols) {
        if (authorization != null && authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            String token = authorization.substring(SCHEME.length()).trim();
            if (!token.isEmpty()) {
                return Optional.of(token);
            }
        }
        return subprotocols.stream().filter(BearerTokens::isTokenEntry).map(entry -> entry.substring(PREFIX.length())).findFirst();
    }

    /** @return whether the client offered {@code wsstream.bearer}, the subprotocol the server then selects */
    public static boolean offersBearerSubprotocol(List<String> subprotocols) {
        return subprotocols.contains(WebsocketConstants.BEARER_SUBPROTOCOL) && subprotocols.stream().anyMatch(BearerTokens::isTokenEntry);
    }

    /** Removes token entries from the {@code sec-websocket-protocol} values of a header map (names in lower case). */
    public static void redactSubprotocols(Map<String, List<String>> headers) {
        List<String> values = headers.get(SUBPROTOCOL_HEADER);
        if (values == null) {
            return;
        }
        List<String> kept = new ArrayList<>();
        for (String value : values) {
            String cleaned = split(value).stream().filter(entry -> !isTokenEntry(entry)).collect(Collectors.joining(", "));
            if (!cleaned.isEmpty()) {
                kept.add(cleaned);
            }
        }
        if (kept.isEmpty()) {
            headers.remove(SUBPROTOCOL_HEADER);
        } else {
            headers.put(SUBPROTOCOL_HEADER, List.copyOf(kept));
        }
    }

    /** @return the comma-separated entries of header values, trimmed, empty ones dropped */
    static List<String> split(String... values) {
        List<String> entries = new ArrayList<>();
        for (String value : values) {
            for (String entry : value.split(",")) {
                String trimmed = entry.trim();
                if (!trimmed.isEmpty()) {
                    entries.add(trimmed);
                }
            }
        }
        return entries;
    }

    private static boolean isTokenEntry(String entry) {
        return entry.length() > PREFIX.length() && entry.toLowerCase(Locale.ROOT).startsWith(PREFIX);
    }
}
