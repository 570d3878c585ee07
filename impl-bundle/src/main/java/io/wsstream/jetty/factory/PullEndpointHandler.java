package io.wsstream.jetty.factory;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.wsstream.api.Message;
import io.wsstream.api.StreamHandler;
import io.wsstream.api.WebsocketServerPullStream;
import io.wsstream.api.WebsocketServerStream;
import io.wsstream.jetty.whiteboard.PullAcceptor;

/**
 * The handler service of a pull endpoint: it gets no messages (its streams keep them until pulled),
 * it hands streams to {@code accept()} callers, and it bounds how many wait: the backlog counts the
 * handshakes under way and the open streams no one has accepted yet.
 */
final class PullEndpointHandler implements StreamHandler, PullAcceptor {
    private final int backlog;
    private final Deque<WebsocketServerPullStream> waitingStreams = new ArrayDeque<>();
    private final Deque<CompletableFuture<WebsocketServerPullStream>> waitingAccepts = new ArrayDeque<>();
    private int handshakesUnderWay;
    private boolean closed;

    PullEndpointHandler(int backlog) {
        this.backlog = backlog;
    }

    @Override
    public synchronized boolean reserve() {
        if (closed || handshakesUnderWay + waitingStreams.size() >= backlog + waitingAccepts.size()) {
            return false;
        }
        handshakesUnderWay++;
        return true;
    }

    @Override
    public void accepted(WebsocketServerPullStream stream) {
        CompletableFuture<WebsocketServerPullStream> taker;
        synchronized (this) {
            handshakesUnderWay--;
            taker = waitingAccepts.poll();
            if (taker == null) {
                waitingStreams.add(stream);
                return;
            }
        }
        taker.complete(stream);
    }

    @Override
    public synchronized void cancel() {
        handshakesUnderWay--;
    }

    synchronized CompletionStage<WebsocketServerPullStream> accept() {
        CompletableFuture<WebsocketServerPullStream> next = new CompletableFuture<>();
        if (closed) {
            next.completeExceptionally(new IllegalStateException("the endpoint is closed"));
        } else if (!waitingStreams.isEmpty()) {
            next.complete(waitingStreams.poll());
        } else {
            waitingAccepts.add(next);
        }
        return next;
    }

    void closed() {
        Deque<CompletableFuture<WebsocketServerPullStream>> orphans;
        synchronized (this) {
            closed = true;
            orphans = new ArrayDeque<>(waitingAccepts);
            waitingAccepts.clear();
            waitingStreams.clear();
        }
        orphans.forEach(accept -> accept.completeExceptionally(new IllegalStateException("the endpoint is closed")));
    }

    /** Never called: a pull stream keeps its messages for {@code receive()} and {@code messages()}. */
    @Override
    public void onMessage(WebsocketServerStream stream, Message message) {
        throw new IllegalStateException("pull endpoints receive no pushed messages");
    }
}
