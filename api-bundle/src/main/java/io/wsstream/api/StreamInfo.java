package io.wsstream.api;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.wsstream.api.authentication.StreamAuthenticator;

import org.osgi.annotation.versioning.ProviderType;

/** What the handshake of a server stream told about the peer. Immutable. */
@ProviderType
public interface StreamInfo {

    /** @return the peer's address */
    InetSocketAddress remoteAddress();

    /** @return the negotiated subprotocol, or {@code null} when none was negotiated */
    String subprotocol();

    /**
     * @return the handshake's request headers; names are lower case. A bearer token offered as a
     *     subprotocol ({@link WebsocketConstants#BEARER_SUBPROTOCOL_PREFIX}) is removed from
     *     {@code sec-websocket-protocol}.
     */
    Map<String, List<String>> headers();

    /** @return the query parameters of the request URI, decoded */
    Map<String, List<String>> queryParameters();

    /** @return when the connection was accepted */
    Instant openedAt();

    /** @return the name of the server instance that accepted the connection */
    String serverName();

    /**
     * @return the principal a {@link StreamAuthenticator} accepted the connection with; empty for a
     *     connection no authenticator claimed (possible only on handlers that do not require
     *     authentication)
     */
    Optional<Principal> principal();
}
