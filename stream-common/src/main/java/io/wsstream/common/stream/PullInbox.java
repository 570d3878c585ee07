package io.wsstream.common.stream;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.wsstream.api.CloseCodes;
import io.wsstream.api.Message;
import io.wsstream.api.StreamClosedException;

/**
 * The pull side of a stream: a single-subscriber publisher whose demand is the demand passed to Jetty.
 * At most one network read is outstanding; a new one is issued only while the subscriber's demand is
 * positive, so a consumer that stops requesting stops the socket reads and nothing is buffered or dropped.
 *
 * <p>A client stream's inbox outlives its connections: a read still outstanding when a connection drops is
 * issued again on the next one ({@link #readOutstanding()}).
 */
public final class PullInbox implements Flow.Publisher<Message> {
    private final AtomicReference<Flow.Subscriber<? super Message>> subscriber = new AtomicReference<>();
    private final AtomicLong demand = new AtomicLong();
    private final AtomicBoolean reading = new AtomicBoolean();
    private final Executor signals;
    private final Runnable readNext;
    private final Runnable cancelled;
    private volatile StreamClosedException closedBy;
    private volatile boolean done;
    private volatile boolean draining;
    /** The subscriber behind {@link #receive()}, made on its first call. */
    private ReceiveSubscriber receiver;

    /**
     * @param signals serial executor on which the subscriber is called
     * @param readNext asks the network for one more frame; called only while no read is outstanding
     * @param cancelled called when the subscriber cancels
     */
    public PullInbox(Executor signals, Runnable readNext, Runnable cancelled) {
        this.signals = signals;
        this.readNext = readNext;
        this.cancelled = cancelled;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super Message> candidate) {
        if (!subscriber.compareAndSet(null, candidate)) {
            signals.execute(() -> {
                candidate.onSubscribe(new Flow.Subscription() {
                    @Override
                    public void request(long n) {}

                    @Override
                    public void cancel() {}
                });
                candidate.onError(new IllegalStateException("a stream has one subscriber at most"));
            });
            return;
        }
        signals.execute(() -> {
            candidate.onSubscribe(new DemandSubscription());
            if (closedBy != null) {
                signalTerminal(candidate);
            }
        });
    }

    /**
     * The stream's {@code receive()}: one message per call, through a subscriber of this inbox.
     *
     * @throws IllegalStateException when {@link #subscribe} was called by someone else
     */
    public synchronized CompletionStage<Message> receive() {
        if (receiver == null) {
            if (hasSubscriber()) {
                throw new IllegalStateException("messages() is subscribed: receive() is not available");
            }
            receiver = new ReceiveSubscriber(this::closedBy);
            subscribe(receiver);
        }
        return receiver.next();
    }

    public boolean hasSubscriber() {
        return subscriber.get() != null;
    }

    /** @return whether a read was asked for and no frame has answered it yet */
    public boolean readOutstanding() {
        return reading.get();
    }

    /**
     * We sent a close frame: from now on read whatever comes until the peer's close frame, discarding
     * data (RFC 6455 section 1.4: after a close, the peer's data frames may be discarded).
     */
    public void drainForClose() {
        draining = true;
        if (reading.compareAndSet(false, true)) {
            readNext.run();
        }
    }

    /** A frame arrived (Jetty's thread): the outstanding read is consumed. */
    public void deliver(Message message) {
        if (draining) {
            reading.set(false);
            drainForClose();
            return;
        }
        // Take this message's demand before another read may start, or a request(n) racing with the
        // signal task would see the used-up demand and read one message more than was asked for.
        demand.decrementAndGet();
        reading.set(false);
        signals.execute(() -> {
            Flow.Subscriber<? super Message> current = subscriber.get();
            if (done || current == null) {
                return;
            }
            current.onNext(message);
            readIfDemanded();
        });
    }

    /** The stream ended for good (Jetty's thread on the server, any thread on the client). */
    public void close(int code, String reason) {
        closedBy = new StreamClosedException(code, reason);
        signals.execute(() -> {
            Flow.Subscriber<? super Message> current = subscriber.get();
            if (current != null) {
                signalTerminal(current);
            }
        });
    }

    private void signalTerminal(Flow.Subscriber<? super Message> current) {
        if (done) {
            return;
        }
        done = true;
        StreamClosedException reason = closedBy;
        if (reason.code() == CloseCodes.NORMAL || reason.code() == CloseCodes.GOING_AWAY) {
            current.onComplete();
        } else {
            current.onError(reason);
        }
    }

    public StreamClosedException closedBy() {
        return closedBy;
    }

    private void readIfDemanded() {
        if (!done && closedBy == null && demand.get() > 0 && reading.compareAndSet(false, true)) {
            readNext.run();
        }
    }

    private final class DemandSubscription implements Flow.Subscription {
        @Override
        public void request(long n) {
            if (n <= 0) {
                cancel();
                signals.execute(() -> subscriber.get().onError(new IllegalArgumentException("request(n) needs n > 0 (rule 3.9)")));
                return;
            }
            demand.getAndUpdate(current -> current + n < 0 ? Long.MAX_VALUE : current + n);
            readIfDemanded();
        }

        @Override
        public void cancel() {
            if (!done) {
                done = true;
                cancelled.run();
            }
        }
    }
}
