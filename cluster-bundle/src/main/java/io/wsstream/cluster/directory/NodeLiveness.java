package io.wsstream.cluster.directory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

/**
 * Which life of each node is current, in a Hazelcast map that any node reads: node name to its current life. A
 * client node's entry expires a failure-detection timeout after the node last renewed it. Expiry is Hazelcast's own
 * (a map entry with a time to live), so it works on a plain Hazelcast cluster that runs no wsstream code: a client
 * node that dies stops renewing, and its life is over when its entry expires. A member's entry does not expire:
 * Hazelcast's membership reports a member's death to every node, which ends its life ({@link #endMember}).
 *
 * <p>A life is {@code <Hazelcast endpoint uuid>-<n>}, never used twice: a node whose entry expired while it still ran
 * (renewals late, the cluster out of reach) begins a new life rather than reviving the old one, so that a life seen
 * dead stays dead and its directory entries can be removed without a race. Every call blocks on the cluster: call it
 * on the directory's own threads, never on a Hazelcast thread.
 */
final class NodeLiveness {
    static final String MAP = "wsstream.liveness";

    private final HazelcastInstance hazelcast;
    private final IMap<String, String> lives;
    private final String localNode;
    private final long ttlMillis;
    private final AtomicLong begun = new AtomicLong();
    /** This node's life; null before the first, and while a begun one is not known to be in the map. */
    private volatile String current;

    /** @param timeToLive how long a life lasts without renewal; zero: until it ends (a member's, which Hazelcast's membership ends) */
    NodeLiveness(HazelcastInstance hazelcast, String localNode, Duration timeToLive) {
        this.hazelcast = hazelcast;
        this.lives = hazelcast.getMap(MAP);
        this.localNode = localNode;
        this.ttlMillis = timeToLive.toMillis();
    }

    /** Begins a new life of this node and puts it in the map; @return it, current once this returns */
    String begin() {
        current = null;
        String life = hazelcast.getLocalEndpoint().getUuid() + "-" + begun.incrementAndGet();
        lives.set(localNode, life, ttlMillis, TimeUnit.MILLISECONDS);
        current = life;
        return life;
    }

    /**
     * @return whether this node's life goes on: false when it has none, or its entry expired, was removed, or holds
     *     another life (a split-brain merge can put back an entry the other side had ended)
     */
    boolean renew() {
        String life = current;
        return life != null && life.equals(lives.get(localNode))
                && (ttlMillis == 0 || lives.setTtl(localNode, ttlMillis, TimeUnit.MILLISECONDS));
    }

    /** @return this node's life, or null while it has none */
    String current() {
        return current;
    }

    /**
     * @return the live life of every node (expired entries are not returned): a query, not a read by key, since a
     *     client's reads by key could wait for the invocation timeout after the cluster restarted (ClusterClientIT)
     */
    Map<String, String> all() {
        Map<String, String> all = new HashMap<>();
        for (Map.Entry<String, String> entry : lives.entrySet()) {
            all.put(entry.getKey(), entry.getValue());
        }
        return all;
    }

    /** @return the live life of the node, or null */
    String of(String node) {
        return lives.get(node);
    }

    /**
     * Ends the life of a member that left the cluster, if its node's current life is that member's (and not a new
     * process's of the same name that already joined). @return the life ended, or null
     */
    String endMember(String node, UUID member) {
        String life = lives.get(node);
        return life != null && life.startsWith(member + "-") && lives.remove(node, life) ? life : null;
    }

    /** Ends this node's life: it leaves. */
    void end() {
        String life = current;
        current = null;
        if (life != null) {
            lives.remove(localNode, life);
        }
    }
}
