package io.wsstream.example.echo;

import io.wsstream.api.Message;
import io.wsstream.api.StreamHandler;
import io.wsstream.api.WebsocketServerStream;
import io.wsstream.api.propertytypes.WsstreamPath;

import org.osgi.service.component.annotations.Component;

/**
 * Serves {@code /echo}: every message goes back to its sender as it came, text as text, binary as
 * binary.
 *
 * <p>That is the whole handler. {@code @Component} makes it a service of Declarative Services, which
 * registers it under the interface it implements, {@link StreamHandler}; {@code @WsstreamPath} adds the
 * service property {@code wsstream.path=/echo}. wsstream serves it for as long as the bundle is active.
 *
 * <p>Try it: {@code websocat ws://127.0.0.1:8765/echo}, or the demo page at {@code http://127.0.0.1:8765/}.
 */
@Component
@WsstreamPath("/echo")
public class EchoHandler implements StreamHandler {

    @Override
    public void onMessage(WebsocketServerStream stream, Message message) {
        if (message.isText()) {
            stream.sendText(message.text());
        } else {
            stream.sendBinary(message.bytes());
        }
    }
}
