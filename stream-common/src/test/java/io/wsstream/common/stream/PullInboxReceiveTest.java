package io.wsstream.common.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

import io.wsstream.api.CloseCodes;
import io.wsstream.api.Message;
import io.wsstream.api.StreamClosedException;
import io.wsstream.common.codec.JsonCodec;
import io.wsstream.common.codec.ReceivedMessage;

import org.junit.jupiter.api.Test;

/** {@code receive()} as both stream kinds have it: one read per call, and not beside a subscriber of its own. */
class PullInboxReceiveTest {
    private final AtomicInteger reads = new AtomicInteger();
    /** Signals run at once on the calling thread: these tests do not look at races. */
    private final PullInbox inbox = new PullInbox(Runnable::run, reads::incrementAndGet, () -> {});

    @Test
    void eachReceiveReadsOneMessage() throws Exception {
        CompletableFuture<Message> first = inbox.receive().toCompletableFuture();
        assertEquals(1, reads.get());
        assertFalse(first.isDone());

        inbox.deliver(ReceivedMessage.text(new JsonCodec(), "one"));

        assertEquals("one", first.get().text());
        assertEquals(1, reads.get(), "no read before the next receive()");
        inbox.receive();
        assertEquals(2, reads.get());
    }

    @Test
    void receiveIsRefusedWhileSomeoneElseSubscribed() {
        inbox.subscribe(new Flow.Subscriber<Message>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {}

            @Override
            public void onNext(Message message) {}

            @Override
            public void onError(Throwable failure) {}

            @Override
            public void onComplete() {}
        });

        assertThrows(IllegalStateException.class, inbox::receive);
    }

    @Test
    void receiveAfterAnAbnormalCloseFailsWithItsCode() {
        inbox.close(CloseCodes.ABNORMAL, "gone");

        ExecutionException failure = assertThrows(ExecutionException.class, () -> inbox.receive().toCompletableFuture().get());

        assertTrue(failure.getCause() instanceof StreamClosedException);
        assertEquals(CloseCodes.ABNORMAL, ((StreamClosedException) failure.getCause()).code());
    }
}
