package io.wsstream.api.cluster;

import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import io.wsstream.api.CloseCodes;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Registered by the cluster bundle while this node is part of a cluster: the cluster-wide counterpart of
 * {@link io.wsstream.api.StreamManager}. The directory is eventually consistent: a stream is listed shortly
 * after it opened and leaves shortly after it closed, or within the failure-detection timeout when its node
 * died.
 */
@ProviderType
public interface StreamCluster {

    /** @return the name of this node, as the directory and {@link MemberDTO#name} show it */
    String localNode();

    /** @return a snapshot of the nodes in the cluster, this one included */
    Collection<MemberDTO> members();

    /** @return a snapshot of the directory: the open streams of every node */
    Collection<StreamEntryDTO> streams();

    /** @return a snapshot of the open streams of every node whose request path equals {@code path} */
    Collection<StreamEntryDTO> streams(String path);

    /** @return the directory entry of the stream with that id, wherever it is open */
    Optional<StreamEntryDTO> stream(String id);

    /**
     * Sends one value to every open stream on a path on every node, this one included. The value is encoded
     * once, here; each node then sends it to its own streams as a local broadcast does. The messages of one
     * publisher reach each node in the order they were published. Delivery is at most once: a node that falls
     * too far behind, or dies, misses messages (a lagging node counts and logs them).
     *
     * @param path a concrete request path such as {@code /chat}
     * @param value encoded as JSON, like {@link io.wsstream.api.WebsocketStream#send(Object)}
     * @return a stage completed when the cluster accepted the message (not when every stream wrote it)
     */
    CompletionStage<Void> broadcast(String path, Object value);

    /**
     * Sends a value to the stream with that id, on whichever node it is open.
     *
     * @param value encoded as JSON, like {@link io.wsstream.api.WebsocketStream#send(Object)}
     * @return a stage completed when the owning node wrote it; failed with {@link UnknownStreamException}
     *         when no open stream has that id, {@link NodeGoneException} when its node left or does not
     *         answer, {@link io.wsstream.api.StreamClosedException} when the stream closed first
     */
    CompletionStage<Void> send(String streamId, Object value);

    /** Sends a text message as it is to the stream with that id; completes and fails as {@link #send}. */
    CompletionStage<Void> sendText(String streamId, String text);

    /**
     * Closes the stream with that id, on whichever node it is open.
     *
     * @return a stage completed when the owning node started the closing handshake; fails as {@link #send}
     */
    CompletionStage<Void> close(String streamId, int code, String reason);

    /** Closes the stream with {@link CloseCodes#NORMAL} and no reason. */
    default CompletionStage<Void> close(String streamId) {
        return close(streamId, CloseCodes.NORMAL, "");
    }
}
