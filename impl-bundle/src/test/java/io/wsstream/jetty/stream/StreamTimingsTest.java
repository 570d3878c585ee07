package io.wsstream.jetty.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.wsstream.api.Message;
import io.wsstream.api.StreamHandler;
import io.wsstream.api.WebsocketServerStream;
import io.wsstream.api.runtime.StreamTimingObserver;
import io.wsstream.common.codec.JsonCodec;
import io.wsstream.common.codec.ReceivedMessage;

import org.junit.jupiter.api.Test;

/** The timed handler call and broadcast: the handler is called either way; observers are told only while registered. */
class StreamTimingsTest {
    private final StreamTimings timings = new StreamTimings();
    private final List<Message> handled = new CopyOnWriteArrayList<>();
    private final Message message = ReceivedMessage.text(new JsonCodec(), "hello");

    /** What an observer was told, one line per call. */
    private static class Recording implements StreamTimingObserver {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public void handlerCalled(String serverName, String handlerPath, long nanos) {
            calls.add("handler " + serverName + " " + handlerPath + (nanos >= 0 ? "" : " negative"));
        }

        @Override
        public void broadcastHandedOver(String path, String handlerPath, int streams, long nanos) {
            calls.add("broadcast " + path + " " + handlerPath + " " + streams + (nanos >= 0 ? "" : " negative"));
        }
    }

    private HandlerBinding binding(StreamHandler handler) {
        return new HandlerBinding() {
            @Override
            public StreamHandler handler() {
                return handler;
            }

            @Override
            public long serviceId() {
                return 1;
            }

            @Override
            public String handlerPath() {
                return "/devices/*";
            }

            @Override
            public int closeCode() {
                return 1001;
            }

            @Override
            public boolean isRegistered() {
                return true;
            }

            @Override
            public boolean isPull() {
                return false;
            }

            @Override
            public void pullStreamOpened(PullServerStream stream) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void release() {
                // nothing held
            }
        };
    }

    private final StreamHandler recordingHandler = new StreamHandler() {
        @Override
        public void onMessage(WebsocketServerStream stream, Message received) {
            handled.add(received);
        }
    };

    @Test
    void withoutAnObserverTheHandlerIsCalledAndNothingIsTimed() {
        assertFalse(timings.observed());
        timings.onMessage(null, "default", binding(recordingHandler), message);
        assertEquals(List.of(message), handled);
    }

    @Test
    void eachObserverIsToldOnceUnderTheHandlersPathUntilItLeaves() {
        Recording first = new Recording();
        Recording second = new Recording();
        timings.addObserver(first);
        timings.addObserver(second);
        assertTrue(timings.observed());

        timings.onMessage(null, "default", binding(recordingHandler), message);
        timings.broadcastHandedOver(System.nanoTime(), "/devices/7", "/devices/*", 3);
        assertEquals(List.of(message), handled);
        assertEquals(List.of("handler default /devices/*", "broadcast /devices/7 /devices/* 3"), first.calls);
        assertEquals(first.calls, second.calls);

        timings.removeObserver(first);
        timings.onMessage(null, "default", binding(recordingHandler), message);
        assertEquals(2, first.calls.size(), "no longer told");
        assertEquals(3, second.calls.size());
        timings.removeObserver(second);
        assertFalse(timings.observed());
    }

    @Test
    void aThrowingHandlerIsTimedAndItsFailureReachesTheCaller() {
        Recording observer = new Recording();
        timings.addObserver(observer);
        IllegalStateException failure = new IllegalStateException("a handler failing on purpose");
        StreamHandler throwing = new StreamHandler() {
            @Override
            public void onMessage(WebsocketServerStream stream, Message received) {
                throw failure;
            }
        };
        assertSame(failure, assertThrows(IllegalStateException.class, () -> timings.onMessage(null, "default", binding(throwing), message)));
        assertEquals(List.of("handler default /devices/*"), observer.calls);
    }

    @Test
    void aThrowingObserverDisturbsNeitherTheStreamNorTheOtherObservers() {
        StreamTimingObserver throwing = new Recording() {
            @Override
            public void handlerCalled(String serverName, String handlerPath, long nanos) {
                throw new IllegalStateException("an observer failing on purpose");
            }
        };
        Recording after = new Recording();
        timings.addObserver(throwing);
        timings.addObserver(after);

        timings.onMessage(null, "default", binding(recordingHandler), message);
        timings.onMessage(null, "default", binding(recordingHandler), message);
        assertEquals(2, handled.size());
        assertEquals(2, after.calls.size());
    }
}
