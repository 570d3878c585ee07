package io.wsstream.bridge;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says so when a configuration meant for a bridge or forwarder is no factory configuration: a PID such as
 * {@code io.wsstream.bridge.tcp~redis} on a plain configuration, which no bridge reads. Felix FileInstall
 * makes exactly that of a file {@code etc/io.wsstream.bridge.tcp~redis.cfg} (it reads only
 * {@code <factory PID>-<name>.cfg} as a factory configuration), and it would otherwise be ignored in silence.
 * One ERROR line per such configuration, when it is set, and for those that exist when the bundle starts.
 */
@Component
public final class MisnamedConfigurations implements ConfigurationListener {
    private static final Logger LOG = LoggerFactory.getLogger(MisnamedConfigurations.class);
    private static final List<String> FACTORY_PIDS = List.of(WebsocketToTcpBridge.PID, TcpToWebsocketForwarder.PID);

    @Activate
    public MisnamedConfigurations(@Reference ConfigurationAdmin configurations) {
        try {
            Configuration[] existing = configurations.listConfigurations(
                    "(|(service.pid=" + WebsocketToTcpBridge.PID + "~*)(service.pid=" + TcpToWebsocketForwarder.PID + "~*))");
            for (Configuration configuration : existing == null ? new Configuration[0] : existing) {
                report(configuration.getPid(), configuration.getFactoryPid());
            }
        } catch (IOException | InvalidSyntaxException e) {
            LOG.debug("cannot list the configurations", e);
        }
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        if (event.getType() == ConfigurationEvent.CM_UPDATED) {
            report(event.getPid(), event.getFactoryPid());
        }
    }

    private static void report(String pid, String factoryPid) {
        if (factoryPid != null) {
            return;
        }
        meantFor(pid).ifPresent(meant -> {
            String name = pid.substring(meant.length() + 1);
            LOG.error("configuration {} is no factory configuration of {}, so no bridge or forwarder reads it; "
                    + "a file etc/{}-{}.cfg makes the factory configuration {} (FileInstall reads a '~' in a file name as part of a plain PID)",
                    pid, meant, meant, name, pid);
        });
    }

    /** @return the factory PID a plain PID like {@code io.wsstream.bridge.tcp~redis} was meant for */
    static Optional<String> meantFor(String pid) {
        return FACTORY_PIDS.stream().filter(factoryPid -> pid.startsWith(factoryPid + "~")).findFirst();
    }
}
