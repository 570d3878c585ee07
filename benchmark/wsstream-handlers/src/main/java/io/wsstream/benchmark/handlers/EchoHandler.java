package io.wsstream.benchmark.handlers;

import io.wsstream.api.Message;
import io.wsstream.api.StreamHandler;
import io.wsstream.api.WebsocketServerStream;
import io.wsstream.api.propertytypes.WsstreamPath;

import org.osgi.service.component.annotations.Component;

/** {@code /bench/echo}: sends every message back as it came, text as text and binary as binary. */
@Component
@WsstreamPath("/bench/echo")
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
