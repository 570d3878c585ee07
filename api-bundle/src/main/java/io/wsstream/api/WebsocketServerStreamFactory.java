package io.wsstream.api;

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
     * Pull style: accepted streams wait for {@link StreamEndpoint#accept()}, at most {@code backlog} of
     * them; a handshake that would exceed the backlog is refused with 503. Their messages are read with
     * {@link WebsocketStream#messages()} or {@link WebsocketStream#receive()}.
     *
     * @param backlog at least 1
     * @throws IllegalArgumentException for an invalid path or backlog
     */
    StreamEndpoint open(String path, int backlog);
}
