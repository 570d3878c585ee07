package io.wsstream.benchmark.handlers;

import io.wsstream.api.Message;
import io.wsstream.api.StreamHandler;
import io.wsstream.api.StreamManager;
import io.wsstream.api.WebsocketServerStream;
import io.wsstream.api.propertytypes.WsstreamPath;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code /bench/broadcast}: a message received from any stream is decoded as a JSON object and sent to every
 * stream on the path, the sender included, through {@link StreamManager#broadcast} (encoded once).
 */
@Component
@WsstreamPath("/bench/broadcast")
public class BroadcastHandler implements StreamHandler {
    private final StreamManager streams;

    @Activate
    public BroadcastHandler(@Reference StreamManager streams) {
        this.streams = streams;
    }

    @Override
    public void onMessage(WebsocketServerStream stream, Message message) {
        streams.broadcast(stream.path(), message.asMap());
    }
}
