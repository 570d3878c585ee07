package io.wsstream.jetty.whiteboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;

import io.wsstream.api.WebsocketServerPullStream;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;

/** How the whiteboard tells a pull endpoint's handler service from one that is called: by its registration. */
class PullEndpointsTest {
    private final PullEndpoints endpoints = new PullEndpoints();
    private final PullAcceptor acceptor = new PullAcceptor() {
        @Override
        public boolean reserve() {
            return true;
        }

        @Override
        public void accepted(WebsocketServerPullStream stream) {}

        @Override
        public void cancel() {}
    };

    private static Map<String, Object> service(Object key, long bundleId) {
        return Map.of(PullEndpoints.KEY_PROPERTY, key, Constants.SERVICE_BUNDLEID, bundleId);
    }

    @Test
    void theKeyOnAServiceOfTheOpeningBundleNamesItsEndpoint() {
        String key = endpoints.add(7, acceptor);

        assertEquals(Optional.of(acceptor), endpoints.of(service(key, 7L)));
        assertTrue(endpoints.of(Map.of(Constants.SERVICE_BUNDLEID, 7L)).isEmpty(), "no key: a handler that is called");
    }

    @Test
    void anotherBundleThatCopiesTheKeyGetsAHandlerThatIsCalled() {
        String key = endpoints.add(7, acceptor);

        assertTrue(endpoints.of(service(key, 8L)).isEmpty());
        assertTrue(endpoints.of(service(new String[] {key}, 7L)).isEmpty(), "a key that is not a string names nothing");
    }

    @Test
    void aClosedEndpointsKeyNamesNothing() {
        String key = endpoints.add(7, acceptor);
        endpoints.remove(key);

        assertTrue(endpoints.of(service(key, 7L)).isEmpty());
    }
}
