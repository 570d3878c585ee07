package io.wsstream.jetty.whiteboard;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.wsstream.api.CloseCodes;
import io.wsstream.api.WebsocketConstants;
import io.wsstream.jetty.routing.HandlerInfo;
import io.wsstream.jetty.routing.PathPattern;
import io.wsstream.jetty.routing.ServerTarget;
import io.wsstream.jetty.routing.Subprotocols;

import org.osgi.framework.Constants;

/** Reads and validates a handler service's properties, once, into a {@link HandlerInfo}. */
public final class HandlerProperties {
    private HandlerProperties() {}

    /**
     * Checks properties before they are registered (the stream factory fails fast on them).
     *
     * @return why a handler with these properties would be invalid, or empty when it would be served
     */
    public static Optional<String> problemWith(Map<String, ?> properties) {
        Map<String, Object> candidate = new HashMap<>(properties);
        candidate.put(Constants.SERVICE_ID, -1L);
        return Optional.ofNullable(parse(candidate, null).invalidReason());
    }

    static <S> HandlerInfo<S> parse(Map<String, Object> properties, S source) {
        return parse(properties, source, false);
    }

    /** @param templatesAllowed whether {@code wsstream.path} may be a template ({@code /rooms/{id}}): upgraders' paths */
    static <S> HandlerInfo<S> parse(Map<String, Object> properties, S source, boolean templatesAllowed) {
        long serviceId = serviceId(properties);
        long bundleId = ((Number) properties.getOrDefault(Constants.SERVICE_BUNDLEID, -1L)).longValue();
        Object rankingValue = properties.get(Constants.SERVICE_RANKING);
        int ranking = rankingValue instanceof Integer ? (Integer) rankingValue : 0;
        Object rawPath = properties.get(WebsocketConstants.PATH);
        String pathText = rawPath == null ? null : String.valueOf(rawPath);

        PathPattern.Result path = PathPattern.parse(rawPath, templatesAllowed);
        if (path.pattern().isEmpty()) {
            return HandlerInfo.invalid(serviceId, bundleId, ranking, pathText, path.error(), source);
        }
        Object closeCodeValue = properties.getOrDefault(WebsocketConstants.CLOSE_CODE, CloseCodes.GOING_AWAY);
        Integer closeCode = closeCodeOf(closeCodeValue);
        if (closeCode == null || !CloseCodes.isSendable(closeCode)) {
            return HandlerInfo.invalid(serviceId, bundleId, ranking, pathText,
                    WebsocketConstants.CLOSE_CODE + " must be a sendable close code, not " + closeCodeValue, source);
        }
        Object graceValue = properties.getOrDefault(WebsocketConstants.CLOSE_GRACE_MILLIS, 0L);
        Long grace = graceValue instanceof Number ? (Long) ((Number) graceValue).longValue() : null;
        if (grace == null || grace < 0) {
            return HandlerInfo.invalid(serviceId, bundleId, ranking, pathText,
                    WebsocketConstants.CLOSE_GRACE_MILLIS + " must be a number of milliseconds >= 0, not " + graceValue, source);
        }
        ServerTarget target;
        try {
            target = ServerTarget.of(properties);
        } catch (IllegalArgumentException invalidTarget) {
            return HandlerInfo.invalid(serviceId, bundleId, ranking, pathText, invalidTarget.getMessage(), source);
        }
        Boolean authenticationRequired = booleanOf(properties.get(WebsocketConstants.AUTHENTICATION_REQUIRED));
        if (authenticationRequired == null) {
            return HandlerInfo.invalid(serviceId, bundleId, ranking, pathText, WebsocketConstants.AUTHENTICATION_REQUIRED
                    + " must be true or false, not " + properties.get(WebsocketConstants.AUTHENTICATION_REQUIRED), source);
        }
        List<String> subprotocols;
        try {
            subprotocols = Subprotocols.parse(properties.get(WebsocketConstants.SUBPROTOCOLS));
        } catch (IllegalArgumentException invalidSubprotocols) {
            return HandlerInfo.invalid(serviceId, bundleId, ranking, pathText, invalidSubprotocols.getMessage(), source);
        }
        return HandlerInfo.valid(serviceId, bundleId, ranking, path.pattern().get(), closeCode, grace, source)
                .withTarget(target)
                .withAuthenticationRequired(authenticationRequired)
                .withSubprotocols(subprotocols);
    }

    /** @return the boolean, {@code false} when absent, {@code null} when it is neither a Boolean nor "true"/"false" */
    private static Boolean booleanOf(Object value) {
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean) {
            return (Boolean) value;
        }
        String text = String.valueOf(value).trim();
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.valueOf(text);
        }
        return null;
    }

    static long serviceId(Map<String, Object> properties) {
        return (Long) properties.get(Constants.SERVICE_ID);
    }

    private static Integer closeCodeOf(Object value) {
        if (value instanceof Number) {
            return ((Number) value).intValue();
        }
        try {
            return Integer.valueOf(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
