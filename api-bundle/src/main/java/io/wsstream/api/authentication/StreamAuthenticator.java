package io.wsstream.api.authentication;

import io.wsstream.api.StreamInfo;
import io.wsstream.api.WebsocketConstants;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard service: decides who a connecting client is, before any handler sees the connection.
 *
 * <p>Every handshake that passed the protocol, origin and connection-limit checks is shown to the
 * registered authenticators whose {@link WebsocketConstants#TARGET wsstream.target} matches the server
 * (all of them without the property), in {@code service.ranking} order (then lower {@code service.id}).
 * The first one that does not {@link AuthenticationResult#abstain() abstain} decides:
 * <ul>
 * <li>{@link AuthenticationResult#accept accept}: the connection goes on, with the principal in
 *     {@link StreamInfo#principal()};</li>
 * <li>{@link AuthenticationResult#refuse refuse}: the handshake is answered 401 or 403 and no handler
 *     ever sees it, whether the handler requires authentication or not.</li>
 * </ul>
 * When all abstain (or none is registered) the connection is anonymous: served by handlers that do not
 * require authentication ({@link WebsocketConstants#AUTHENTICATION_REQUIRED}), answered 401 by the others.
 *
 * <p>Threading: called on a server thread during the handshake, concurrently for different handshakes.
 * It may block (e.g. to ask an identity provider), but holds a server thread while it does. An exception
 * escaping it is logged and the handshake is answered 500.
 */
@ConsumerType
@FunctionalInterface
public interface StreamAuthenticator {

    /**
     * @param request the handshake: path, headers, query, remote address, offered subprotocols; its
     *     {@link HandshakeRequest#bearerToken()} finds a token in the usual places
     * @return the decision; never {@code null}
     */
    AuthenticationResult authenticate(HandshakeRequest request);
}
