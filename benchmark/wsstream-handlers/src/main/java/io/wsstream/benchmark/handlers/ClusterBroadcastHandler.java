package io.wsstream.benchmark.handlers;

import io.wsstream.api.Message;
import io.wsstream.api.StreamHandler;
import io.wsstream.api.WebsocketServerStream;
import io.wsstream.api.cluster.StreamCluster;
import io.wsstream.api.propertytypes.WsstreamPath;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code /bench/cluster}: as {@link BroadcastHandler}, but through {@link StreamCluster#broadcast}, so a message
 * from any stream reaches the streams of the path on every node. Served only while the node is in a cluster
 * (the service is registered then).
 */
@Component
@WsstreamPath("/bench/cluster")
public class ClusterBroadcastHandler implements StreamHandler {
    private final StreamCluster cluster;

    @Activate
    public ClusterBroadcastHandler(@Reference StreamCluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public void onMessage(WebsocketServerStream stream, Message message) {
        cluster.broadcast(stream.path(), message.asMap());
    }
}
