package io.wsstream.jetty.factory;

import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import io.wsstream.api.PullStreamEndpoint;
import io.wsstream.api.StreamHandler;
import io.wsstream.api.WebsocketServerPullStream;
import io.wsstream.jetty.stream.StreamRegistry;

import org.osgi.framework.ServiceRegistration;

/** An endpoint opened with a backlog: its streams are taken with {@link #accept()}. */
final class PullEndpoint extends Endpoint implements PullStreamEndpoint {
    private final PullEndpointHandler pull;

    PullEndpoint(String path, ServiceRegistration<StreamHandler> registration, StreamRegistry streams, PullEndpointHandler pull,
            Consumer<Endpoint> onClose) {
        super(path, registration, streams, pull, onClose);
        this.pull = pull;
    }

    @Override
    public CompletionStage<WebsocketServerPullStream> accept() {
        return pull.accept();
    }
}
