package com.example.echo;

import java.util.Map;

import io.wsstream.api.Message;
import io.wsstream.api.StreamHandler;
import io.wsstream.api.WebsocketServerStream;
import io.wsstream.api.propertytypes.WsstreamPath;

import org.osgi.service.component.annotations.Component;

@Component
@WsstreamPath("/echo")
public class EchoHandler implements StreamHandler {
    @Override
    public void onMessage(WebsocketServerStream stream, Message message) {
        Map<String, Object> dict = message.asMap();       // JSON -> Map, integers stay Long
        stream.send(Map.of("echo", dict, "stream", stream.id()));
    }
}
