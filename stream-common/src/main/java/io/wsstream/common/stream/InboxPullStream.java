package io.wsstream.common.stream;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

import io.wsstream.api.Message;
import io.wsstream.api.WebsocketPullStream;

/** The pull side that the server's pull streams and the client's streams share: their messages come from a {@link PullInbox}. */
public interface InboxPullStream extends WebsocketPullStream {
    /** @return the stream's inbox, which its connection feeds */
    PullInbox inbox();

    @Override
    default Flow.Publisher<Message> messages() {
        return inbox();
    }

    @Override
    default CompletionStage<Message> receive() {
        return inbox().receive();
    }
}
