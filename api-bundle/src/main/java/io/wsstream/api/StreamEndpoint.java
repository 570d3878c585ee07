package io.wsstream.api;

import java.util.Collection;

import org.osgi.annotation.versioning.ProviderType;

/**
 * An endpoint opened with the {@link WebsocketServerStreamFactory}. Opened with a {@link StreamHandler}
 * (push), its streams' messages go to the handler; opened with a backlog it is a {@link PullStreamEndpoint}.
 */
@ProviderType
public interface StreamEndpoint extends AutoCloseable {

    /** @return the path pattern as opened */
    String path();

    /** @return a snapshot of the endpoint's open streams */
    Collection<WebsocketServerStream> streams();

    /** Stops serving the path and closes the endpoint's streams with 1001. Idempotent. */
    @Override
    void close();
}
