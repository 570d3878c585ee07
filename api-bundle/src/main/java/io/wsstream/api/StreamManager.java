package io.wsstream.api;

import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Predicate;

import io.wsstream.api.runtime.dto.WhiteboardDTO;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Registered by the implementation: every open server stream, whatever handler serves it. A stream is
 * listed from just before its handler's {@code onOpen} until just before its {@code onClose}.
 */
@ProviderType
public interface StreamManager {

    /** @return a snapshot of the open streams */
    Collection<WebsocketServerStream> streams();

    /** @return a snapshot of the open streams whose request path equals {@code path} */
    Collection<WebsocketServerStream> streams(String path);

    /** @return the open stream with that id */
    Optional<WebsocketServerStream> stream(String id);

    /**
     * Sends one value to every open stream on a path that the filter accepts. The value is encoded once;
     * each stream's send proceeds on its own, so a slow or stalled stream does not hold back the others.
     * To send to everyone except the sender: {@code broadcast(path, value, s -> s != sender)}.
     *
     * @param path a concrete request path such as {@code /chat}, not a pattern
     * @param value encoded as JSON, like {@link WebsocketStream#send(Object)}
     * @param filter which of the streams on the path receive it
     * @return a stage completed once every send was written or failed
     */
    CompletionStage<BroadcastResult> broadcast(String path, Object value, Predicate<? super WebsocketServerStream> filter);

    /** Sends to every open stream on the path: {@code broadcast(path, value, stream -> true)}. */
    default CompletionStage<BroadcastResult> broadcast(String path, Object value) {
        return broadcast(path, value, stream -> true);
    }

    /**
     * The whiteboard over every server: each handler once with the servers it is served or shadowed on, and
     * the handlers that no server serves (an invalid handler, or one whose {@code wsstream.target} matches no
     * running server), which no {@link io.wsstream.api.runtime.WebsocketServerRuntime#getRuntimeDTO() server's
     * view} can list. One server's view is that server's {@code getRuntimeDTO()}.
     *
     * @return a new snapshot on each call
     */
    WhiteboardDTO getWhiteboardDTO();

    /**
     * A traffic tap: the messages of the server streams on a path, for a program that observes them without
     * serving them (a monitor, a debugging shell). Each subscriber gets its own buffer of at least
     * {@code capacity} messages (the implementation may round it up); the streams only offer to it: when it is full, the message is dropped for that subscriber
     * and counted ({@link TapSubscription#dropped()}), so a slow subscriber never slows a stream. Messages
     * reach a subscriber in the order each stream received or sent them, on a thread of the implementation
     * (not a stream's). The subscription given to {@link Flow.Subscriber#onSubscribe} is a
     * {@link TapSubscription}. A path nobody taps costs its streams nothing; cancelling removes the
     * subscriber at once. When the implementation stops, subscribers get {@code onComplete}.
     *
     * @param path a concrete request path such as {@code /chat}, as {@link #streams(String)} takes it
     * @param includeSent whether the messages sent on the path are tapped too, not only those received
     * @param capacity how many messages a subscriber's buffer holds at least, 1 or more
     * @return a publisher; each subscription is a tap of its own
     * @throws IllegalArgumentException for a path that does not start with {@code /} or a capacity below 1
     * @since 1.1
     */
    Flow.Publisher<TappedMessage> tap(String path, boolean includeSent, int capacity);
}
