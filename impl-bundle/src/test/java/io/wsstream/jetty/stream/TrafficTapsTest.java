package io.wsstream.jetty.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.wsstream.api.TappedMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Who taps which path: a subscriber is listed while subscribed, and a cancel takes the path's cost away at once. */
class TrafficTapsTest {
    private final TrafficTaps taps = new TrafficTaps();

    @AfterEach
    void stop() {
        taps.deactivate();
    }

    /** @return the subscription, once the tap's delivery thread handed it over */
    private static Flow.Subscription subscribe(Flow.Publisher<TappedMessage> publisher) throws InterruptedException {
        AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
        CountDownLatch subscribed = new CountDownLatch(1);
        publisher.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription given) {
                subscription.set(given);
                subscribed.countDown();
            }

            @Override
            public void onNext(TappedMessage item) {
            }

            @Override
            public void onError(Throwable throwable) {
            }

            @Override
            public void onComplete() {
            }
        });
        assertTrue(subscribed.await(10, TimeUnit.SECONDS), "onSubscribe called");
        return subscription.get();
    }

    @Test
    void cancellingTheLastSubscriberLeavesThePathUntapped() throws InterruptedException {
        assertNull(taps.tapsOn("/tapped"), "nobody taps yet");
        Flow.Subscription first = subscribe(taps.publisher("/tapped", true, 4));
        Flow.Subscription second = subscribe(taps.publisher("/tapped", false, 4));
        assertEquals(2, taps.tapsOn("/tapped").size());
        assertNull(taps.tapsOn("/other"));

        first.cancel();
        assertEquals(1, taps.tapsOn("/tapped").size());
        second.cancel();
        second.cancel();
        assertNull(taps.tapsOn("/tapped"), "no cost left on the path");
    }

    @Test
    void aPathThatIsNotAbsoluteOrACapacityBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> taps.publisher("tapped", true, 4));
        assertThrows(IllegalArgumentException.class, () -> taps.publisher(null, true, 4));
        assertThrows(IllegalArgumentException.class, () -> taps.publisher("/tapped", true, 0));
    }
}
