package io.wsstream.itest.karaf.hot;

import io.wsstream.api.Message;
import io.wsstream.api.StreamHandler;
import io.wsstream.api.WebsocketServerStream;

/**
 * The handler of the bundle the test hot-deploys into Karaf's {@code deploy/} folder: answers every text
 * message with {@code hot:<text>}.
 *
 * <p>Not loaded by the test itself: the test reads this class file and packs it into a bundle of its
 * own ({@link HotActivator}), which imports {@code io.wsstream.api} from the installed feature.
 */
public final class HotHandler implements StreamHandler {
    @Override
    public void onMessage(WebsocketServerStream stream, Message message) {
        stream.sendText("hot:" + message.text());
    }
}
