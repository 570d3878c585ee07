package io.wsstream.benchmark.paxweb;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.websocket.OnClose;
import javax.websocket.OnMessage;
import javax.websocket.OnOpen;
import javax.websocket.Session;
import javax.websocket.server.ServerEndpoint;

/**
 * {@code /bench/broadcast}: a message received from any session is decoded as a JSON object, encoded once, and
 * sent to every open session on the path, the sender included.
 */
@ServerEndpoint("/bench/broadcast")
public class BroadcastEndpoint {
    private static final Set<Session> SESSIONS = ConcurrentHashMap.newKeySet();

    @OnOpen
    public void onOpen(Session session) {
        SESSIONS.add(session);
    }

    @OnClose
    public void onClose(Session session) {
        SESSIONS.remove(session);
    }

    @OnMessage
    public void onText(Session session, String text) {
        String encoded = Json.reencode(text);
        for (Session target : SESSIONS) {
            if (target.isOpen()) {
                target.getAsyncRemote().sendText(encoded);
            }
        }
    }
}
