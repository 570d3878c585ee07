package io.wsstream.jetty.whiteboard;

import io.wsstream.api.StreamHandler;

import org.eclipse.jetty.server.Handler;
import org.osgi.service.component.ComponentServiceObjects;

/**
 * What a route leads to. Both kinds share one routing table (ranking, shadowing, {@code wsstream.target})
 * and one admission (host, origin, connection limit, authenticators, counters).
 *
 * <p>The upgrader contract, for bundles that do their own websocket upgrade (jakarta-bundle) without
 * seeing impl's packages or putting Jetty in the API: register a {@link Handler} service with
 * {@value #UPGRADER_PROPERTY} (naming its kind) and the usual {@code wsstream.path}, ranking and
 * {@code wsstream.target}; path templates such as {@code /rooms/{id}} are allowed. An admitted handshake
 * is handed to it; its request carries a {@link Runnable} under {@value #RELEASE_ATTRIBUTE} that gives
 * the connection-limit place back: run it when the session ends, or at once when no session was opened
 * (running it again does nothing). The authenticated {@link java.security.Principal}, if any, is under
 * {@value #PRINCIPAL_ATTRIBUTE}. The upgrader closes its own sessions when it leaves.
 *
 * <p>Its sessions are listed as streams ({@code StreamManager}, runtime DTOs, keep-alive pings) when it registers
 * them: the request also carries, under {@value #STREAM_ATTRIBUTE}, a {@code Function<Object, Runnable>}; called
 * with the websocket-core {@code CoreSession} of the session once it is open, it lists it and returns what takes it
 * out again, to be run when the session ends. Jetty's websocket-core is the one type both sides know: no type of
 * the upgrader's own API (Jakarta) reaches impl.
 *
 * <p>An upgrader that cannot serve (its endpoint is invalid, or gives no instance) may still register, with
 * the reason in {@value #FAILURE_PROPERTY} (and {@value #NOT_GETTABLE_PROPERTY}{@code =true} when no instance
 * could be had): it is never routed to, and the runtime DTOs list it as failed with that reason.
 */
public sealed interface RouteSource {
    String UPGRADER_PROPERTY = "wsstream.upgrader";
    String RELEASE_ATTRIBUTE = "io.wsstream.upgrade.release";
    String PRINCIPAL_ATTRIBUTE = "io.wsstream.upgrade.principal";
    String STREAM_ATTRIBUTE = "io.wsstream.upgrade.stream";
    String FAILURE_PROPERTY = "wsstream.upgrader.failure";
    String NOT_GETTABLE_PROPERTY = "wsstream.upgrader.notgettable";

    /**
     * A wsstream {@link StreamHandler} service: one instance per stream.
     *
     * @param pull the acceptor when the service is a pull endpoint's (its streams are pulled, not pushed to the
     *     handler), decided from its registration ({@link PullEndpoints}); {@code null} for a handler that is called
     */
    record Streams(ComponentServiceObjects<StreamHandler> instances, PullAcceptor pull) implements RouteSource {}

    /** Another bundle's upgrade, such as a Jakarta WebSocket endpoint. */
    record Upgrader(String kind, Handler handler) implements RouteSource {}
}
