package io.wsstream.cluster.node;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;

import io.wsstream.api.StreamListener;
import io.wsstream.api.StreamManager;
import io.wsstream.api.WebsocketServerStream;
import io.wsstream.api.cluster.MemberDTO;
import io.wsstream.api.cluster.StreamCluster;
import io.wsstream.api.cluster.StreamEntryDTO;
import io.wsstream.api.cluster.UnknownStreamException;
import io.wsstream.cluster.broadcast.ClusterBroadcast;
import io.wsstream.cluster.directory.StreamDirectory;
import io.wsstream.cluster.routing.StreamRouter;
import io.wsstream.common.codec.JsonCodec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node in a running cluster: the {@link StreamCluster} service, and the {@link StreamListener} that keeps this
 * node's entries in the directory. A node that dies, member or client, leaves the directory when its life there
 * expires (see {@link StreamDirectory}); a member that Hazelcast saw leave or die leaves it at once, and the requests
 * waiting for it fail.
 */
final class ClusterView implements StreamCluster, StreamListener, MembershipListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterView.class);

    private final HazelcastInstance hazelcast;
    private final StreamManager streams;
    private final String localNode;
    private final JsonCodec codec = new JsonCodec();
    private final StreamDirectory directory;
    private volatile ClusterBroadcast broadcast;
    private final StreamRouter router;
    private final java.util.UUID membershipRegistration;
    private final ExecutorService routing = Executors.newFixedThreadPool(2, task -> {
        Thread thread = new Thread(task, "wsstream-cluster-routing");
        thread.setDaemon(true);
        return thread;
    });

    ClusterView(HazelcastInstance hazelcast, ClusterSettings settings, StreamManager streams) {
        this.hazelcast = hazelcast;
        this.localNode = settings.nodeName();
        this.directory = new StreamDirectory(hazelcast, localNode, Duration.ofSeconds(settings.heartbeatSeconds()),
                Duration.ofSeconds(settings.failureTimeoutSeconds()),
                settings.client() ? Duration.ofSeconds(settings.failureTimeoutSeconds()) : Duration.ZERO,
                () -> streams.streams().stream().map(stream -> StreamDirectory.entryOf(stream, localNode)).collect(Collectors.toList()));
        this.broadcast = new ClusterBroadcast(hazelcast, streams);
        this.router = new StreamRouter(hazelcast, localNode, streams,
                Duration.ofSeconds(settings.failureTimeoutSeconds() + settings.heartbeatSeconds()));
        this.streams = streams;
        this.membershipRegistration = hazelcast.getCluster().addMembershipListener(this);
    }

    /**
     * Lists this node's open streams under a new life, replacing its entries of earlier ones: those of a previous
     * process (it died and restarted before the others noticed), or those of a client node from before it lost the
     * cluster.
     */
    void listLocalStreams() {
        directory.relist();
    }

    /**
     * A client node back after losing its connection: a new broadcast listener first (the cluster may have
     * restarted), then its streams listed again, so that a node seen in the directory hears every later broadcast.
     */
    void reconnected() {
        broadcast = broadcast.renewed();
        listLocalStreams();
    }

    // ---------------------------------------------------------------- StreamListener

    @Override
    public void opened(WebsocketServerStream stream) {
        directory.opened(stream);
    }

    @Override
    public void closed(WebsocketServerStream stream) {
        directory.closed(stream);
    }

    // ---------------------------------------------------------------- MembershipListener

    @Override
    public void memberAdded(MembershipEvent event) {
        LOG.info("cluster: node {} joined ({} members)", nodeName(event.getMember()), event.getMembers().size());
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
        String node = nodeName(event.getMember());
        LOG.info("cluster: node {} left, its streams leave the directory ({} members)", node, event.getMembers().size());
        directory.memberLeft(node, event.getMember().getUuid());
        router.nodeLeft(node);
    }

    // ---------------------------------------------------------------- StreamCluster

    @Override
    public String localNode() {
        return localNode;
    }

    @Override
    public Collection<MemberDTO> members() {
        Map<String, Long> counts = directory.all().stream().collect(Collectors.groupingBy(entry -> entry.node, Collectors.counting()));
        List<MemberDTO> members = new ArrayList<>();
        for (Member member : hazelcast.getCluster().getMembers()) {
            MemberDTO dto = new MemberDTO();
            dto.name = nodeName(member);
            InetSocketAddress address = member.getSocketAddress();
            dto.address = address.getHostString() + ":" + address.getPort();
            dto.local = member.localMember();
            dto.openStreams = counts.getOrDefault(dto.name, 0L).intValue();
            members.add(dto);
        }
        return members;
    }

    @Override
    public Collection<StreamEntryDTO> streams() {
        return directory.all();
    }

    @Override
    public Collection<StreamEntryDTO> streams(String path) {
        return directory.onPath(path);
    }

    @Override
    public Optional<StreamEntryDTO> stream(String id) {
        return directory.find(id);
    }

    @Override
    public CompletionStage<Void> broadcast(String path, Object value) {
        return broadcast.publish(path, codec.encode(value));
    }

    @Override
    public CompletionStage<Void> send(String streamId, Object value) {
        String text;
        try {
            text = codec.encode(value);
        } catch (RuntimeException notEncodable) {
            return CompletableFuture.failedFuture(notEncodable);
        }
        return sendText(streamId, text);
    }

    @Override
    public CompletionStage<Void> sendText(String streamId, String text) {
        return routed(streamId, node -> router.sendText(node, streamId, text));
    }

    @Override
    public CompletionStage<Void> close(String streamId, int code, String reason) {
        return routed(streamId, node -> router.close(node, streamId, code, reason));
    }

    /**
     * Looks the stream up and hands the request to its node, on a routing thread: the caller does not wait, and
     * Hazelcast's own threads, which complete its futures, never block on a look-up (that can deadlock them).
     */
    private CompletionStage<Void> routed(String streamId, Function<String, CompletionStage<Void>> onNode) {
        return CompletableFuture.supplyAsync(() -> directory.find(streamId), routing)
                .thenCompose(entry -> entry.isPresent() ? onNode.apply(entry.get().node)
                        : CompletableFuture.failedFuture(new UnknownStreamException(streamId)));
    }

    /** @return the broadcasts this node missed since it joined */
    long missedBroadcasts() {
        return broadcast.missed();
    }

    private static String nodeName(Member member) {
        String name = member.getAttribute(HazelcastStarter.NODE_ATTRIBUTE);
        return name != null ? name : member.getSocketAddress().toString();
    }

    @Override
    public void close() {
        try {
            hazelcast.getCluster().removeMembershipListener(membershipRegistration);
        } catch (RuntimeException alreadyDown) {
            LOG.debug("cluster: membership listener not removed", alreadyDown);
        }
        routing.shutdown();
        router.close();
        broadcast.close();
        directory.close();
    }
}
