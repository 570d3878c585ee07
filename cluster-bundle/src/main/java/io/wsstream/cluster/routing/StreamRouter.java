package io.wsstream.cluster.routing;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import com.hazelcast.topic.Message;

import io.wsstream.api.StreamClosedException;
import io.wsstream.api.StreamManager;
import io.wsstream.api.WebsocketServerStream;
import io.wsstream.api.cluster.NodeGoneException;
import io.wsstream.api.cluster.UnknownStreamException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends to and closes streams on the node that owns them. Each node listens on a topic of its own,
 * {@code wsstream.node.<name>}, for requests ({@code [req, id, from, op, stream, argument, code]}) and for the
 * answers to its own requests ({@code [rep, id, status, detail]}). A request that gets no answer within the
 * failure-detection timeout, or whose node leaves first, fails with {@link NodeGoneException}.
 */
public final class StreamRouter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamRouter.class);
    private static final String TOPIC_PREFIX = "wsstream.node.";
    private static final String OK = "ok";
    private static final String UNKNOWN = "unknown";
    private static final String CLOSED = "closed";

    /** A request sent and not answered yet. */
    private record Pending(String node, CompletableFuture<Void> result) {}

    private final HazelcastInstance hazelcast;
    private final String localNode;
    private final StreamManager streams;
    private final Duration timeout;
    private final ITopic<String[]> inbox;
    private final UUID registration;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    public StreamRouter(HazelcastInstance hazelcast, String localNode, StreamManager streams, Duration timeout) {
        this.hazelcast = hazelcast;
        this.localNode = localNode;
        this.streams = streams;
        this.timeout = timeout;
        this.inbox = hazelcast.getTopic(TOPIC_PREFIX + localNode);
        this.registration = inbox.addMessageListener(this::received);
    }

    /** Sends a text to a stream of a node (this one included). */
    public CompletionStage<Void> sendText(String node, String streamId, String text) {
        return request(node, "text", streamId, text, 0);
    }

    /** Closes a stream of a node (this one included). */
    public CompletionStage<Void> close(String node, String streamId, int code, String reason) {
        return request(node, "close", streamId, reason, code);
    }

    /** Fails the requests still waiting for a node that left. */
    public void nodeLeft(String node) {
        pending.forEach((id, request) -> {
            if (request.node().equals(node) && pending.remove(id, request)) {
                request.result().completeExceptionally(new NodeGoneException(node, "it left the cluster before it answered"));
            }
        });
    }

    private CompletionStage<Void> request(String node, String op, String streamId, String argument, int code) {
        if (node.equals(localNode)) {
            return perform(op, streamId, argument, code);
        }
        String id = UUID.randomUUID().toString();
        CompletableFuture<Void> result = new CompletableFuture<>();
        Pending request = new Pending(node, result);
        pending.put(id, request);
        result.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((ignored, failure) -> pending.remove(id, request));
        ITopic<String[]> target = hazelcast.getTopic(TOPIC_PREFIX + node);
        target.publishAsync(new String[] {"req", id, localNode, op, streamId, argument, Integer.toString(code)})
                .whenComplete((ignored, failure) -> {
                    if (failure != null) {
                        result.completeExceptionally(new NodeGoneException(node, "the request could not be sent: " + failure));
                    }
                });
        return result.exceptionallyCompose(failure -> CompletableFuture.failedFuture(
                failure instanceof TimeoutException
                        ? new NodeGoneException(node, "no answer within " + timeout.toMillis() + " ms") : failure));
    }

    private void received(Message<String[]> message) {
        String[] fields = message.getMessageObject();
        if (fields.length == 7 && fields[0].equals("req")) {
            if (!isCode(fields[6])) {
                LOG.warn("cluster routing: ignored a request from {} whose close code '{}' is not a number", fields[2], fields[6]);
                return;
            }
            answer(fields);
        } else if (fields.length == 4 && fields[0].equals("rep")) {
            answered(fields[1], fields[2], fields[3]);
        } else {
            LOG.warn("cluster routing: ignored a message of {} fields that is neither a request nor an answer", fields.length);
        }
    }

    private void answer(String[] request) {
        String id = request[1];
        String from = request[2];
        String streamId = request[4];
        perform(request[3], streamId, request[5], Integer.parseInt(request[6])).whenComplete((ignored, thrown) -> {
            Throwable failure = thrown instanceof CompletionException && thrown.getCause() != null ? thrown.getCause() : thrown;
            String status = failure == null ? OK : failure instanceof UnknownStreamException ? UNKNOWN : CLOSED;
            String detail = failure == null ? "" : failure instanceof UnknownStreamException ? streamId
                    : failure instanceof StreamClosedException closed ? closed.code() + " " + closed.reason() : "1006 " + failure;
            hazelcast.<String[]>getTopic(TOPIC_PREFIX + from).publishAsync(new String[] {"rep", id, status, detail});
        });
    }

    private void answered(String id, String status, String detail) {
        Pending request = pending.remove(id);
        if (request == null) {
            return; // answered after its timeout
        }
        switch (status) {
            case OK -> request.result().complete(null);
            case UNKNOWN -> request.result().completeExceptionally(new UnknownStreamException(detail));
            default -> request.result().completeExceptionally(closedException(detail));
        }
    }

    private static boolean isCode(String text) {
        return !text.isEmpty() && text.length() <= 4 && text.chars().allMatch(Character::isDigit);
    }

    private static StreamClosedException closedException(String detail) {
        int space = detail.indexOf(' ');
        try {
            return new StreamClosedException(Integer.parseInt(space < 0 ? detail : detail.substring(0, space)), space < 0 ? "" : detail.substring(space + 1));
        } catch (NumberFormatException notACode) {
            return new StreamClosedException(1006, detail);
        }
    }

    /** Does what a request asks on this node's own stream. */
    private CompletionStage<Void> perform(String op, String streamId, String argument, int code) {
        Optional<WebsocketServerStream> stream = streams.stream(streamId);
        if (stream.isEmpty()) {
            return CompletableFuture.failedFuture(new UnknownStreamException(streamId));
        }
        return op.equals("close") ? stream.get().close(code, argument) : stream.get().sendText(argument);
    }

    @Override
    public void close() {
        try {
            inbox.removeMessageListener(registration);
        } catch (RuntimeException alreadyDown) {
            LOG.debug("cluster routing: listener not removed", alreadyDown);
        }
        pending.values().forEach(request -> request.result().completeExceptionally(new NodeGoneException(localNode, "this node left the cluster")));
        pending.clear();
    }
}
