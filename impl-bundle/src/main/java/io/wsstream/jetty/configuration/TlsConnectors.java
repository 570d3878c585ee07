package io.wsstream.jetty.configuration;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** Connectors of a server: plain HTTP/1.1, or HTTP/1.1 over TLS with the configured keystore. */
final class TlsConnectors {
    private TlsConnectors() {}

    static ServerConnector create(Server server, ServerSettings settings) {
        if (settings.tls == null) {
            return new ServerConnector(server);
        }
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStore(load(settings.tls));
        tls.setKeyStorePassword(settings.tls.keystorePassword);
        HttpConfiguration https = new HttpConfiguration();
        https.addCustomizer(new SecureRequestCustomizer());
        return new ServerConnector(server, new SslConnectionFactory(tls, HttpVersion.HTTP_1_1.asString()), new HttpConnectionFactory(https));
    }

    /** Loads the keystore here, rather than in Jetty, to fail with a message that names the configuration. */
    private static KeyStore load(ServerSettings.TlsSettings tls) {
        Path path = Path.of(tls.keystorePath);
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore keyStore = KeyStore.getInstance(tls.keystoreType);
            keyStore.load(in, tls.keystorePassword.toCharArray());
            return keyStore;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("tls.keystore.path: cannot load the " + tls.keystoreType + " keystore " + path.toAbsolutePath()
                    + " (missing, wrong type or wrong tls.keystore.password): " + e, e);
        }
    }
}
