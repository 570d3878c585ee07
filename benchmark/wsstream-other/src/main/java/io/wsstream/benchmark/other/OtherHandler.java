package io.wsstream.benchmark.other;

import io.wsstream.api.Message;
import io.wsstream.api.StreamHandler;
import io.wsstream.api.WebsocketServerStream;
import io.wsstream.api.propertytypes.WsstreamPath;

import org.osgi.service.component.annotations.Component;

/**
 * {@code /bench/other}: the handler of the bundle that the benchmark deploys and undeploys while clients echo
 * on {@code /bench/echo}; whether they notice is what it measures.
 */
@Component
@WsstreamPath("/bench/other")
public class OtherHandler implements StreamHandler {

    @Override
    public void onMessage(WebsocketServerStream stream, Message message) {
        stream.sendText(message.isText() ? message.text() : "binary");
    }
}
