package io.wsstream.common.stream;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Supplier;

import io.wsstream.api.Message;
import io.wsstream.api.StreamClosedException;

/** {@code receive()} as a subscriber that requests one message per call. */
public final class ReceiveSubscriber implements Flow.Subscriber<Message> {
    private final Supplier<StreamClosedException> closedBy;
    private Flow.Subscription subscription;
    private CompletableFuture<Message> pending;
    private StreamClosedException terminal;

    public ReceiveSubscriber(Supplier<StreamClosedException> closedBy) {
        this.closedBy = closedBy;
    }

    public synchronized CompletionStage<Message> next() {
        if (pending != null && !pending.isDone()) {
            throw new IllegalStateException("receive() is already outstanding on this stream");
        }
        CompletableFuture<Message> next = new CompletableFuture<>();
        if (terminal != null) {
            next.completeExceptionally(terminal);
            return next;
        }
        pending = next;
        if (subscription != null) {
            subscription.request(1);
        }
        return next;
    }

    @Override
    public synchronized void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (pending != null && !pending.isDone()) {
            subscription.request(1);
        }
    }

    @Override
    public void onNext(Message message) {
        CompletableFuture<Message> target;
        synchronized (this) {
            target = pending;
        }
        target.complete(message);
    }

    @Override
    public void onError(Throwable failure) {
        fail(failure instanceof StreamClosedException ? (StreamClosedException) failure : closedBy.get());
    }

    @Override
    public void onComplete() {
        fail(closedBy.get());
    }

    private void fail(StreamClosedException reason) {
        CompletableFuture<Message> target;
        synchronized (this) {
            terminal = reason;
            target = pending;
        }
        if (target != null) {
            target.completeExceptionally(reason);
        }
    }
}
