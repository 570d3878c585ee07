package com.example.hello;

import io.wsstream.api.Message;
import io.wsstream.api.StreamHandler;
import io.wsstream.api.WebsocketServerStream;
import io.wsstream.api.propertytypes.WsstreamPath;

import org.osgi.service.component.annotations.Component;

@Component
@WsstreamPath("/hello")
public class HelloHandler implements StreamHandler {
    @Override
    public void onMessage(WebsocketServerStream stream, Message message) {
        stream.sendText("hello, " + message.text());
    }
}
