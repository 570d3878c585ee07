package io.wsstream.jetty.configuration;

import java.util.Map;

import io.wsstream.api.WebsocketConstants;

import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default server, configured by {@code io.wsstream.server} (optional: without a configuration it runs
 * on the defaults). Additional servers come from factory configurations ({@link FactoryWebsocketServer}).
 * A configuration change is applied by {@link ServerInstance}: live, or by a restart of the server.
 */
@Component(service = {}, configurationPid = WebsocketConstants.SERVER_PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ServerConfig.class)
@Capability(namespace = WebsocketConstants.IMPLEMENTATION_NAMESPACE, name = WebsocketConstants.IMPLEMENTATION,
        version = WebsocketConstants.IMPLEMENTATION_VERSION, uses = io.wsstream.api.StreamHandler.class)
public final class WebsocketServer {
    private static final Logger LOG = LoggerFactory.getLogger(WebsocketServer.class);

    private final ServerInstance instance;

    @Activate
    public WebsocketServer(Map<String, Object> properties, BundleContext context, @Reference ServerCollaborators collaborators) {
        instance = new ServerInstance(context, collaborators);
        modified(properties);
    }

    /**
     * The configuration comes as a map, not as {@link ServerConfig}: SCR would throw a {@code ComponentException}
     * for a value it cannot convert; {@link ServerSettings} converts it and refuses bad values in one line.
     */
    @Modified
    void modified(Map<String, Object> properties) {
        warnOfFactoryConfiguration(properties);
        instance.configure(ServerSettings.describeConfiguration(properties, WebsocketConstants.SERVER_PID),
                () -> ServerSettings.of(properties, WebsocketConstants.DEFAULT_SERVER_NAME));
    }

    @Deactivate
    void deactivate() {
        instance.stop();
    }

    /**
     * Felix SCR gives factory configurations of a component's own PID to that component: the first one
     * replaces the configuration-less default server. Say so, since {@code etc/io.wsstream.server-x.cfg}
     * is an easy mistake for {@code etc/io.wsstream.server.factory-x.cfg}.
     */
    private static void warnOfFactoryConfiguration(Map<String, Object> properties) {
        if (WebsocketConstants.SERVER_PID.equals(properties.get("service.factoryPid"))) {
            LOG.warn("configuration {} is a factory configuration of {}: it configures the default server instead of adding one. "
                    + "Additional servers are factory configurations of {} (Karaf: etc/{}-<name>.cfg)", properties.get("service.pid"),
                    WebsocketConstants.SERVER_PID, WebsocketConstants.SERVER_FACTORY_PID, WebsocketConstants.SERVER_FACTORY_PID);
        }
    }
}
