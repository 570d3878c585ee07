package io.wsstream.benchmark.paxweb;

import java.nio.ByteBuffer;

import javax.websocket.OnMessage;
import javax.websocket.Session;
import javax.websocket.server.ServerEndpoint;

/** {@code /bench/echo}: sends every message back as it came, text as text and binary as binary. */
@ServerEndpoint("/bench/echo")
public class EchoEndpoint {

    @OnMessage
    public void onText(Session session, String text) {
        session.getAsyncRemote().sendText(text);
    }

    /** Jetty 9's JSR 356 layer hands each whole binary message over in a buffer of its own. */
    @OnMessage
    public void onBinary(Session session, ByteBuffer bytes) {
        session.getAsyncRemote().sendBinary(bytes);
    }
}
