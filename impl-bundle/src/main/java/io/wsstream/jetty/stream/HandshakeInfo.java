package io.wsstream.jetty.stream;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.wsstream.api.StreamInfo;
import io.wsstream.jetty.security.BearerTokens;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.websocket.core.CoreSession;

/**
 * The {@link StreamInfo} of a server stream. Headers are copied from the upgrade request's fields when first
 * asked for, and query parameters taken from the core session, which parsed them at the upgrade: most
 * handlers never look, so an idle stream does not carry a second copy.
 */
final class HandshakeInfo implements StreamInfo {
    private final CoreSession session;
    /** Jetty's immutable fields of the upgrade request. */
    private final HttpFields requestHeaders;
    /** Jetty's own objects, kept from the start: the address may not be readable once the socket closed. */
    private final InetSocketAddress remoteAddress;
    private final String subprotocol;
    private final long openedAtMillis = System.currentTimeMillis();
    private final String serverName;
    private final Principal principal;
    private volatile Map<String, List<String>> headers;
    private volatile Map<String, List<String>> queryParameters;

    /** @param principal the authenticated principal, or {@code null} */
    HandshakeInfo(CoreSession session, HttpFields requestHeaders, String serverName, Principal principal) {
        this.session = session;
        this.requestHeaders = requestHeaders;
        SocketAddress remote = session.getRemoteAddress();
        this.remoteAddress = remote instanceof InetSocketAddress ? (InetSocketAddress) remote : null;
        this.subprotocol = session.getNegotiatedSubProtocol();
        this.serverName = serverName;
        this.principal = principal;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    @Override
    public String subprotocol() {
        return subprotocol;
    }

    @Override
    public Map<String, List<String>> headers() {
        Map<String, List<String>> copied = headers;
        if (copied == null) {
            headers = copied = copyHeaders(requestHeaders);
        }
        return copied;
    }

    @Override
    public Map<String, List<String>> queryParameters() {
        Map<String, List<String>> copied = queryParameters;
        if (copied == null) {
            queryParameters = copied = copyQuery(session.getParameterMap());
        }
        return copied;
    }

    @Override
    public Instant openedAt() {
        return Instant.ofEpochMilli(openedAtMillis);
    }

    @Override
    public String serverName() {
        return serverName;
    }

    @Override
    public Optional<Principal> principal() {
        return Optional.ofNullable(principal);
    }

    private static Map<String, List<String>> copyHeaders(HttpFields fields) {
        Map<String, List<String>> headers = new TreeMap<>();
        for (HttpField field : fields) {
            String name = field.getName();
            headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(fields.getValuesList(name)));
        }
        BearerTokens.redactSubprotocols(headers);
        return Map.copyOf(headers);
    }

    private static Map<String, List<String>> copyQuery(Map<String, List<String>> parameters) {
        Map<String, List<String>> query = new TreeMap<>();
        parameters.forEach((name, values) -> query.put(name, List.copyOf(values)));
        return Map.copyOf(query);
    }
}
