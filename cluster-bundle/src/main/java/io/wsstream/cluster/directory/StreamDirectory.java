package io.wsstream.cluster.directory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import com.hazelcast.aggregation.Aggregators;
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
 * be queried by node and path), each entry marked with the {@link NodeLiveness life} of the node that wrote it.
 * An entry is listed only while that life is current: a client node that dies leaves every node's directory once
 * its liveness entry expires (a failure-detection timeout after its last renewal), with nothing of ours running on
 * the Hazelcast members and without rewriting the entries themselves; a member's life ends when Hazelcast's
 * membership drops it ({@link #memberLeft}). Entries of ended lives are removed from the map every
 * failure-detection timeout, by any live node.
 *
 * <p>A node writes its own entries, in the order its streams open and close, on one thread of its own so that no
 * stream thread waits for the cluster; it renews its life every heartbeat on another, so that a long listing does
 * not hold the renewal up. Reads block on the cluster: never call them on a Hazelcast thread.
 */
public final class StreamDirectory implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamDirectory.class);
    public static final String MAP = "wsstream.directory";
    /** The JSON attribute of an entry that names the life of the node that wrote it. */
    static final String LIFE = StoredEntry.LIFE;
    /** Entries per call when a node lists its streams. */
    private static final int BATCH = 500;

    private final IMap<String, HazelcastJsonValue> map;
    private final NodeLiveness liveness;
    private final String localNode;
    private final Supplier<? extends Collection<StreamEntryDTO>> localEntries;
    private final Object lifeLock = new Object();
    private boolean listed;
    /** Whether the last renewal could not reach the cluster. */
    private boolean unreachable;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(task -> daemon(task, "wsstream-cluster-directory"));
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(task -> daemon(task, "wsstream-cluster-liveness"));

    /**
     * Lists nothing yet ({@link #relist()} does); renews this node's life every heartbeat once it has one.
     *
     * @param lifetime how long this node's life lasts without renewal: the failure-detection timeout for a client
     *     node, zero (until it ends) for a member, whose death Hazelcast's membership reports ({@link #memberLeft})
     * @param localEntries this node's open streams, as entries, for a listing
     */
    public StreamDirectory(HazelcastInstance hazelcast, String localNode, Duration heartbeatInterval, Duration failureTimeout,
            Duration lifetime, Supplier<? extends Collection<StreamEntryDTO>> localEntries) {
        this.map = hazelcast.getMap(MAP);
        this.liveness = new NodeLiveness(hazelcast, localNode, lifetime);
        this.localNode = localNode;
        this.localEntries = localEntries;
        heartbeat.scheduleWithFixedDelay(this::renew, heartbeatInterval.toMillis(), heartbeatInterval.toMillis(), TimeUnit.MILLISECONDS);
        heartbeat.scheduleWithFixedDelay(() -> write("remove the entries of ended lives", this::sweep), failureTimeout.toMillis(),
                failureTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Begins a new life of this node and lists its open streams under it, replacing its entries of earlier lives (of
     * its previous process, or from before it lost the cluster). Blocks until the life is in the cluster.
     */
    public void relist() {
        synchronized (lifeLock) {
            listed = true;
            relistLocked(true);
        }
    }

    /** Lists a local stream that opened. */
    public void opened(WebsocketServerStream stream) {
        StreamEntryDTO entry = StoredEntry.of(stream, localNode);
        write("list " + entry.id, () -> {
            String life = liveness.current();
            if (life != null) { // else a listing follows, once the node has a life again
                map.set(entry.id, StoredEntry.encode(entry, life));
            }
        });
    }

    /** Removes a local stream that closed. */
    public void closed(WebsocketServerStream stream) {
        String id = stream.id();
        write("remove " + id, () -> map.delete(id));
    }

    /**
     * A member left the cluster or died (Hazelcast noticed): its life ends now rather than when its liveness entry
     * expires, and its entries are removed. Does not block.
     */
    public void memberLeft(String node, UUID member) {
        write("remove the streams of " + node, () -> {
            try {
                String life = liveness.endMember(node, member);
                if (life != null) {
                    map.removeAll(Predicates.equal(LIFE, life));
                }
            } catch (RuntimeException offline) {
                // a client node whose last member left: its life expires anyway, and the sweep removes its entries
                LOG.debug("cluster directory: the streams of {} not removed: {}", node, offline.toString());
            }
        });
    }

    /** Ends this node's life and removes its entries, and waits for it (a leaving node cleans up after itself). */
    @Override
    public void close() {
        heartbeat.shutdownNow();
        write("remove the streams of " + localNode, () -> {
            liveness.end();
            map.removeAll(Predicates.equal("node", localNode));
        });
        writer.shutdown();
        try {
            if (!writer.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("the cluster directory did not take this node's last changes within 5 s: its entries leave when its life expires");
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    public Collection<StreamEntryDTO> all() {
        return alive(map.values());
    }

    public Collection<StreamEntryDTO> onPath(String path) {
        return alive(map.values(Predicates.equal("path", path)));
    }

    /** Blocks for the answers of the entry's and the life's owners: never call it on a Hazelcast thread. */
    public Optional<StreamEntryDTO> find(String id) {
        HazelcastJsonValue json = map.get(id);
        if (json == null) {
            return Optional.empty();
        }
        StoredEntry listed = StoredEntry.decode(json);
        return listed.life() != null && listed.life().equals(liveness.of(listed.entry().node)) ? Optional.of(listed.entry()) : Optional.empty();
    }

    /** @return the entries whose node's life is the one that wrote them */
    private List<StreamEntryDTO> alive(Collection<HazelcastJsonValue> values) {
        List<StoredEntry> listed = values.stream().map(StoredEntry::decode).collect(Collectors.toList());
        Map<String, String> lives = listed.isEmpty() ? Map.of() : liveness.all();
        return listed.stream().filter(each -> each.life() != null && each.life().equals(lives.get(each.entry().node)))
                .map(StoredEntry::entry).collect(Collectors.toList());
    }

    /** Renews this node's life; when it ended meanwhile (the others took the node for dead), begins another. */
    private void renew() {
        synchronized (lifeLock) {
            if (!listed) {
                return;
            }
            try {
                if (liveness.renew()) {
                    unreachable = false;
                    return;
                }
            } catch (RuntimeException offline) {
                LOG.debug("cluster directory: the life of node {} not renewed: {}", localNode, offline.toString());
                unreachable = true;
                return;
            }
            if (liveness.current() != null && !unreachable) {
                LOG.warn("cluster directory: node {} was taken for dead (its life was not renewed in time, or a member saw it leave); "
                        + "it lists its streams again", localNode);
            }
            // after the cluster was out of reach, the node's reconnection has said enough
            unreachable = false;
            relistLocked(false);
        }
    }

    /** @param report whether a failure is worth a line (not when it only repeats at every heartbeat) */
    private void relistLocked(boolean report) {
        String life;
        try {
            life = liveness.begin();
        } catch (RuntimeException unreachable) {
            if (report) {
                LOG.warn("cluster directory: node {} could not list its streams, it tries again every heartbeat: {}", localNode, unreachable.toString());
            }
            LOG.debug("cluster directory: node {} not listed", localNode, unreachable);
            return;
        }
        List<StreamEntryDTO> entries = List.copyOf(localEntries.get());
        write("list the " + entries.size() + " streams of " + localNode, () -> {
            map.removeAll(Predicates.and(Predicates.equal("node", localNode), Predicates.notEqual(LIFE, life)));
            Map<String, HazelcastJsonValue> batch = new HashMap<>();
            for (StreamEntryDTO entry : entries) {
                batch.put(entry.id, StoredEntry.encode(entry, life));
                if (batch.size() == BATCH) {
                    map.putAll(batch);
                    batch.clear();
                }
            }
            map.putAll(batch);
        });
    }

    /**
     * Removes the entries of lives that ended. The lives in the directory are read before the live ones: a node puts
     * its life in the map before it writes an entry with it, so a life that is listed and not live has ended, for good.
     */
    private void sweep() {
        List<String> ended = new ArrayList<>();
        try {
            Set<String> listedLives = map.aggregate(Aggregators.distinct(LIFE));
            Collection<String> live = liveness.all().values();
            for (String life : listedLives) {
                if (life != null && !live.contains(life)) {
                    map.removeAll(Predicates.equal(LIFE, life));
                    ended.add(life);
                }
            }
        } catch (RuntimeException unreachable) {
            // a client node away from the cluster: nothing to sweep there, and its reconnection says enough
            LOG.debug("cluster directory: no sweep: {}", unreachable.toString());
        }
        if (!ended.isEmpty()) {
            LOG.debug("cluster directory: removed the entries of ended lives {}", ended);
        }
    }

    /** @return the entry of a local stream, as {@link #opened} lists it */
    public static StreamEntryDTO entryOf(WebsocketServerStream stream, String node) {
        return StoredEntry.of(stream, node);
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

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
