package io.wsstream.api.authentication;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.wsstream.api.WebsocketConstants;

import org.osgi.annotation.versioning.ProviderType;

/** The opening handshake of a websocket connection, as a {@link StreamAuthenticator} sees it. Immutable. */
@ProviderType
public interface HandshakeRequest {

    /** @return the requested path, without the query string, e.g. {@code /chat} */
    String path();

    /** @return the peer's address */
    InetSocketAddress remoteAddress();

    /** @return every request header as sent, names in lower case */
    Map<String, List<String>> headers();

    /**
     * @param name a header name, in any case
     * @return the first value of the header
     */
    Optional<String> header(String name);

    /** @return the decoded query parameters; see docs/security.md on why tokens do not belong in a query string */
    Map<String, List<String>> queryParameters();

    /** @return the subprotocols the client offered, in its order, token entries included */
    List<String> subprotocols();

    /**
     * @return the bearer token of the request: from {@code Authorization: Bearer <token>}, or else from an
     *     offered subprotocol {@code wsstream.bearer.<token>} ({@link WebsocketConstants#BEARER_SUBPROTOCOL_PREFIX},
     *     the way for browsers, which cannot set headers). Never from the query string.
     */
    Optional<String> bearerToken();

    /** @return the name of the server the client connected to */
    String serverName();

    /** @return whether the connection is TLS ({@code wss://}) */
    boolean isSecure();
}
