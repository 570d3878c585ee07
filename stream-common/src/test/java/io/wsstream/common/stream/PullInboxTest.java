package io.wsstream.common.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

import io.wsstream.api.Message;
import io.wsstream.common.codec.JsonCodec;
import io.wsstream.common.codec.ReceivedMessage;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The reads a pull inbox asks the network for: never more than the subscriber requested, one at a time. */
class PullInboxTest {
    private final JsonCodec codec = new JsonCodec();
    /** The subscriber's calls, run when the test says: a signal task that has not run yet is a race window. */
    private final ManualExecutor signals = new ManualExecutor();
    private final AtomicInteger reads = new AtomicInteger();
    private final List<String> received = new ArrayList<>();
    private PullInbox inbox;
    private Flow.Subscription subscription;

    @BeforeEach
    void subscribe() {
        inbox = new PullInbox(signals, reads::incrementAndGet, () -> {});
        inbox.subscribe(new Flow.Subscriber<Message>() {
            @Override
            public void onSubscribe(Flow.Subscription given) {
                subscription = given;
            }

            @Override
            public void onNext(Message message) {
                received.add(message.text());
            }

            @Override
            public void onError(Throwable failure) {}

            @Override
            public void onComplete() {}
        });
        signals.runAll();
    }

    @Test
    void aDeliveredMessageUsesItsDemandBeforeItsSignalRuns() {
        subscription.request(1);
        assertEquals(1, reads.get());
        inbox.deliver(text("one"));
        subscription.request(1);
        assertEquals(2, reads.get(), "the second request reads the second message");
        inbox.deliver(text("two"));
        signals.runAll();
        assertEquals(List.of("one", "two"), received);
        assertEquals(2, reads.get(), "two requested, two read: the first signal must not read a third");
        assertFalse(inbox.readOutstanding());
    }

    @Test
    void closingWithAReadOutstandingIssuesNoSecondRead() {
        subscription.request(1);
        assertTrue(inbox.readOutstanding());
        inbox.drainForClose();
        assertEquals(1, reads.get(), "one read at a time");
        inbox.deliver(text("after our close"));
        assertEquals(2, reads.get(), "after our close frame, reading goes on until the peer's");
        signals.runAll();
        assertEquals(List.of(), received, "data after our close frame is discarded");
    }

    @Test
    void closingWhilePausedReadsThePeersCloseFrame() {
        inbox.drainForClose();
        assertEquals(1, reads.get(), "a paused consumer has no read outstanding; the close frame must be read");
    }

    private ReceivedMessage text(String text) {
        return ReceivedMessage.text(codec, text);
    }

    private static final class ManualExecutor implements Executor {
        private final Queue<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        void runAll() {
            Runnable task;
            while ((task = tasks.poll()) != null) {
                task.run();
            }
        }
    }
}
