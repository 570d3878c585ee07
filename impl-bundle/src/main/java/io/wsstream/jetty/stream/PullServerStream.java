package io.wsstream.jetty.stream;

import java.security.Principal;
import io.wsstream.api.CloseCodes;
import io.wsstream.api.Message;
import io.wsstream.api.WebsocketServerPullStream;
import io.wsstream.common.stream.InboxPullStream;
import io.wsstream.common.stream.PullInbox;

import org.eclipse.jetty.http.HttpFields;

/**
 * A stream of a pull endpoint: no handler calls; the program reads its messages from the stream's
 * {@link PullInbox}, whose demand is the demand passed to Jetty. Its own type, so that a stream served by a
 * handler has no pull methods that could only fail.
 */
public final class PullServerStream extends ServerStream implements WebsocketServerPullStream, InboxPullStream {
    private final PullInbox inbox;

    PullServerStream(StreamRegistry registry, HandlerBinding binding, String path, String pathInfo, ServerSide server,
            Principal principal, Runnable releaseConnection, HttpFields handshakeHeaders) {
        super(registry, binding, path, pathInfo, server, principal, releaseConnection, handshakeHeaders);
        this.inbox = new PullInbox(handlerCalls, this::demandNext, () -> close(CloseCodes.NORMAL, "consumer cancelled"));
    }

    @Override
    public PullInbox inbox() {
        return inbox;
    }

    @Override
    void opened() {
        binding.pullStreamOpened(this);
    }

    @Override
    void received(Message message) {
        inbox.deliver(message);
    }

    @Override
    void failed(Throwable cause) {
        // The program learns of it from the close that follows.
    }

    @Override
    void ended(int code, String reason) {
        inbox.close(code, reason);
        binding.release();
    }

    @Override
    void closeFrameSent() {
        // A paused consumer has no read outstanding; the peer's close frame must still be read.
        inbox.drainForClose();
    }
}
