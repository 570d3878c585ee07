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

import org.eclipse.jetty.websocket.api.UpgradeRequest;

/** The {@link StreamInfo} of a server stream, copied from the upgrade request once. */
final class HandshakeInfo implements StreamInfo {
    private final InetSocketAddress remoteAddress;
    private final String subprotocol;
    private final Map<String, List<String>> headers;
    private final Map<String, List<String>> queryParameters;
    private final Instant openedAt;
    private final String serverName;
    private final Principal principal;

    private HandshakeInfo(InetSocketAddress remoteAddress, String subprotocol, Map<String, List<String>> headers,
            Map<String, List<String>> queryParameters, Instant openedAt, String serverName, Principal principal) {
        this.remoteAddress = remoteAddress;
        this.subprotocol = subprotocol;
        this.headers = headers;
        this.queryParameters = queryParameters;
        this.openedAt = openedAt;
        this.serverName = serverName;
        this.principal = principal;
    }

    /** @param principal the authenticated principal, or {@code null} */
    static HandshakeInfo of(UpgradeRequest request, SocketAddress remote, String subprotocol, String serverName, Principal principal) {
        Map<String, List<String>> headers = new TreeMap<>();
        request.getHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        BearerTokens.redactSubprotocols(headers);
        Map<String, List<String>> query = new TreeMap<>();
        request.getParameterMap().forEach((name, values) -> query.put(name, List.copyOf(values)));
        InetSocketAddress address = remote instanceof InetSocketAddress ? (InetSocketAddress) remote : null;
        return new HandshakeInfo(address, subprotocol, Map.copyOf(headers), Map.copyOf(query), Instant.now(), serverName, principal);
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
        return headers;
    }

    @Override
    public Map<String, List<String>> queryParameters() {
        return queryParameters;
    }

    @Override
    public Instant openedAt() {
        return openedAt;
    }

    @Override
    public String serverName() {
        return serverName;
    }

    @Override
    public Optional<Principal> principal() {
        return Optional.ofNullable(principal);
    }
}
