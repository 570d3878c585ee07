package io.wsstream.api;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A stream whose incoming messages the program reads (pull style), rather than a {@link StreamHandler}:
 * a client stream ({@code io.wsstream.api.client.WebsocketClientStream}) or a stream taken from a
 * {@link PullStreamEndpoint} ({@link WebsocketServerPullStream}). Nothing is read from the network before
 * there is demand.
 */
@ProviderType
public interface WebsocketPullStream extends WebsocketStream {

    /**
     * Pull style: the stream's incoming messages as a publisher with real backpressure. The demand a
     * subscriber signals with {@code request(n)} is the demand passed to the network: while it is zero,
     * nothing more is read from the socket, so nothing is ever dropped, and a fast peer is held back by
     * TCP flow control. Note that pings and the close frame are not read either while demand is zero,
     * so a consumer that pauses for longer than the idle timeout sees the stream time out.
     *
     * <p>One subscriber per stream; a second one is refused with {@code onError(IllegalStateException)}.
     * The publisher completes when the stream closes normally (1000 or 1001) and signals
     * {@link StreamClosedException} otherwise. Signals arrive on a wsstream executor thread, in order.
     */
    Flow.Publisher<Message> messages();

    /**
     * Pull style sugar on {@link #messages()}: the next message. One call may be outstanding at a time.
     *
     * @return a stage completed with the next message, or exceptionally with {@link StreamClosedException}
     *     when the stream closed first
     * @throws IllegalStateException after {@link #messages()} was subscribed, or while a previous receive()
     *     is outstanding: a misuse, never the stream's mode
     */
    CompletionStage<Message> receive();
}
