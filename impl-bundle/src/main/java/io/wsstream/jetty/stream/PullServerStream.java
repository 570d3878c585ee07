package io.wsstream.jetty.stream;

import java.security.Principal;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

import io.wsstream.api.Message;
import io.wsstream.api.WebsocketServerPullStream;
import io.wsstream.common.stream.PullInbox;
import io.wsstream.common.stream.ReceiveSubscriber;

/**
 * A stream of a pull endpoint: no handler calls; the program reads its messages. Its own type, so that a
 * stream served by a handler has no pull methods that could only fail.
 */
public final class PullServerStream extends ServerStream implements WebsocketServerPullStream {
    private ReceiveSubscriber receiver;

    PullServerStream(StreamRegistry registry, HandlerBinding binding, String path, String pathInfo, ServerSide server,
            Principal principal, Runnable releaseConnection) {
        super(registry, binding, path, pathInfo, server, principal, releaseConnection);
    }

    @Override
    public Flow.Publisher<Message> messages() {
        return inbox();
    }

    @Override
    public synchronized CompletionStage<Message> receive() {
        PullInbox pull = inbox();
        if (receiver == null) {
            if (pull.hasSubscriber()) {
                throw new IllegalStateException("messages() is subscribed: receive() is not available");
            }
            receiver = new ReceiveSubscriber(pull::closedBy);
            pull.subscribe(receiver);
        }
        return receiver.next();
    }
}
