package io.wsstream.benchmark.paxweb;

import javax.websocket.OnMessage;
import javax.websocket.Session;
import javax.websocket.server.ServerEndpoint;

/** {@code /bench/json}: decodes each message as a JSON object with Gson and sends it back encoded again. */
@ServerEndpoint("/bench/json")
public class JsonEndpoint {

    @OnMessage
    public void onText(Session session, String text) {
        session.getAsyncRemote().sendText(Json.reencode(text));
    }
}
