package io.wsstream.jetty.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import io.wsstream.jetty.configuration.ServerSettings;
import io.wsstream.jetty.security.AuthenticatorWhiteboard;
import io.wsstream.jetty.stream.Refusal;

import org.junit.jupiter.api.Test;

/** Admission's decisions and their order, without a server: what each refusal answers and what it holds. */
class AdmissionTest {
    private static final String SAME_ORIGIN = "http://127.0.0.1:8765";

    private final Admission admission = new Admission("test",
            () -> ServerSettings.of(Map.of("max.connections", 1), "test").handshake(), Map::of, new AuthenticatorWhiteboard());

    private static Admission.Handshake from(String origin, Runnable decodeQuery) {
        return new Admission.Handshake("/x", origin, "127.0.0.1:8765", false, "127.0.0.1:50000", decodeQuery, () -> null);
    }

    private static Admission.Handshake from(String origin) {
        return from(origin, () -> {});
    }

    @Test
    void anAdmittedHandshakeHoldsThePlaceUntilItIsReleased() {
        Admission.Verdict first = admission.admit(from(SAME_ORIGIN), false);
        assertTrue(first.admitted());
        assertNotNull(first.permit);
        assertNull(first.principal, "no authenticator: anonymous");

        Admission.Verdict second = admission.admit(from(null), false);
        assertEquals(Refusal.CONNECTION_LIMIT, second.refusal);
        assertEquals(503, second.status);

        first.permit.release();
        first.permit.release();
        assertTrue(admission.admit(from(null), false).admitted(), "the place is back, once");
        assertEquals(Refusal.CONNECTION_LIMIT, admission.admit(from(null), false).refusal, "released twice counts once");
    }

    @Test
    void aForeignOriginIsRefusedBeforeItTakesAPlace() {
        Admission.Verdict foreign = admission.admit(from("https://evil.example"), false);
        assertEquals(Refusal.ORIGIN, foreign.refusal);
        assertEquals(403, foreign.status);
        assertNull(foreign.permit);

        assertTrue(admission.admit(from(SAME_ORIGIN), false).admitted(), "the refusal held no place");
    }

    @Test
    void aHandlerThatRequiresAPrincipalRefusesAnAnonymousHandshakeWith401AndGivesThePlaceBack() {
        Admission.Verdict anonymous = admission.admit(from(SAME_ORIGIN), true);
        assertEquals(Refusal.UNAUTHENTICATED, anonymous.refusal);
        assertEquals(401, anonymous.status);
        assertEquals("authentication required", anonymous.message);

        assertTrue(admission.admit(from(SAME_ORIGIN), false).admitted(), "the 401 gave its place back");
    }

    @Test
    void aPlainRequestThatRequiresAPrincipalIsRefusedAnonymouslyAndTakesNoPlace() {
        Admission.Verdict anonymous = admission.authenticate(from(SAME_ORIGIN));
        assertEquals(Refusal.UNAUTHENTICATED, anonymous.refusal);
        assertEquals(401, anonymous.status);
        assertNull(anonymous.permit);

        Admission.Verdict first = admission.admit(from(SAME_ORIGIN), false);
        assertTrue(first.admitted(), "the plain request held no place under the limit of 1");
        assertNotNull(first.permit);
    }

    @Test
    void aQueryThatDoesNotDecodeGivesThePlaceBackAndReachesTheCaller() {
        IllegalArgumentException malformed = new IllegalArgumentException("bad %-escape");
        assertEquals(malformed, assertThrows(IllegalArgumentException.class, () -> admission.admit(from(SAME_ORIGIN, () -> {
            throw malformed;
        }), false)));

        assertTrue(admission.admit(from(SAME_ORIGIN), false).admitted(), "the place was given back");
    }
}
