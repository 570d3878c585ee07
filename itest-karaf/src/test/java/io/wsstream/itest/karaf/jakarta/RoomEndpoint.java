package io.wsstream.itest.karaf.jakarta;

import jakarta.websocket.OnMessage;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;

/** An annotated Jakarta endpoint with a path parameter: answers each message with the room it was said in. */
@ServerEndpoint("/rooms/{room}")
public class RoomEndpoint {

    @OnMessage
    public String say(@PathParam("room") String room, String message) {
        return room + ": " + message;
    }
}
