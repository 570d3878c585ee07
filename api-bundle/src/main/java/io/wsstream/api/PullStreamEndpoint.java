package io.wsstream.api;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * An endpoint opened with a backlog ({@link WebsocketServerStreamFactory#open(String, int)}): the program
 * takes its streams with {@link #accept()} and reads their messages itself.
 */
@ProviderType
public interface PullStreamEndpoint extends StreamEndpoint {

    /**
     * The next accepted stream. Streams accepted before this call wait in the backlog.
     *
     * @return a stage completed with the next stream, or exceptionally with {@link IllegalStateException}
     *     when the endpoint is closed first
     */
    CompletionStage<WebsocketServerPullStream> accept();
}
