package io.wsstream.jetty.routing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import io.wsstream.api.WebsocketConstants;

/** The {@code wsstream.subprotocols} of a handler: what it accepts, and which one a handshake agrees on. */
public final class Subprotocols {
    private static final String TOKEN_SEPARATORS = "()<>@,;:\\\"/[]?={} \t";

    private Subprotocols() {}

    /**
     * @param value the property: absent, a {@code String}, a {@code String[]} or a collection of strings
     * @return the subprotocols, in the handler's order
     * @throws IllegalArgumentException with the reason the handler is invalid
     */
    public static List<String> parse(Object value) {
        if (value == null) {
            return List.of();
        }
        List<Object> entries = new ArrayList<>();
        if (value instanceof String[]) {
            // Arrays.asList, not List.of: a null element must be refused below, not throw here
            entries.addAll(Arrays.asList((Object[]) value));
        } else if (value instanceof Collection) {
            entries.addAll((Collection<?>) value);
        } else {
            entries.add(value);
        }
        List<String> subprotocols = new ArrayList<>();
        for (Object entry : entries) {
            if (!(entry instanceof String) || !isToken((String) entry)) {
                throw new IllegalArgumentException(WebsocketConstants.SUBPROTOCOLS + " must list HTTP tokens, not " + describe(value));
            }
            if (((String) entry).startsWith(WebsocketConstants.BEARER_SUBPROTOCOL)) {
                throw new IllegalArgumentException(WebsocketConstants.SUBPROTOCOLS + " may not use the reserved name "
                        + WebsocketConstants.BEARER_SUBPROTOCOL + ": " + entry);
            }
            subprotocols.add((String) entry);
        }
        return List.copyOf(subprotocols);
    }

    /**
     * @param offered the subprotocols the client offered, in its order
     * @param spoken the handler's subprotocols
     * @return the first offered subprotocol the handler speaks (the client lists its preference first)
     */
    public static Optional<String> choose(List<String> offered, List<String> spoken) {
        return offered.stream().filter(spoken::contains).findFirst();
    }

    private static boolean isToken(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= 0x20 || c >= 0x7f || TOKEN_SEPARATORS.indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static String describe(Object value) {
        return value instanceof Object[] ? Arrays.toString((Object[]) value) : String.valueOf(value);
    }
}
