package io.wsstream.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.wsstream.api.StreamListener;
import io.wsstream.api.WebsocketServerStream;
import io.wsstream.itest.support.TestSocket;

import org.junit.Test;

/**
 * The {@link StreamListener} whiteboard: a listener service hears of every stream opening (already listed by the
 * manager) and closing (no longer listed), once each; a listener that throws disturbs neither the stream nor the
 * other listeners.
 */
public class StreamListenerIT extends WsstreamTestSupport {

    /** Records "opened <id>" / "closed <id>", and whether the manager listed the stream at that moment. */
    private final class Recorder implements StreamListener {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void opened(WebsocketServerStream stream) {
            events.add("opened " + stream.id() + " listed=" + streams.stream(stream.id()).isPresent());
        }

        @Override
        public void closed(WebsocketServerStream stream) {
            events.add("closed " + stream.id() + " listed=" + streams.stream(stream.id()).isPresent());
        }
    }

    @Test
    public void aListenerHearsEachStreamOpenWhileListedAndCloseOnceAfterItLeft() {
        serve("/listened", (stream, message) -> stream.sendText(message.text()));
        Recorder recorder = new Recorder();
        registerService(StreamListener.class, recorder, Map.of());

        TestSocket socket = connect("/listened");
        await("the stream listed", () -> !streams.streams("/listened").isEmpty());
        String id = streams.streams("/listened").iterator().next().id();
        await("the opening heard", () -> recorder.events.size() == 1);
        assertEquals("opened " + id + " listed=true", recorder.events.get(0));

        socket.close();
        await("the closing heard", () -> recorder.events.size() == 2);
        assertEquals(List.of("opened " + id + " listed=true", "closed " + id + " listed=false"), recorder.events);
    }

    @Test
    public void aThrowingListenerDisturbsNeitherTheStreamNorTheOtherListeners() {
        serve("/listened", (stream, message) -> stream.sendText(message.text()));
        registerService(StreamListener.class, new StreamListener() {
            @Override
            public void opened(WebsocketServerStream stream) {
                throw new IllegalStateException("listener broken on purpose");
            }

            @Override
            public void closed(WebsocketServerStream stream) {
                throw new IllegalStateException("listener broken on purpose");
            }
        }, Map.of("service.ranking", 10));
        Recorder recorder = new Recorder();
        registerService(StreamListener.class, recorder, Map.of());

        TestSocket socket = connect("/listened");
        socket.sendText("still served");
        assertEquals("still served", socket.nextText());
        assertTrue(recorder.events.get(0), recorder.events.get(0).startsWith("opened "));
        socket.close();
        await("the closing heard despite the broken listener", () -> recorder.events.size() == 2);
    }
}
