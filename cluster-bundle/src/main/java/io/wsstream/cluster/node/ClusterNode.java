package io.wsstream.cluster.node;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleEvent.LifecycleState;

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
 * on a thread of its own, so that a slow join holds up nothing else: the node serves its own streams all along. Once
 * the node is in a cluster (a member that runs, alone or joined; a client connected), the {@link StreamCluster} and
 * the directory's {@link StreamListener} are registered.
 *
 * <p>A member whose join no member answers within the join timeout (e.g. a member address where something else
 * listens) tries again every failure-detection timeout. A client connects in the background, and while it has no
 * connection to the cluster the services are withdrawn (handlers fall back to this node's own streams); once it is
 * connected again, they come back and the node lists its streams again. A node that is alone says so in one line.
 * A changed configuration restarts it; a bad one is refused with one line and nothing starts. The services are
 * registered by hand, not by DS, so their capability is declared here.
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
    /** A client's connection changes, handled in order and off Hazelcast's event threads. */
    private final ExecutorService connectionEvents = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "wsstream-cluster-connection");
        thread.setDaemon(true);
        return thread;
    });
    private ClusterSettings settings;
    private Thread starter;
    private HazelcastInstance hazelcast;
    private ClusterView view;
    private ServiceRegistration<?> registration;
    private boolean stopped;
    private boolean saidAlone;
    private boolean attachedOnce;

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
        if (settings.client()) {
            startClient();
        } else {
            startMember();
        }
    }

    /** Starts the member, again after every join that failed, until it runs or the node stops. */
    private void startMember() {
        while (true) {
            HazelcastInstance started;
            try {
                started = HazelcastStarter.start(settings);
            } catch (RuntimeException failure) {
                sayAloneOnce("none of " + others() + " answered the join within " + settings.joinTimeoutSeconds()
                        + " s; it serves its own streams and tries again every " + settings.failureTimeoutSeconds() + " s");
                LOG.debug("cluster {}: node {} did not start", settings.clusterName(), settings.nodeName(), failure);
                if (pausedUntilStopped(settings.failureTimeoutSeconds())) {
                    return;
                }
                continue;
            }
            synchronized (lock) {
                if (stopped) {
                    started.shutdown();
                    return;
                }
                hazelcast = started;
                attach();
            }
            reportMembers(started);
            return;
        }
    }

    /** One line when a member that was given others to join finds itself alone: it serves its own streams, and retries. */
    private void reportMembers(HazelcastInstance started) {
        int members = started.getCluster().getMembers().size();
        if (members == 1 && !others().isEmpty()) {
            sayAloneOnce("none of " + others() + " answered with the same cluster.name; it serves its own streams and "
                    + "keeps looking for them every " + settings.failureTimeoutSeconds() + " s");
        } else {
            LOG.info("cluster {}: node {} joined, {} members", settings.clusterName(), settings.nodeName(), members);
        }
    }

    /**
     * Starts the client, which connects in the background (and again whenever it lost the cluster); its connection
     * events attach this node to the cluster and detach it. Says once when the first connection takes longer than
     * the join timeout.
     */
    private void startClient() {
        HazelcastInstance client;
        try {
            client = HazelcastStarter.start(settings);
        } catch (RuntimeException failure) {
            LOG.error("wsstream cluster {}: node {} could not start its client, it serves its own streams alone: {}", settings.clusterName(),
                    settings.nodeName(), failure.toString());
            LOG.debug("cluster client start failure", failure);
            return;
        }
        synchronized (lock) {
            if (stopped) {
                client.shutdown();
                return;
            }
            hazelcast = client;
        }
        client.getLifecycleService().addLifecycleListener(this::clientChanged);
        // connected before the listener was added: no event will tell
        onConnectionEvents(() -> {
            if (!client.getCluster().getMembers().isEmpty()) {
                attach();
            }
        });
        if (!pausedUntilStopped(settings.joinTimeoutSeconds())) {
            synchronized (lock) {
                if (!attachedOnce) {
                    sayAloneOnce("no member of " + settings.members() + " answered within " + settings.joinTimeoutSeconds()
                            + " s; it serves its own streams and keeps trying");
                }
            }
        }
    }

    private void clientChanged(LifecycleEvent event) {
        if (event.getState() == LifecycleState.CLIENT_CONNECTED) {
            onConnectionEvents(() -> {
                attach();
                LOG.info("cluster {}: node {} connected as a client, {} members", settings.clusterName(), settings.nodeName(),
                        hazelcast.getCluster().getMembers().size());
            });
        } else if (event.getState() == LifecycleState.CLIENT_DISCONNECTED) {
            onConnectionEvents(() -> detach(() -> LOG.warn(
                    "cluster {}: node {} lost its connection to the cluster; it serves its own streams alone and reconnects",
                    settings.clusterName(), settings.nodeName())));
        }
    }

    private void onConnectionEvents(Runnable task) {
        try {
            connectionEvents.execute(task);
        } catch (RejectedExecutionException stopping) {
            LOG.debug("cluster: a connection event after the node stopped");
        }
    }

    /** Registers the services (creating the view once); lists this node's streams again when it comes back. */
    private void attach() {
        synchronized (lock) {
            if (stopped || registration != null) {
                return;
            }
            boolean firstTime = view == null;
            if (firstTime) {
                view = new ClusterView(hazelcast, settings, streams);
            }
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put("wsstream.cluster.name", settings.clusterName());
            properties.put("wsstream.cluster.node", settings.nodeName());
            registration = context.registerService(new String[] {StreamCluster.class.getName(), StreamListener.class.getName()}, view,
                    properties);
            // listed only now that the view hears openings: a stream opened between a listing and the listener's
            // registration was missed for good (KarafClusterIT once saw its stream unlisted for 90 s)
            if (firstTime) {
                view.listLocalStreams();
            } else {
                view.reconnected();
            }
            attachedOnce = true;
        }
    }

    /**
     * Withdraws the services if they are registered, saying why first: whoever finds them gone (a shell user, a
     * handler tracking them) finds the reason already in the log.
     */
    private void detach(Runnable sayWhy) {
        synchronized (lock) {
            if (registration == null) {
                return;
            }
            sayWhy.run();
            registration.unregister();
            registration = null;
        }
    }

    private void sayAloneOnce(String why) {
        synchronized (lock) {
            if (saidAlone || stopped) {
                return;
            }
            saidAlone = true;
        }
        LOG.warn("cluster {}: node {} is alone: {}", settings.clusterName(), settings.nodeName(), why);
    }

    /** @return the members to join other than this one */
    private List<String> others() {
        String self = settings.bindHost() + ":" + settings.port();
        return settings.members().stream().filter(member -> !member.equals(self)).collect(Collectors.toList());
    }

    /** @return whether the node stopped during the pause */
    private boolean pausedUntilStopped(int seconds) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        synchronized (lock) {
            try {
                for (long left = end - System.nanoTime(); !stopped && left > 0; left = end - System.nanoTime()) {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return true;
            }
            return stopped;
        }
    }

    @Deactivate
    void deactivate() {
        Thread starting;
        synchronized (lock) {
            stopped = true;
            lock.notifyAll();
            starting = starter;
        }
        if (starting != null) {
            try {
                starting.join(TimeUnit.SECONDS.toMillis(settings.joinTimeoutSeconds() + 10L));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        connectionEvents.shutdown();
        synchronized (lock) {
            detach(() -> { });
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
