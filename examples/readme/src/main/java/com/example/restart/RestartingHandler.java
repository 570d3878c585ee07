package com.example.restart;

import io.wsstream.api.CloseCodes;
import io.wsstream.api.Message;
import io.wsstream.api.StreamHandler;
import io.wsstream.api.WebsocketServerStream;
import io.wsstream.api.propertytypes.WsstreamCloseCode;
import io.wsstream.api.propertytypes.WsstreamCloseGrace;
import io.wsstream.api.propertytypes.WsstreamPath;

import org.osgi.service.component.annotations.Component;

@Component
@WsstreamPath("/quotes")
@WsstreamCloseCode(CloseCodes.SERVICE_RESTART) // when it leaves: 1012, clients reconnect
@WsstreamCloseGrace(ms = 5000)                 // after its streams had 5 s to finish
public class RestartingHandler implements StreamHandler {
    @Override
    public void onMessage(WebsocketServerStream stream, Message message) {
        stream.sendText("quote for " + message.text());
    }
}
