package io.wsstream.api;

import java.util.Collection;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/** An endpoint opened with the {@link WebsocketServerStreamFactory}. */
@ProviderType
public interface StreamEndpoint extends AutoCloseable {

    /** @return the path pattern as opened */
    String path();

    /** @return a snapshot of the endpoint's open streams */
    Collection<WebsocketServerStream> streams();

    /**
     * Pull style only: the next accepted stream. Streams accepted before this call wait in the backlog.
     *
     * @return a stage completed with the next stream, or exceptionally with {@link IllegalStateException}
     *     when the endpoint is closed first
     * @throws IllegalStateException on a push-style endpoint
     */
    CompletionStage<WebsocketServerStream> accept();

    /** Stops serving the path and closes the endpoint's streams with 1001. Idempotent. */
    @Override
    void close();
}
