package io.wsstream.jetty.routing;

import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

import io.wsstream.api.WebsocketConstants;

import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;

/**
 * Which servers a whiteboard service is for: its {@code wsstream.target} filter, matched against each
 * server's runtime properties. {@link #ANY} when the service has no target.
 */
public final class ServerTarget {
    public static final ServerTarget ANY = new ServerTarget(null, properties -> true);

    private final String filter;
    private final Predicate<Map<String, Object>> matcher;

    private ServerTarget(String filter, Predicate<Map<String, Object>> matcher) {
        this.filter = filter;
        this.matcher = matcher;
    }

    /**
     * @param filter the filter as registered, for messages and equality
     * @param matcher tells whether a server's properties match it
     */
    public static ServerTarget of(String filter, Predicate<Map<String, Object>> matcher) {
        return new ServerTarget(filter, matcher);
    }

    /**
     * Reads the {@code wsstream.target} property of a whiteboard service (handler or authenticator).
     *
     * @return the target, {@link #ANY} when the property is absent
     * @throws IllegalArgumentException with a sentence for the DTO when it is not an LDAP filter
     */
    public static ServerTarget of(Map<String, Object> serviceProperties) {
        Object value = serviceProperties.get(WebsocketConstants.TARGET);
        if (value == null) {
            return ANY;
        }
        if (!(value instanceof String)) {
            throw new IllegalArgumentException(WebsocketConstants.TARGET + " must be a String, not " + value.getClass().getSimpleName());
        }
        try {
            // FrameworkUtil's filter implementation needs no running framework.
            Filter filter = FrameworkUtil.createFilter((String) value);
            return of((String) value, filter::matches);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(WebsocketConstants.TARGET + " is not an LDAP filter: " + value + " (" + e.getMessage() + ")");
        }
    }

    public boolean matches(Map<String, Object> serverProperties) {
        return matcher.test(serverProperties);
    }

    /** @return the filter, {@code null} for {@link #ANY} */
    public String filter() {
        return filter;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ServerTarget && Objects.equals(((ServerTarget) other).filter, filter);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(filter);
    }

    @Override
    public String toString() {
        return filter == null ? "every server" : filter;
    }
}
