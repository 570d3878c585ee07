package io.wsstream.cluster.directory;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.google.gson.Gson;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;

import io.wsstream.api.WebsocketServerStream;
import io.wsstream.api.cluster.StreamEntryDTO;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's directory of open streams: a Hazelcast map from stream id to its entry (JSON, so that entries can
 * be queried by node and path). A node writes its own entries, in the order its streams open and close, on one
 * thread of its own so that no stream thread waits for the cluster.
 */
public final class StreamDirectory implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamDirectory.class);
    public static final String MAP = "wsstream.directory";

    private final IMap<String, HazelcastJsonValue> map;
    private final String localNode;
    private final Gson gson = new Gson();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "wsstream-cluster-directory");
        thread.setDaemon(true);
        return thread;
    });

    public StreamDirectory(HazelcastInstance hazelcast, String localNode) {
        this.map = hazelcast.getMap(MAP);
        this.localNode = localNode;
    }

    /** Lists a local stream that opened. */
    public void opened(WebsocketServerStream stream) {
        StreamEntryDTO entry = entryOf(stream);
        HazelcastJsonValue json = new HazelcastJsonValue(gson.toJson(entry));
        write("list " + entry.id, () -> map.set(entry.id, json));
    }

    /** Removes a local stream that closed. */
    public void closed(WebsocketServerStream stream) {
        String id = stream.id();
        write("remove " + id, () -> map.delete(id));
    }

    /** Removes the entries of a node that left the cluster or died, or of this node's previous life. */
    public void removeNode(String node) {
        write("remove the streams of " + node, () -> map.removeAll(Predicates.equal("node", node)));
    }

    /** Removes this node's entries and waits for it (a leaving node cleans up after itself), then stops writing. */
    @Override
    public void close() {
        removeNode(localNode);
        writer.shutdown();
        try {
            if (!writer.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("the cluster directory did not take this node's last changes within 5 s: the other nodes remove them when it leaves");
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    public Collection<StreamEntryDTO> all() {
        return decode(map.values());
    }

    public Collection<StreamEntryDTO> onPath(String path) {
        return decode(map.values(Predicates.equal("path", path)));
    }

    /** Blocks for the answer of the entry's owner: never call it on a Hazelcast thread. */
    public Optional<StreamEntryDTO> find(String id) {
        return Optional.ofNullable(map.get(id)).map(this::decode);
    }

    private List<StreamEntryDTO> decode(Collection<HazelcastJsonValue> values) {
        return values.stream().map(this::decode).collect(Collectors.toList());
    }

    private StreamEntryDTO decode(HazelcastJsonValue json) {
        return gson.fromJson(json.getValue(), StreamEntryDTO.class);
    }

    private StreamEntryDTO entryOf(WebsocketServerStream stream) {
        StreamEntryDTO entry = new StreamEntryDTO();
        entry.id = stream.id();
        entry.node = localNode;
        entry.path = stream.path();
        InetSocketAddress remote = stream.info().remoteAddress();
        entry.remoteAddress = remote == null ? null : remote.getHostString() + ":" + remote.getPort();
        entry.opened = stream.info().openedAt().toEpochMilli();
        entry.principal = stream.info().principal().map(Principal::getName).orElse(null);
        return entry;
    }

    private void write(String what, Runnable change) {
        try {
            writer.execute(() -> {
                try {
                    change.run();
                } catch (RuntimeException failure) {
                    LOG.warn("cluster directory: could not {}: {}", what, failure.toString());
                    LOG.debug("cluster directory failure", failure);
                }
            });
        } catch (RejectedExecutionException closed) {
            LOG.debug("cluster directory closed: not done: {}", what);
        }
    }
}
