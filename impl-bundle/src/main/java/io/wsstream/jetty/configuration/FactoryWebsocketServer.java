package io.wsstream.jetty.configuration;

import java.util.Map;

import io.wsstream.api.WebsocketConstants;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One more server per factory configuration of {@code io.wsstream.server.factory} (Karaf:
 * {@code etc/io.wsstream.server.factory-<name>.cfg}). Same properties as the default server; its name
 * defaults to the configuration's name. Deleting the configuration stops the server (streams: 1001).
 */
@Component(service = {}, configurationPid = WebsocketConstants.SERVER_FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ServerConfig.class, factory = true)
public final class FactoryWebsocketServer {
    private final ServerInstance instance;

    @Activate
    public FactoryWebsocketServer(Map<String, Object> properties, BundleContext context, @Reference ServerCollaborators collaborators) {
        instance = new ServerInstance(context, collaborators);
        modified(properties);
    }

    /**
     * The configuration comes as a map, not as {@link ServerConfig}: SCR would throw a {@code ComponentException}
     * for a value it cannot convert; {@link ServerSettings} converts it and refuses bad values in one line.
     */
    @Modified
    void modified(Map<String, Object> properties) {
        String pid = String.valueOf(properties.get("service.pid"));
        instance.configure(ServerSettings.describeConfiguration(properties, pid), () -> ServerSettings.of(properties, pid));
    }

    @Deactivate
    void deactivate() {
        instance.stop();
    }
}
