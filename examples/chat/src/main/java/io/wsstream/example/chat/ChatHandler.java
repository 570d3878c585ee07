package io.wsstream.example.chat;

import java.util.List;

import io.wsstream.api.Message;
import io.wsstream.api.MessageFormatException;
import io.wsstream.api.StreamHandler;
import io.wsstream.api.StreamManager;
import io.wsstream.api.WebsocketServerStream;
import io.wsstream.api.cluster.StreamCluster;
import io.wsstream.api.propertytypes.WsstreamPath;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Serves {@code /chat}: a chat room. A client sends {@code {"name":"alice","text":"hi"}}; everyone on
 * the path, the sender included, receives {@code {"type":"message","name":"alice","text":"hi","online":2}}.
 * Everyone also hears who joins and who leaves ({@code "type":"join"} and {@code "leave"}).
 *
 * <p>A client may give its name when it connects, {@code ws://127.0.0.1:8765/chat?name=alice}, and
 * may change it with any message. The name is kept in the stream's attributes, so that the leave
 * notice can tell who left.
 *
 * <p>A message that is not such JSON is answered with {@code {"type":"error",...}} to its sender only.
 * (Had the {@link MessageFormatException} been left to escape, wsstream would have closed that stream
 * with 1007.)
 *
 * <p>In a cluster (the cluster bundle configured on every node), the room spans the nodes: two clients on two
 * nodes behind a load balancer see each other's messages. The handler is the same; it only uses the
 * {@link StreamCluster} while one is registered, and this node's {@link StreamManager} otherwise.
 */
@Component
@WsstreamPath("/chat")
public class ChatHandler implements StreamHandler {

    /** What a client sends. */
    public record Said(String name, String text) {}

    /** What everyone on the path receives; {@code type} is {@code message}, {@code join}, {@code leave} or {@code error}. */
    public record Event(String type, String name, String text, int online) {}

    private static final String NAME = "name";
    private static final String EXPECTED = "expected JSON with a name and a text";
    private static final int MAX_NAME_LENGTH = 32;

    @Reference
    private StreamManager streams;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile StreamCluster cluster;

    @Override
    public void onOpen(WebsocketServerStream stream) {
        List<String> asked = stream.info().queryParameters().getOrDefault(NAME, List.of());
        String name = nameOr(asked.isEmpty() ? null : asked.get(0), "guest-" + stream.id().substring(0, 4));
        stream.attributes().put(NAME, name);
        announce(stream.path(), "join", name, name + " joined");
    }

    @Override
    public void onMessage(WebsocketServerStream stream, Message message) {
        Said said = said(message);
        if (said == null || said.text() == null || said.text().isBlank()) {
            stream.send(new Event("error", null, EXPECTED, online(stream.path())));
            return;
        }
        String name = nameOr(said.name(), (String) stream.attributes().get(NAME));
        stream.attributes().put(NAME, name);
        announce(stream.path(), "message", name, said.text());
    }

    @Override
    public void onClose(WebsocketServerStream stream, int code, String reason) {
        // The stream has left the StreamManager already: the notice goes to the others only.
        String name = (String) stream.attributes().get(NAME);
        announce(stream.path(), "leave", name, name + " left");
    }

    /** @return the message as JSON, or {@code null} when it is binary or not JSON */
    private static Said said(Message message) {
        if (!message.isText()) {
            return null;
        }
        try {
            return message.as(Said.class);
        } catch (MessageFormatException notJson) {
            return null; // left uncaught, it would close the stream with 1007
        }
    }

    /** Sends to every stream on the path (on every node, in a cluster); the event is encoded to JSON once. */
    private void announce(String path, String type, String name, String text) {
        Event event = new Event(type, name, text, online(path));
        StreamCluster room = cluster;
        if (room != null) {
            room.broadcast(path, event);
        } else {
            streams.broadcast(path, event);
        }
    }

    private int online(String path) {
        StreamCluster room = cluster;
        return room != null ? room.streams(path).size() : streams.streams(path).size();
    }

    private static String nameOr(String asked, String fallback) {
        if (asked == null || asked.isBlank()) {
            return fallback;
        }
        String name = asked.strip();
        return name.length() <= MAX_NAME_LENGTH ? name : name.substring(0, MAX_NAME_LENGTH);
    }
}
