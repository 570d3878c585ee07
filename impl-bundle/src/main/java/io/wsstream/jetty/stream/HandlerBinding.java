package io.wsstream.jetty.stream;

import io.wsstream.api.StreamHandler;

/** The handler instance a stream uses, and how to give it back when the stream ends. */
public interface HandlerBinding {
    StreamHandler handler();

    long serviceId();

    /** @return the handler's {@code wsstream.path} as registered: the path its streams' closes are counted under */
    String handlerPath();

    /** @return the code the handler's streams are closed with when it leaves ({@code wsstream.close.code}) */
    int closeCode();

    /** @return whether the handler service is still registered (served or shadowed) */
    boolean isRegistered();

    /** @return whether the handler is a pull endpoint's ({@link io.wsstream.jetty.whiteboard.PullAcceptor}): its streams are {@link PullServerStream}s */
    boolean isPull();

    /** A pull endpoint's stream opened: it takes the backlog place reserved for its handshake. */
    void pullStreamOpened(PullServerStream stream);

    /** Called once: after {@code onClose}, or when the handshake failed before the stream opened. */
    void release();
}
