package io.wsstream.benchmark.handlers;

import io.wsstream.api.Message;
import io.wsstream.api.StreamHandler;
import io.wsstream.api.WebsocketServerStream;
import io.wsstream.api.propertytypes.WsstreamPath;

import org.osgi.service.component.annotations.Component;

/** {@code /bench/json}: decodes each message as a JSON object and sends it back encoded again, as a handler of the seed would. */
@Component
@WsstreamPath("/bench/json")
public class JsonHandler implements StreamHandler {

    @Override
    public void onMessage(WebsocketServerStream stream, Message message) {
        stream.send(message.asMap());
    }
}
