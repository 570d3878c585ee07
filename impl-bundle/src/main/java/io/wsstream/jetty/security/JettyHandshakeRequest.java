package io.wsstream.jetty.security;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.wsstream.api.authentication.HandshakeRequest;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/** A {@link HandshakeRequest} copied from Jetty's request once, before the authenticators see it. */
public final class JettyHandshakeRequest implements HandshakeRequest {
    private final String path;
    private final InetSocketAddress remoteAddress;
    private final Map<String, List<String>> headers;
    private final Map<String, List<String>> queryParameters;
    private final List<String> subprotocols;
    private final String serverName;
    private final boolean secure;

    private JettyHandshakeRequest(String path, InetSocketAddress remoteAddress, Map<String, List<String>> headers,
            Map<String, List<String>> queryParameters, List<String> subprotocols, String serverName, boolean secure) {
        this.path = path;
        this.remoteAddress = remoteAddress;
        this.headers = headers;
        this.queryParameters = queryParameters;
        this.subprotocols = subprotocols;
        this.serverName = serverName;
        this.secure = secure;
    }

    public static JettyHandshakeRequest of(Request request, String path, String serverName) {
        Map<String, List<String>> headers = new TreeMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.computeIfAbsent(field.getName().toLowerCase(Locale.ROOT), name -> new ArrayList<>()).add(field.getValue());
        }
        headers.replaceAll((name, values) -> List.copyOf(values));
        Map<String, List<String>> query = new TreeMap<>();
        Fields fields = Request.extractQueryParameters(request);
        for (Fields.Field field : fields) {
            query.put(field.getName(), List.copyOf(field.getValues()));
        }
        List<String> offered = request.getHeaders().getValuesList(HttpHeader.SEC_WEBSOCKET_SUBPROTOCOL);
        SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
        return new JettyHandshakeRequest(path, remote instanceof InetSocketAddress ? (InetSocketAddress) remote : null,
                Collections.unmodifiableMap(headers), Collections.unmodifiableMap(query),
                List.copyOf(BearerTokens.split(offered.toArray(new String[0]))), serverName, request.isSecure());
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    @Override
    public Map<String, List<String>> headers() {
        return headers;
    }

    @Override
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    @Override
    public Map<String, List<String>> queryParameters() {
        return queryParameters;
    }

    @Override
    public List<String> subprotocols() {
        return subprotocols;
    }

    @Override
    public Optional<String> bearerToken() {
        return BearerTokens.find(header("authorization").orElse(null), subprotocols);
    }

    @Override
    public String serverName() {
        return serverName;
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public String toString() {
        return "handshake for " + path + " from " + remoteAddress + " on " + serverName;
    }
}
