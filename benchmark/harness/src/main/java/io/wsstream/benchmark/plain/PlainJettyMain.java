package io.wsstream.benchmark.plain;

import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.ToNumberPolicy;
import com.google.gson.reflect.TypeToken;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * The reference: the same three endpoints written directly against Jetty 12's websocket API, the way
 * Jetty's documentation shows it, in a JVM of its own. Argument: the port (loopback only).
 *
 * <p>The endpoint classes are public: Jetty calls them through method handles. Its settings follow wsstream's defaults where Jetty's differ (idle timeout five minutes, messages
 * up to 1 MiB), and its JSON goes through Gson configured as wsstream's codec is.
 */
public final class PlainJettyMain {
    static final Gson GSON = new GsonBuilder()
            .setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE)
            .disableHtmlEscaping()
            .serializeNulls()
            .create();
    static final Type MAP_TYPE = new TypeToken<Map<String, Object>>() {}.getType();

    private PlainJettyMain() {}

    /** Decodes a JSON object into a map and encodes it again (a {@code Map}, or Gson would pick toJson(JsonElement)). */
    static String reencode(String text) {
        Map<String, Object> decoded = GSON.fromJson(text, MAP_TYPE);
        return GSON.toJson(decoded);
    }

    public static void main(String[] args) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("plain-jetty");
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(Integer.parseInt(args[0]));
        server.addConnector(connector);
        Set<Session> broadcastSessions = ConcurrentHashMap.newKeySet();
        server.setHandler(WebSocketUpgradeHandler.from(server, container -> {
            container.setIdleTimeout(Duration.ofMinutes(5));
            container.setMaxTextMessageSize(1024 * 1024);
            container.setMaxBinaryMessageSize(1024 * 1024);
            container.addMapping("/bench/echo", (request, response, callback) -> new Echo());
            container.addMapping("/bench/json", (request, response, callback) -> new Json());
            container.addMapping("/bench/broadcast", (request, response, callback) -> new Broadcast(broadcastSessions));
        }));
        server.start();
        System.out.println("plain Jetty listening on ws://127.0.0.1:" + connector.getLocalPort() + "/");
        server.join();
    }

    /** Sends every message back; a binary one without copying (the read buffer is released when written). */
    public static final class Echo implements Session.Listener.AutoDemanding {
        private Session session;

        @Override
        public void onWebSocketOpen(Session opened) {
            session = opened;
        }

        @Override
        public void onWebSocketText(String text) {
            session.sendText(text, Callback.NOOP);
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            session.sendBinary(payload, callback);
        }
    }

    /** Decodes each message as a JSON object and sends it back encoded again. */
    public static final class Json implements Session.Listener.AutoDemanding {
        private Session session;

        @Override
        public void onWebSocketOpen(Session opened) {
            session = opened;
        }

        @Override
        public void onWebSocketText(String text) {
            session.sendText(reencode(text), Callback.NOOP);
        }
    }

    /** Decodes each message as a JSON object, encodes it once and sends it to every open session. */
    public static final class Broadcast implements Session.Listener.AutoDemanding {
        private final Set<Session> sessions;
        private Session session;

        Broadcast(Set<Session> sessions) {
            this.sessions = sessions;
        }

        @Override
        public void onWebSocketOpen(Session opened) {
            session = opened;
            sessions.add(opened);
        }

        @Override
        public void onWebSocketText(String text) {
            String encoded = reencode(text);
            for (Session target : sessions) {
                target.sendText(encoded, Callback.NOOP);
            }
        }

        @Override
        public void onWebSocketClose(int code, String reason, Callback callback) {
            sessions.remove(session);
            callback.succeed();
        }
    }
}
