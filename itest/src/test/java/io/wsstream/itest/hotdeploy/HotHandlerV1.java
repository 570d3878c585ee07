package io.wsstream.itest.hotdeploy;

import io.wsstream.api.Message;
import io.wsstream.api.StreamHandler;
import io.wsstream.api.WebsocketServerStream;

/** The first build of the hot-deployed handler: answers {@code v1 <text>}. Packaged by {@link io.wsstream.itest.HandlerJar}. */
public class HotHandlerV1 implements StreamHandler {
    @Override
    public void onMessage(WebsocketServerStream stream, Message message) {
        stream.sendText("v1 " + message.text());
    }
}
