package io.wsstream.jetty.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.wsstream.api.TapSubscription;
import io.wsstream.api.TappedMessage;
import io.wsstream.api.TappedMessage.Direction;

import org.junit.jupiter.api.Test;

/**
 * A tap's bounded buffer, delivering on the calling thread (a direct executor) so that each step is done when
 * the call returns: what does not fit is dropped and counted, the rest arrives in order once requested.
 */
class TapTest {
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final AtomicReference<TapSubscription> subscription = new AtomicReference<>();

    private final Flow.Subscriber<TappedMessage> subscriber = new Flow.Subscriber<>() {
        @Override
        public void onSubscribe(Flow.Subscription given) {
            subscription.set((TapSubscription) given);
        }

        @Override
        public void onNext(TappedMessage message) {
            received.add(message.text());
        }

        @Override
        public void onError(Throwable failure) {
            received.add("error " + failure);
        }

        @Override
        public void onComplete() {
            received.add("complete");
        }
    };

    private static TappedMessage message(int n) {
        return new TappedMessage("s1", "/tapped", Direction.IN, "m" + n, null, Instant.now());
    }

    @Test
    void aSubscriberThatDoesNotRequestKeepsTheCapacityAndCountsTheRestAsDropped() {
        Tap tap = new Tap("/tapped", false, 4, Runnable::run);
        tap.subscribe(subscriber, () -> { });
        for (int n = 1; n <= 10; n++) {
            tap.offer(message(n));
        }
        assertEquals(List.of(), received);
        assertEquals(6, subscription.get().dropped());

        subscription.get().request(100);
        assertEquals(List.of("m1", "m2", "m3", "m4"), received);
        tap.offer(message(11));
        assertEquals(List.of("m1", "m2", "m3", "m4", "m11"), received);
        assertEquals(6, subscription.get().dropped());
    }

    @Test
    void cancellingEndsTheTapAndNothingMoreArrives() {
        Tap tap = new Tap("/tapped", false, 4, Runnable::run);
        AtomicBoolean ended = new AtomicBoolean();
        tap.subscribe(subscriber, () -> ended.set(true));
        subscription.get().request(1);
        tap.offer(message(1));
        subscription.get().cancel();
        assertTrue(ended.get());
        tap.offer(message(2));
        subscription.get().request(1);
        assertEquals(List.of("m1"), received);
    }

    @Test
    void closingDeliversWhatIsBufferedThenCompletes() {
        Tap tap = new Tap("/tapped", false, 4, Runnable::run);
        AtomicBoolean ended = new AtomicBoolean();
        tap.subscribe(subscriber, () -> ended.set(true));
        tap.offer(message(1));
        tap.close();
        assertFalse(received.contains("complete"));
        subscription.get().request(10);
        assertEquals(List.of("m1", "complete"), received);
        assertTrue(ended.get());
    }
}
