package io.wsstream.jetty.stream;

import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;

import io.wsstream.api.TapSubscription;
import io.wsstream.api.TappedMessage;

/**
 * One subscriber of a traffic tap: its bounded buffer and its drop counter. The buffer is a JDK
 * {@link SubmissionPublisher} with this subscriber as its only one, which already has what a tap needs: a
 * bounded buffer per subscriber, {@code offer} that never blocks and reports a full buffer, demand and
 * delivery on an executor, the Reactive Streams rules. A stream only offers; a full buffer drops and counts.
 */
final class Tap {
    private final String path;
    private final boolean includeSent;
    private final SubmissionPublisher<TappedMessage> buffer;
    private final AtomicLong dropped = new AtomicLong();
    /** Called on a full buffer: count, and do not retry (retrying would make the stream wait). */
    private final BiPredicate<Flow.Subscriber<? super TappedMessage>, ? super TappedMessage> drop = (subscriber, message) -> {
        dropped.incrementAndGet();
        return false;
    };

    /** @param capacity the buffer's capacity; the JDK rounds it up to a power of two */
    Tap(String path, boolean includeSent, int capacity, Executor delivery) {
        this.path = path;
        this.includeSent = includeSent;
        this.buffer = new SubmissionPublisher<>(delivery, capacity);
    }

    String path() {
        return path;
    }

    boolean includeSent() {
        return includeSent;
    }

    long dropped() {
        return dropped.get();
    }

    /** From a stream's thread: buffers the message for the subscriber, or drops and counts it. Never blocks. */
    void offer(TappedMessage message) {
        try {
            buffer.offer(message, drop);
        } catch (IllegalStateException closed) {
            // Closed by a cancel or a stop racing with this message: nobody is left to see it.
        }
    }

    /**
     * Subscribes the tap's subscriber; {@code ended} runs (perhaps more than once) when the subscription ends:
     * cancelled, completed or failed.
     */
    void subscribe(Flow.Subscriber<? super TappedMessage> subscriber, Runnable ended) {
        buffer.subscribe(new Flow.Subscriber<TappedMessage>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscriber.onSubscribe(new TapSubscription() {
                    @Override
                    public void request(long n) {
                        subscription.request(n);
                    }

                    @Override
                    public void cancel() {
                        subscription.cancel();
                        ended.run();
                    }

                    @Override
                    public long dropped() {
                        return Tap.this.dropped();
                    }
                });
            }

            @Override
            public void onNext(TappedMessage message) {
                subscriber.onNext(message);
            }

            @Override
            public void onError(Throwable failure) {
                ended.run();
                subscriber.onError(failure);
            }

            @Override
            public void onComplete() {
                ended.run();
                subscriber.onComplete();
            }
        });
    }

    /** The implementation stops: the subscriber gets what is buffered, then {@code onComplete}. */
    void close() {
        buffer.close();
    }
}
