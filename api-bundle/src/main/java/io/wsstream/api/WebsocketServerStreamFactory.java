package io.wsstream.api;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Opens endpoints from code, as an alternative to registering a {@link StreamHandler} service. The
 * service is bundle scoped: the endpoints a bundle opened are closed, and their streams closed with
 * 1001, when that bundle stops (or releases the service).
 *
 * <p>An endpoint takes part in the whiteboard like a handler service registered by the calling bundle:
 * it appears in the runtime DTOs and follows the same path and ranking rules.
 */
@ProviderType
public interface WebsocketServerStreamFactory {

    /**
     * Push style: serves {@code path} with the given handler.
     *
     * @param path a {@code wsstream.path} pattern, e.g. {@code /chat} or {@code /devices/*}
     * @throws IllegalArgumentException for an invalid path
     */
    StreamEndpoint open(String path, StreamHandler handler);

    /**
     * Pull style: accepted streams wait for {@link PullStreamEndpoint#accept()}, at most {@code backlog} of
     * them; a handshake that would exceed the backlog is refused with 503. Their messages are read with
     * {@link WebsocketPullStream#messages()} or {@link WebsocketPullStream#receive()}.
     *
     * @param backlog at least 1
     * @throws IllegalArgumentException for an invalid path or backlog
     */
    PullStreamEndpoint open(String path, int backlog);

    /**
     * Push style, with further properties of the endpoint's handler registration, the ones a handler
     * service would carry: {@link WebsocketConstants#TARGET}, {@link WebsocketConstants#SUBPROTOCOLS},
     * {@link WebsocketConstants#CLOSE_CODE}, {@link WebsocketConstants#CLOSE_GRACE_MILLIS},
     * {@link WebsocketConstants#AUTHENTICATION_REQUIRED}, {@code service.ranking}. The {@code path} argument
     * takes the place of any {@link WebsocketConstants#PATH} in the map.
     *
     * @throws IllegalArgumentException for an invalid path or property, with the reason
     */
    StreamEndpoint open(String path, StreamHandler handler, Map<String, ?> properties);

    /**
     * Pull style, with further properties of the endpoint's handler registration, as
     * {@link #open(String, StreamHandler, Map)} takes them.
     *
     * @throws IllegalArgumentException for an invalid path, backlog or property, with the reason
     */
    PullStreamEndpoint open(String path, int backlog, Map<String, ?> properties);
}
