package io.wsstream.jetty.whiteboard;

import io.wsstream.api.WebsocketServerPullStream;

/**
 * A pull endpoint's side of its streams: they get no handler calls; each is handed over once open and its
 * messages are pulled by the program. Known from how the endpoint's handler service is registered
 * ({@link PullEndpoints}), never by testing the handler's type.
 */
public interface PullAcceptor {
    /** @return whether one more stream may be accepted now (a handshake beyond the backlog gets 503) */
    boolean reserve();

    /** An open stream that takes a reservation made by {@link #reserve()}. */
    void accepted(WebsocketServerPullStream stream);

    /** A reservation no stream will take: the handshake failed before its stream opened. */
    void cancel();
}
