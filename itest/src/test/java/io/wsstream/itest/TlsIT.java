package io.wsstream.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Map;

import javax.net.ssl.SSLException;

import io.wsstream.api.WebsocketConstants;
import io.wsstream.api.runtime.WebsocketServerRuntime;
import io.wsstream.itest.support.TestSocket;

import org.junit.Test;

/**
 * wss: a server configured with a keystore (made here with keytool) speaks TLS only, next to plain
 * servers; clients that trust its certificate connect, others fail the TLS handshake.
 */
public class TlsIT extends WsstreamTestSupport {

    private WebsocketServerRuntime tlsServer(String name, TestKeystores.Keystore keystore) {
        return servers().start(name, Map.of("tls.keystore.path", keystore.path().toString(), "tls.keystore.type", keystore.type(),
            "tls.keystore.password", TestKeystores.PASSWORD));
    }

    @Test
    public void aPkcs12KeystoreMakesAWssServerNextToThePlainOne() {
        TestKeystores.Keystore keystore = TestKeystores.create("PKCS12");
        WebsocketServerRuntime tls = tlsServer("tls", keystore);
        serve("/tls/echo", StreamLifecycleIT.ECHO);

        assertTrue(tls.uri("/tls/echo").toString(), tls.uri("/tls/echo").toString().startsWith("wss://127.0.0.1:"));
        assertEquals(Boolean.TRUE, servers().reference("tls").orElseThrow().getProperty(WebsocketConstants.SERVER_SECURE));
        assertTrue(servers().dto("tls").secure);
        TestSocket secure = connect(tls.uri("/tls/echo"), options -> options.sslContext(keystore.clientContext()));
        TestSocket plain = connect("/tls/echo");
        secure.sendText("over TLS");
        plain.sendText("in the clear");
        assertEquals("over TLS", secure.nextText());
        assertEquals("in the clear", plain.nextText());
        awaitStreamsOnServers("/tls/echo", WebsocketConstants.DEFAULT_SERVER_NAME, "tls");
    }

    @Test
    public void aJksKeystoreWorksToo() {
        TestKeystores.Keystore keystore = TestKeystores.create("JKS");
        WebsocketServerRuntime tls = tlsServer("tls-jks", keystore);
        serve("/tls/jks", StreamLifecycleIT.ECHO);
        TestSocket socket = connect(tls.uri("/tls/jks"), options -> options.sslContext(keystore.clientContext()));
        socket.sendText("jks");
        assertEquals("jks", socket.nextText());
    }

    @Test
    public void aClientThatDoesNotTrustTheCertificateCannotConnect() {
        TestKeystores.Keystore keystore = TestKeystores.create("PKCS12");
        WebsocketServerRuntime tls = tlsServer("tls-untrusted", keystore);
        serve("/tls/untrusted", StreamLifecycleIT.ECHO);
        try {
            connect(tls.uri("/tls/untrusted"));
            throw new IllegalStateException("connected without trusting the certificate");
        } catch (AssertionError expected) {
            assertTrue(String.valueOf(expected.getCause()), causedBy(expected, SSLException.class));
        }
    }

    @Test
    public void aHandlerCanBeServedOnTlsServersOnly() {
        TestKeystores.Keystore keystore = TestKeystores.create("PKCS12");
        WebsocketServerRuntime tls = tlsServer("tls-only", keystore);
        serve(WhiteboardIT.named("secure only"), Map.of(WebsocketConstants.PATH, "/tls/only",
            WebsocketConstants.TARGET, "(" + WebsocketConstants.SERVER_SECURE + "=true)"));
        assertEquals("secure only null", connect(tls.uri("/tls/only"), options -> options.sslContext(keystore.clientContext())).nextText());
        assertEquals(404, handshakeStatus("/tls/only"));
    }

    @Test
    public void aWrongKeystorePasswordLeavesTheServerDownUntilFixed() {
        TestKeystores.Keystore keystore = TestKeystores.create("PKCS12");
        servers().factoryConfiguration(WebsocketConstants.SERVER_FACTORY_PID, "tls-broken");
        try (LogCapture log = LogCapture.start()) {
            servers().update("tls-broken", Map.of("tls.keystore.path", keystore.path().toString(), "tls.keystore.password", "wrong"));
            servers().awaitConfigurationApplied();
            assertTrue(servers().runtime("tls-broken").isEmpty());
            log.assertOneErrorLineWithoutStackTrace("wsstream server tls-broken cannot start", "tls.keystore.path",
                "keystore password was incorrect");
        }

        servers().update("tls-broken", Map.of("tls.keystore.path", keystore.path().toString(), "tls.keystore.password", TestKeystores.PASSWORD));
        WebsocketServerRuntime fixed = servers().awaitRuntime("tls-broken");
        serve("/tls/fixed", StreamLifecycleIT.ECHO);
        assertEquals(101, TestSocket.handshakeStatus(fixed.uri("/tls/fixed"), options -> options.sslContext(keystore.clientContext())));
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
