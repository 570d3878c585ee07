package io.wsstream.jetty.handshake;

import java.security.Principal;
import java.util.Map;
import java.util.function.Supplier;

import io.wsstream.api.authentication.AuthenticationResult;
import io.wsstream.api.authentication.HandshakeRequest;
import io.wsstream.jetty.security.Authentication;
import io.wsstream.jetty.security.AuthenticatorWhiteboard;
import io.wsstream.jetty.security.JettyHandshakeRequest;
import io.wsstream.jetty.stream.Refusal;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may open a stream on one server, decided after the protocol checks and before a handler instance is
 * taken: the origin check (403), the connection limit (503), then the authenticators (401, 403, 500, 503
 * while one is invalid). Before all of it, for every request, static pages included: the host check (403).
 * Each refusal is logged with the path, the peer and the reason.
 */
public final class Admission {
    private static final Logger LOG = LoggerFactory.getLogger(Admission.class);

    private final String serverName;
    private final Supplier<HandshakeSettings> settings;
    private final Supplier<Map<String, Object>> serverProperties;
    private final ConnectionLimit connections = new ConnectionLimit();
    private final AuthenticatorWhiteboard authenticators;

    public Admission(String serverName, Supplier<HandshakeSettings> settings, Supplier<Map<String, Object>> serverProperties,
            AuthenticatorWhiteboard authenticators) {
        this.serverName = serverName;
        this.settings = settings;
        this.serverProperties = serverProperties;
        this.authenticators = authenticators;
    }

    /** A handshake let in, with its place under the connection limit, or the answer it gets instead. */
    static final class Verdict {
        final Refusal refusal;
        final int status;
        final String message;
        final ConnectionLimit.Permit permit;
        final Principal principal;

        private Verdict(Refusal refusal, int status, String message, ConnectionLimit.Permit permit, Principal principal) {
            this.refusal = refusal;
            this.status = status;
            this.message = message;
            this.permit = permit;
            this.principal = principal;
        }

        boolean admitted() {
            return refusal == null;
        }
    }

    /**
     * What admission reads of one handshake: Jetty's request, read apart from the decisions so that they can be
     * tested without a server.
     *
     * @param decodeQuery throws when the query string does not decode
     * @param request the request as authenticators see it, made only when one is asked
     */
    record Handshake(String path, String origin, String host, boolean secure, String remoteAddress, Runnable decodeQuery,
            Supplier<HandshakeRequest> request) {
        static Handshake of(Request request, String path, String serverName) {
            return new Handshake(path, request.getHeaders().get(HttpHeader.ORIGIN), request.getHeaders().get(HttpHeader.HOST),
                    request.isSecure(), Request.getRemoteAddr(request), () -> {
                        if (request.getHttpURI().getQuery() != null) {
                            Request.extractQueryParameters(request);
                        }
                    }, () -> JettyHandshakeRequest.of(request, path, serverName));
        }
    }

    /**
     * The host check (DNS rebinding), for every request before it is routed; a refusal is logged.
     *
     * @return whether the request's {@code Host} is one this server answers to
     */
    boolean admitsHost(Request request, String path) {
        HostCheck hosts = settings.get().hosts();
        String host = request.getHeaders().get(HttpHeader.HOST);
        if (hosts.allows(host)) {
            return true;
        }
        LOG.info("server {}: refused request for {} from {}: 403 Host {} is not one this server answers to: it accepts {}", serverName,
                path, Request.getRemoteAddr(request), host, hosts.describe());
        return false;
    }

    /** @return the server's handshake settings now: a configuration change applies from the next handshake */
    HandshakeSettings settings() {
        return settings.get();
    }

    /** @return the properties of the server, as a {@code wsstream.target} filter is matched against */
    Map<String, Object> serverProperties() {
        return serverProperties.get();
    }

    /**
     * The origin check alone, for a plain HTTP request that a page may send (a request without {@code Origin} passes);
     * a refusal is logged.
     */
    boolean admitsOrigin(Request request, String path) {
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        HandshakeSettings current = settings.get();
        if (current.origins().allows(origin, request.getHeaders().get(HttpHeader.HOST), request.isSecure())) {
            return true;
        }
        LOG.info("server {}: refused request for {} from {}: 403 origin {} is not allowed: this server accepts {}", serverName, path,
                Request.getRemoteAddr(request), origin, current.origins().describe());
        return false;
    }

