package io.wsstream.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import io.wsstream.api.WebsocketConstants;
import io.wsstream.api.runtime.WebsocketServerRuntime;
import io.wsstream.itest.support.TestSocket;

import org.junit.Test;
import org.osgi.service.cm.Configuration;

/**
 * What Felix SCR does with a factory configuration of the optional default component's own PID when no
 * singleton configuration exists: it gives it to the default component, so the default server is replaced
 * rather than joined by another one. This is why additional servers use {@code io.wsstream.server.factory}
 * (see also {@link MultiServerIT}, where a singleton configuration exists and SCR refuses the factory one).
 * Own class: the test takes the default server away for a moment.
 */
public class FactoryPidIT extends WsstreamTestSupport {

    @Test
    public void withoutASingletonConfigurationAFactoryConfigurationOfTheDefaultPidReplacesTheDefaultServer() throws Exception {
        servers().deleteDefault();
        Configuration hijack = servers().factoryConfiguration(WebsocketConstants.SERVER_PID, "hijack");
        Dictionary<String, Object> properties = new Hashtable<>(Map.of("port", 0));
        hijack.update(properties);

        WebsocketServerRuntime replaced = servers().awaitRuntime("hijack");
        await("the default server is gone: it became 'hijack'", () -> servers().runtime(WebsocketConstants.DEFAULT_SERVER_NAME).isEmpty());
        assertEquals("exactly one server: no additional one", 1, streams.getWhiteboardDTO().serverDTOs.length);
        assertTrue(replaced.port() > 0);
        serve("/pid/echo", StreamLifecycleIT.ECHO);
        TestSocket socket = connect(replaced.uri("/pid/echo"));
        socket.sendText("served by the replaced default component");
        assertEquals("served by the replaced default component", socket.nextText());
    }
}
