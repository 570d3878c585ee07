package io.wsstream.jetty.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import io.wsstream.api.WebsocketConstants;
import io.wsstream.api.authentication.AuthenticationResult;
import io.wsstream.api.authentication.StreamAuthenticator;
import io.wsstream.api.runtime.dto.DTOConstants;
import io.wsstream.api.runtime.dto.FailedAuthenticatorDTO;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentServiceObjects;

class AuthenticatorWhiteboardTest {
    private static final Map<String, Object> SERVER_A = Map.of(WebsocketConstants.SERVER_NAME, "a");
    private static final Map<String, Object> SERVER_B = Map.of(WebsocketConstants.SERVER_NAME, "b");
    private static final StreamAuthenticator ABSTAINS = request -> AuthenticationResult.abstain();

    private final AuthenticatorWhiteboard whiteboard = new AuthenticatorWhiteboard();

    private static Map<String, Object> service(long id, Object target) {
        return target == null ? Map.of(Constants.SERVICE_ID, id, Constants.SERVICE_BUNDLEID, 7L)
            : Map.of(Constants.SERVICE_ID, id, Constants.SERVICE_BUNDLEID, 7L, WebsocketConstants.TARGET, target);
    }

    /** The service as SCR hands it over; {@code null} stands for a service whose factory fails. */
    private static ComponentServiceObjects<StreamAuthenticator> objects(StreamAuthenticator authenticator) {
        return new ComponentServiceObjects<>() {
            @Override
            public StreamAuthenticator getService() {
                return authenticator;
            }

            @Override
            public void ungetService(StreamAuthenticator service) {}

            @Override
            public ServiceReference<StreamAuthenticator> getServiceReference() {
                return null;
            }
        };
    }

    private Authentication on(Map<String, Object> server) {
        return whiteboard.authenticate(server, () -> null);
    }

    @Test
    void anUnreadableTargetMakesEveryServerAnswer503UntilTheServiceLeaves() {
        whiteboard.bindAuthenticator(objects(request -> AuthenticationResult.accept(() -> "anyone")), service(1, null));
        whiteboard.bindAuthenticator(objects(ABSTAINS), service(2, "(((bad"));

        assertEquals(Authentication.UNAVAILABLE, on(SERVER_A).status(), "even where another authenticator would accept");
        assertEquals(Authentication.UNAVAILABLE, on(SERVER_B).status());
        FailedAuthenticatorDTO[] failed = whiteboard.failedAuthenticators();
        assertEquals(1, failed.length);
        assertEquals(2, failed[0].serviceId);
        assertEquals(7, failed[0].bundleId);
        assertEquals(DTOConstants.FAILURE_REASON_VALIDATION_FAILED, failed[0].failureReason);
        assertTrue(failed[0].failureMessage.contains("(((bad"), failed[0].failureMessage);

        whiteboard.unbindAuthenticator(objects(ABSTAINS), service(2, "(((bad"));
        assertEquals("anyone", on(SERVER_A).principal().getName());
        assertEquals(0, whiteboard.failedAuthenticators().length);
    }

    @Test
    void aTargetThatIsNoStringIsUnreadableToo() {
        whiteboard.bindAuthenticator(objects(ABSTAINS), service(3, new String[] {"(wsstream.server.name=a)"}));
        assertEquals(Authentication.UNAVAILABLE, on(SERVER_B).status());
    }

    @Test
    void correctedPropertiesLiftThe503() {
        whiteboard.bindAuthenticator(objects(ABSTAINS), service(4, "(((bad"));
        whiteboard.updatedAuthenticator(objects(ABSTAINS), service(4, "(" + WebsocketConstants.SERVER_NAME + "=a)"));
        assertFalse(on(SERVER_A).isRefused());
        assertEquals(0, whiteboard.failedAuthenticators().length);
    }

    @Test
    void aServiceThatCannotBeObtainedMakesTheServersItsTargetMatchesAnswer503() {
        whiteboard.bindAuthenticator(objects(null), service(6, "(" + WebsocketConstants.SERVER_NAME + "=a)"));

        assertEquals(Authentication.UNAVAILABLE, on(SERVER_A).status());
        assertFalse(on(SERVER_B).isRefused(), "its target does not match b");
        FailedAuthenticatorDTO failed = whiteboard.failedAuthenticators()[0];
        assertEquals(DTOConstants.FAILURE_REASON_SERVICE_NOT_GETTABLE, failed.failureReason);
        assertTrue(failed.failureMessage.contains("(wsstream.server.name=a)"), failed.failureMessage);
        assertEquals(1, whiteboard.failedAuthenticators(SERVER_A).length, "server a's own view lists it");
        assertEquals(0, whiteboard.failedAuthenticators(SERVER_B).length, "server b's does not: it does not keep b closed");
    }

    @Test
    void anErrorThrownByAnAuthenticatorIsA500() {
        whiteboard.bindAuthenticator(objects(request -> {
            throw new NoClassDefFoundError("io/example/Gone");
        }), service(5, null));
        Authentication failed = on(SERVER_A);
        assertEquals(Authentication.FAILED, failed.status());
        assertTrue(failed.reason().contains("NoClassDefFoundError"), failed.reason());
    }
}
