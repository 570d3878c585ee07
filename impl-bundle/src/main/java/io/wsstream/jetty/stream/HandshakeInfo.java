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

import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.UpgradeRequest;

/**
 * The {@link StreamInfo} of a server stream. Headers and query parameters are copied from Jetty's upgrade
 * request when first asked for: Jetty keeps its own immutable copy of the request for the session's life,
 * and most handlers never look, so an idle stream does not carry a second copy.
 */
final class HandshakeInfo implements StreamInfo {
    private final Session session;
    /** Jetty's own objects, kept from the start: the address may not be readable once the socket closed. */
    private final InetSocketAddress remoteAddress;
    private final String subprotocol;
    private final long openedAtMillis = System.currentTimeMillis();
    private final String serverName;
    private final Principal principal;
    private volatile Map<String, List<String>> headers;
    private volatile Map<String, List<String>> queryParameters;

    /** @param principal the authenticated principal, or {@code null} */
    HandshakeInfo(Session session, String serverName, Principal principal) {
        this.session = session;
        SocketAddress remote = session.getRemoteSocketAddress();
        this.remoteAddress = remote instanceof InetSocketAddress ? (InetSocketAddress) remote : null;
        this.subprotocol = session.getUpgradeResponse().getAcceptedSubProtocol();
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
            headers = copied = copyHeaders(session.getUpgradeRequest());
        }
        return copied;
    }

    @Override
    public Map<String, List<String>> queryParameters() {
        Map<String, List<String>> copied = queryParameters;
        if (copied == null) {
            queryParameters = copied = copyQuery(session.getUpgradeRequest());
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

    private static Map<String, List<String>> copyHeaders(UpgradeRequest request) {
        Map<String, List<String>> headers = new TreeMap<>();
        request.getHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        BearerTokens.redactSubprotocols(headers);
        return Map.copyOf(headers);
    }

    private static Map<String, List<String>> copyQuery(UpgradeRequest request) {
        Map<String, List<String>> query = new TreeMap<>();
        request.getParameterMap().forEach((name, values) -> query.put(name, List.copyOf(values)));
        return Map.copyOf(query);
    }
}
