package io.wsstream.benchmark.paxweb.other;

import javax.websocket.OnMessage;
import javax.websocket.server.ServerEndpoint;

/**
 * {@code /bench/other}: the endpoint of the bundle that the benchmark deploys and undeploys while clients echo
 * on {@code /bench/echo}; whether they notice is what it measures.
 */
@ServerEndpoint("/bench/other")
public class OtherEndpoint {

    @OnMessage
    public String onText(String text) {
        return text;
    }
}
