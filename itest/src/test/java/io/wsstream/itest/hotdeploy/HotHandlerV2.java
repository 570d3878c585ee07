package io.wsstream.itest.hotdeploy;

import io.wsstream.api.Message;
import io.wsstream.api.StreamHandler;
import io.wsstream.api.WebsocketServerStream;

/** The second build of the hot-deployed handler: answers {@code v2 <text>}. Packaged by {@link io.wsstream.itest.HandlerJar}. */
public class HotHandlerV2 implements StreamHandler {
    @Override
    public void onMessage(WebsocketServerStream stream, Message message) {
        stream.sendText("v2 " + message.text());
    }
}
