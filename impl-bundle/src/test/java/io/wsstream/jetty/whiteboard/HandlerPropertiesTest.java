package io.wsstream.jetty.whiteboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.wsstream.api.WebsocketConstants;
import io.wsstream.jetty.routing.HandlerInfo;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;

/** A handler service's properties as the whiteboard reads them: defaults, the forms each accepts, and refusals. */
class HandlerPropertiesTest {

    private static HandlerInfo<String> parse(Object... keysAndValues) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(Constants.SERVICE_ID, 5L);
        properties.put(Constants.SERVICE_BUNDLEID, 9L);
        properties.put(WebsocketConstants.PATH, "/x");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return HandlerProperties.parse(properties, "handler");
    }

    @Test
    void aPathAloneGetsTheDefaults() {
        HandlerInfo<String> info = parse();

        assertTrue(info.isValid());
        assertEquals(5L, info.serviceId());
        assertEquals(9L, info.bundleId());
        assertEquals(0, info.ranking());
        assertEquals(1001, info.closeCode());
        assertEquals(0L, info.closeGraceMillis());
        assertFalse(info.isAuthenticationRequired());
        assertEquals(List.of(), info.subprotocols());
        assertEquals("handler", info.source());
    }

    @Test
    void textFormsAreReadAsConfigurationAdminWritesThem() {
        HandlerInfo<String> info = parse(WebsocketConstants.CLOSE_CODE, " 1000 ", WebsocketConstants.CLOSE_GRACE_MILLIS, 250,
                WebsocketConstants.AUTHENTICATION_REQUIRED, "TRUE", Constants.SERVICE_RANKING, 3, WebsocketConstants.SUBPROTOCOLS, "chat");

        assertTrue(info.isValid(), info.invalidReason());
        assertEquals(1000, info.closeCode());
        assertEquals(250L, info.closeGraceMillis());
        assertTrue(info.isAuthenticationRequired());
        assertEquals(3, info.ranking());
        assertEquals(List.of("chat"), info.subprotocols());
    }

    @Test
    void aRankingThatIsNotAnIntegerCountsAsZero() {
        assertEquals(0, parse(Constants.SERVICE_RANKING, 7L).ranking());
    }

    @Test
    void eachBadValueIsRefusedWithAReasonThatNamesTheProperty() {
        assertRefused(WebsocketConstants.CLOSE_CODE, parse(WebsocketConstants.CLOSE_CODE, 1005));
        assertRefused(WebsocketConstants.CLOSE_CODE, parse(WebsocketConstants.CLOSE_CODE, "soon"));
        assertRefused(WebsocketConstants.CLOSE_GRACE_MILLIS, parse(WebsocketConstants.CLOSE_GRACE_MILLIS, -1));
        assertRefused(WebsocketConstants.CLOSE_GRACE_MILLIS, parse(WebsocketConstants.CLOSE_GRACE_MILLIS, "10"));
        assertRefused(WebsocketConstants.AUTHENTICATION_REQUIRED, parse(WebsocketConstants.AUTHENTICATION_REQUIRED, "yes"));
        assertFalse(parse(WebsocketConstants.TARGET, "(((").isValid());
        assertFalse(parse(WebsocketConstants.PATH, "no-slash").isValid());
    }

    private static void assertRefused(String property, HandlerInfo<String> info) {
        assertFalse(info.isValid());
        assertTrue(info.invalidReason().contains(property), info.invalidReason());
        assertEquals("/x", info.rawPath(), "listed with the path it asked for");
    }

    @Test
    void problemWithChecksAFactoryEndpointsPropertiesBeforeAnythingIsRegistered() {
        assertTrue(HandlerProperties.problemWith(Map.of(WebsocketConstants.PATH, "/ok")).isEmpty());
        assertTrue(HandlerProperties.problemWith(Map.of(WebsocketConstants.PATH, "/ok", WebsocketConstants.CLOSE_CODE, 1005)).isPresent());
    }
}
