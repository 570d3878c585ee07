package io.wsstream.itest;

import java.io.IOException;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.wsstream.api.StreamManager;
import io.wsstream.api.WebsocketConstants;
import io.wsstream.api.runtime.WebsocketServerRuntime;
import io.wsstream.api.runtime.dto.ServerDTO;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Servers of a test, through Configuration Admin as a user would make them: factory configurations of
 * {@code io.wsstream.server.factory} (port 0 unless given), and changes of the default server's
 * configuration. Whatever a test creates or changes is undone after it ({@link #cleanUp()}).
 */
public final class TestServers {
    private final BundleContext context;
    private final StreamManager streams;
    /** PIDs of the configurations the test created. */
    private final Set<String> created = new LinkedHashSet<>();
    private Dictionary<String, Object> defaultBefore;
    private int witnesses;

    TestServers(BundleContext context, StreamManager streams) {
        this.context = context;
        this.streams = streams;
    }

    /**
     * Creates a server from a factory configuration named {@code name} and waits until it listens.
     *
     * @param properties configuration properties; {@code port} defaults to 0
     */
    public WebsocketServerRuntime start(String name, Map<String, ?> properties) {
        Configuration configuration = factoryConfiguration(WebsocketConstants.SERVER_FACTORY_PID, name);
        update(configuration, properties);
        return awaitRuntime(name);
    }

    /** Replaces the properties of a server made by {@link #start}; does not wait. */
    public void update(String name, Map<String, ?> properties) {
        update(factoryConfiguration(WebsocketConstants.SERVER_FACTORY_PID, name), properties);
    }

    /** Deletes the configuration of a server made by {@link #start} and waits until it is gone. */
    public void stop(String name) {
        String pid = factoryConfiguration(WebsocketConstants.SERVER_FACTORY_PID, name).getPid();
        delete(pid);
        created.remove(pid);
        WsstreamTestSupport.await("server " + name + " gone", () -> runtime(name).isEmpty());
    }

    /**
     * The (named) factory configuration of any factory PID, remembered for deletion after the test. Note:
     * {@code getFactoryConfiguration(factoryPid, name, "?")} makes the PID {@code factoryPid~name}.
     */
    public Configuration factoryConfiguration(String factoryPid, String name) {
        try {
            Configuration configuration = admin().getFactoryConfiguration(factoryPid, name, "?");
            created.add(configuration.getPid());
            return configuration;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Changes properties of the default server's configuration (restored after the test); does not wait. */
    public void updateDefault(Map<String, ?> changes) {
        try {
            Configuration configuration = admin().getConfiguration(WebsocketConstants.SERVER_PID, "?");
            Dictionary<String, Object> current = configuration.getProperties();
            if (defaultBefore == null) {
                defaultBefore = copy(current);
            }
            Dictionary<String, Object> next = copy(current);
            changes.forEach(next::put);
            configuration.update(next);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Deletes the default server's configuration (restored after the test): it then runs on the defaults. */
    public void deleteDefault() {
        try {
            Configuration configuration = admin().getConfiguration(WebsocketConstants.SERVER_PID, "?");
            if (defaultBefore == null) {
                defaultBefore = copy(configuration.getProperties());
            }
            configuration.delete();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Waits until the configuration changes made so far have reached the servers. Configuration Admin
     * delivers its events in order on one thread, and SCR handles each before the next: once a server
     * made after them listens, they have been applied.
     */
    public void awaitConfigurationApplied() {
        start("witness-" + (++witnesses), Map.of());
    }

    /** @return the runtime service of the named server, if it runs */
    public Optional<WebsocketServerRuntime> runtime(String name) {
        return reference(name).map(context::getService);
    }

    /** @return the runtime service reference of the named server, if it runs */
    public Optional<ServiceReference<WebsocketServerRuntime>> reference(String name) {
        try {
            return context.getServiceReferences(WebsocketServerRuntime.class, "(" + WebsocketConstants.SERVER_NAME + "=" + name + ")")
                .stream().findFirst();
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Waits until the named server listens. */
    public WebsocketServerRuntime awaitRuntime(String name) {
        return WsstreamTestSupport.await("server " + name + " listening").until(() -> runtime(name), Optional::isPresent).get();
    }

    /** @return the DTO of the named server, from its own runtime service's view */
    public ServerDTO dto(String name) {
        return runtime(name).map(server -> server.getRuntimeDTO().serverDTO)
            .orElseThrow(() -> new AssertionError("no server named " + name + " in " + Arrays.toString(streams.getWhiteboardDTO().serverDTOs)));
    }

    /** Deletes the factory configurations of the test and restores the default server's configuration. */
    void cleanUp() {
        boolean changed = !created.isEmpty() || defaultBefore != null;
        for (String pid : created) {
            delete(pid);
        }
        created.clear();
        if (defaultBefore != null) {
            try {
                admin().getConfiguration(WebsocketConstants.SERVER_PID, "?").update(defaultBefore);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            defaultBefore = null;
        }
        if (changed) {
            // one snapshot: two runtime() calls can see different server lists while a server restarts
            WsstreamTestSupport.await("only the default server left", () -> {
                ServerDTO[] running = streams.getWhiteboardDTO().serverDTOs;
                return running.length == 1 && running[0].name.equals(WebsocketConstants.DEFAULT_SERVER_NAME);
            });
        }
    }

    private static void update(Configuration configuration, Map<String, ?> properties) {
        Dictionary<String, Object> dictionary = new Hashtable<>();
        dictionary.put("port", 0);
        properties.forEach(dictionary::put);
        try {
            configuration.update(dictionary);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private void delete(String pid) {
        try {
            Configuration[] existing = admin().listConfigurations("(" + org.osgi.framework.Constants.SERVICE_PID + "=" + pid + ")");
            if (existing != null) {
                for (Configuration configuration : existing) {
                    configuration.delete();
                }
            }
        } catch (IOException | InvalidSyntaxException e) {
            throw new AssertionError("cannot delete configuration " + pid + ": " + e, e);
        }
    }

    private static Dictionary<String, Object> copy(Dictionary<String, Object> source) {
        Dictionary<String, Object> copy = new Hashtable<>();
        if (source != null) {
            for (var keys = source.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                copy.put(key, source.get(key));
            }
        }
        return copy;
    }

    private ConfigurationAdmin admin() {
        ServiceReference<ConfigurationAdmin> reference = context.getServiceReference(ConfigurationAdmin.class);
        if (reference == null) {
            throw new AssertionError("no ConfigurationAdmin service");
        }
        return context.getService(reference);
    }
}
