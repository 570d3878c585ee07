package io.wsstream.jetty.stream;

/**
 * Implemented by the handler instance of a pull endpoint: its streams get no handler calls; each is
 * handed over once open and its messages are pulled by the program.
 */
public interface PullAcceptor {
    /** @return whether one more stream may be accepted now (a handshake beyond the backlog gets 503) */
    boolean reserve();

    /** An open stream that takes a reservation made by {@link #reserve()}. */
    void accepted(PullServerStream stream);

    /** A reservation no stream will take: the handshake failed before its stream opened. */
    void cancel();
}