    /**
     * @param authenticationRequired whether the handler of the path requires a principal
     * @return the verdict; an admitted handshake holds a permit that the caller must release unless its
     *     stream takes it over
     */
    Verdict admit(Request request, String path, boolean authenticationRequired) {
        return admit(Handshake.of(request, path, serverName), authenticationRequired);
    }

    Verdict admit(Handshake handshake, boolean authenticationRequired) {
        HandshakeSettings current = settings.get();
        String origin = handshake.origin();
        String path = handshake.path();
        if (!current.origins().allows(origin, handshake.host(), handshake.secure())) {
            return refuse(handshake, Refusal.ORIGIN, Refusal.ORIGIN.status(), "origin " + origin + " is not allowed",
                    "origin " + origin + " is not allowed: this server accepts " + current.origins().describe());
        }
        ConnectionLimit.Permit permit = connections.tryAcquire(current.maxConnections());
        if (permit == null) {
            LOG.warn("server {}: {} connections, the maximum (max.connections): refusing {} from {} with 503", serverName,
                    current.maxConnections(), path, handshake.remoteAddress());
            return new Verdict(Refusal.CONNECTION_LIMIT, Refusal.CONNECTION_LIMIT.status(), "too many connections", null, null);
        }
        Authentication authentication;
        try {
            authentication = authenticate(handshake, authenticationRequired);
        } catch (Throwable malformed) {
            // e.g. a query string that does not decode: Jetty answers it; the place is given back, whatever was thrown
            permit.release();
            throw malformed;
        }
        if (authentication.isRefused()) {
            permit.release();
            return refuse(handshake, authentication);
        }
        return new Verdict(null, 0, null, permit, authentication.principal());
    }

    /**
     * The authenticators alone, for a plain HTTP request to a path that requires a principal (the scrape endpoint
     * when so configured): no origin check (the caller made it) and no place under the connection limit.
     *
     * @return the verdict, with the principal when admitted
     */
    Verdict authenticate(Request request, String path) {
        return authenticate(Handshake.of(request, path, serverName));
    }

    Verdict authenticate(Handshake handshake) {
        Authentication authentication = authenticate(handshake, true);
        return authentication.isRefused() ? refuse(handshake, authentication) : new Verdict(null, 0, null, null, authentication.principal());
    }

    private Authentication authenticate(Handshake handshake, boolean principalRequired) {
        // A query string that does not decode is refused now, whether an authenticator reads it or not.
        handshake.decodeQuery().run();
        return authenticators.authenticate(serverProperties.get(), handshake.request()).requirePrincipal(principalRequired);
    }

    private Verdict refuse(Handshake handshake, Authentication refused) {
        return refuse(handshake, refusalOf(refused.status()), refused.status(), clientMessage(refused.status()), refused.reason());
    }

    private Verdict refuse(Handshake handshake, Refusal refusal, int status, String clientMessage, String logMessage) {
        LOG.info("server {}: refused handshake for {} from {}: {} {}", serverName, handshake.path(), handshake.remoteAddress(), status,
                logMessage);
        return new Verdict(refusal, status, clientMessage, null, null);
    }

    private static Refusal refusalOf(int status) {
        switch (status) {
            case AuthenticationResult.UNAUTHORIZED:
                return Refusal.UNAUTHENTICATED;
            case AuthenticationResult.FORBIDDEN:
                return Refusal.FORBIDDEN;
            case Authentication.UNAVAILABLE:
                return Refusal.UNAVAILABLE;
            default:
                return Refusal.AUTHENTICATOR_FAILED;
        }
    }

    /** @return what the client is told: the status only, never the authenticator's reason */
    private static String clientMessage(int status) {
        switch (status) {
            case AuthenticationResult.UNAUTHORIZED:
                return "authentication required";
            case AuthenticationResult.FORBIDDEN:
                return "forbidden";
            case Authentication.UNAVAILABLE:
                return "authentication is not available on the server";
            default:
                return "authentication failed on the server";
        }
    }
}
