package io.wsstream.cluster.broadcast;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import com.hazelcast.topic.Message;
import com.hazelcast.topic.ReliableMessageListener;

import io.wsstream.api.StreamManager;
import io.wsstream.api.WebsocketServerStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster-wide broadcast on one Hazelcast reliable topic: a message is {@code [path, text]}, encoded once by the
 * publisher; every node (the publisher too) sends the text to its own streams on the path. One topic keeps the order
 * of each publisher's messages on every node. A node that falls behind the ringbuffer misses the overwritten
 * messages: it counts them and logs one line per gap, and goes on with the newest.
 */
public final class ClusterBroadcast implements ReliableMessageListener<String[]>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterBroadcast.class);
    public static final String TOPIC = "wsstream.broadcast";
    /** The ringbuffer behind the reliable topic: Hazelcast names it {@code RingbufferService.TOPIC_RB_PREFIX + topic}. */
    private static final String RINGBUFFER = "_hz_rb_" + TOPIC;

    private final ITopic<String[]> topic;
    private final StreamManager streams;
    private final HazelcastInstance hazelcast;
    private final BroadcastLoss loss = new BroadcastLoss();
    private final AtomicLong missed = new AtomicLong();
    private final long firstSequence;
    private final UUID registration;
    private final ExecutorService publisher = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "wsstream-cluster-broadcast");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * Listens from the topic's end as it is when this returns, read at once rather than left to the listener's first
     * read: a message published after the constructor returns reaches this node. A client node reconnected to a
     * restarted cluster needs that (a new instance then, see {@link #renewed()}): Hazelcast's own listener, still at
     * the old cluster's sequence, jumps past messages already published on the new one.
     */
    public ClusterBroadcast(HazelcastInstance hazelcast, StreamManager streams) {
        this(hazelcast, streams, 0);
    }

    private ClusterBroadcast(HazelcastInstance hazelcast, StreamManager streams, long missedBefore) {
        this.topic = hazelcast.getReliableTopic(TOPIC);
        this.streams = streams;
        this.hazelcast = hazelcast;
        this.missed.set(missedBefore);
        this.firstSequence = hazelcast.getRingbuffer(RINGBUFFER).tailSequence() + 1;
        this.registration = topic.addMessageListener(this);
    }

    /** @return a listener from the topic's end now, replacing this one (closed), the missed count carried over */
    public ClusterBroadcast renewed() {
        ClusterBroadcast renewed = new ClusterBroadcast(hazelcast, streams, missed());
        close();
        return renewed;
    }

    /**
     * Publishes on this node's one publishing thread, which keeps this node's messages in order. Not
     * {@code publishAsync}: on a reliable topic, Hazelcast 5.7.0 delivers the message but never completes that
     * future (seen here with a lone member).
     *
     * @return a stage completed when the cluster took the message
     */
    public CompletionStage<Void> publish(String path, String text) {
        String[] message = {path, text};
        try {
            return CompletableFuture.runAsync(() -> topic.publish(message), publisher);
        } catch (RejectedExecutionException closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("this node left the cluster"));
        }
    }

    /** @return the broadcasts this node missed since it joined */
    public long missed() {
        return missed.get();
    }

    @Override
    public void onMessage(Message<String[]> message) {
        String[] pathAndText = message.getMessageObject();
        for (WebsocketServerStream stream : streams.streams(pathAndText[0])) {
            stream.sendText(pathAndText[1]);
        }
    }

    @Override
    public long retrieveInitialSequence() {
        return firstSequence;
    }

    @Override
    public void storeSequence(long sequence) {
        long gap = loss.received(sequence);
        if (gap > 0) {
            missed.addAndGet(gap);
            LOG.warn("cluster broadcast: this node fell behind and missed {} messages ({} since it joined)", gap, missed.get());
        }
    }

    @Override
    public boolean isLossTolerant() {
        return true;
    }

    @Override
    public boolean isTerminal(Throwable failure) {
        LOG.warn("cluster broadcast: delivering a message to this node's streams failed: {}", failure.toString());
        LOG.debug("cluster broadcast failure", failure);
        return false;
    }

    @Override
    public void close() {
        publisher.shutdown();
        try {
            topic.removeMessageListener(registration);
        } catch (RuntimeException alreadyDown) {
            LOG.debug("cluster broadcast: listener not removed", alreadyDown);
        }
    }
}
