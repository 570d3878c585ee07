package io.wsstream.cluster.node;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.stream.Collectors;

import com.hazelcast.core.HazelcastInstance;

import io.wsstream.api.StreamListener;
import io.wsstream.api.StreamManager;
import io.wsstream.api.cluster.StreamCluster;

import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's membership in a cluster, present only while {@code io.wsstream.cluster} is configured. Hazelcast starts
 * on a thread of its own, so that a slow join holds up nothing else; once it runs, the {@link StreamCluster} and the
 * directory's {@link StreamListener} are registered. A changed configuration restarts it; a bad one is refused with
 * one line and nothing starts. The services are registered by hand, not by DS, so their capability is declared here.
 */
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"io.wsstream.api.cluster.StreamCluster,io.wsstream.api.StreamListener\"",
        uses = {StreamCluster.class, StreamListener.class})
@Component(configurationPid = ClusterConfiguration.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = ClusterConfiguration.class)
public final class ClusterNode {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);

    private final BundleContext context;
    private final StreamManager streams;
    private final Object lock = new Object();
    private ClusterSettings settings;
    private Thread starter;
    private HazelcastInstance hazelcast;
    private ClusterView view;
    private ServiceRegistration<?> registration;
    private boolean stopped;

    @Activate
    public ClusterNode(BundleContext context, @Reference StreamManager streams, ClusterConfiguration config) {
        this.context = context;
        this.streams = streams;
        try {
            settings = ClusterSettings.of(config);
        } catch (IllegalArgumentException invalid) {
            LOG.error("wsstream cluster not started: {} in configuration {}", invalid.getMessage(), ClusterConfiguration.PID);
            return;
        }
        starter = new Thread(this::start, "wsstream-cluster-start");
        starter.setDaemon(true);
        starter.start();
    }

    private void start() {
        LOG.info("cluster {}: node {} starting as {} (members {})", settings.clusterName(), settings.nodeName(),
                settings.client() ? "client" : "member on " + settings.bindHost() + ":" + settings.port(), settings.members());
        HazelcastInstance started;
        try {
            started = HazelcastStarter.start(settings);
        } catch (RuntimeException failure) {
            LOG.error("wsstream cluster {}: node {} could not start, it serves its own streams alone: {}", settings.clusterName(),
                    settings.nodeName(), failure.toString());
            LOG.debug("cluster start failure", failure);
            return;
        }
        synchronized (lock) {
            if (stopped) {
                started.shutdown();
                return;
            }
            hazelcast = started;
            view = new ClusterView(started, settings, streams);
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put("wsstream.cluster.name", settings.clusterName());
            properties.put("wsstream.cluster.node", settings.nodeName());
            registration = context.registerService(new String[] {StreamCluster.class.getName(), StreamListener.class.getName()}, view,
                    properties);
        }
        reportAlone(started);
    }

    /** One line when a member that was given others to join finds itself alone: it serves its own streams, and retries. */
    private void reportAlone(HazelcastInstance started) {
        if (settings.client() || settings.members().isEmpty() || started.getCluster().getMembers().size() > 1) {
            LOG.info("cluster {}: node {} joined, {} members", settings.clusterName(), settings.nodeName(),
                    started.getCluster().getMembers().size());
            return;
        }
        String self = settings.bindHost() + ":" + settings.port();
        List<String> others = settings.members().stream().filter(member -> !member.equals(self)).collect(Collectors.toList());
        if (!others.isEmpty()) {
            LOG.warn("cluster {}: node {} is alone: none of {} answered with the same cluster.name; it serves its own streams and "
                    + "keeps looking for them every {} s", settings.clusterName(), settings.nodeName(), others, settings.failureTimeoutSeconds());
        }
    }

    @Deactivate
    void deactivate() {
        Thread starting;
        synchronized (lock) {
            stopped = true;
            starting = starter;
        }
        if (starting != null) {
            try {
                starting.join(30_000);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (lock) {
            if (registration != null) {
                registration.unregister();
            }
            if (view != null) {
                view.close();
            }
            if (hazelcast != null) {
                hazelcast.shutdown();
                LOG.info("cluster {}: node {} left", settings.clusterName(), settings.nodeName());
            }
        }
    }
}
