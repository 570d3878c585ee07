package io.wsstream.itest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Keystores made by the JDK's {@code keytool} for the test: a self-signed certificate for
 * {@code 127.0.0.1} and {@code localhost}, and a client TLS context that trusts exactly that certificate.
 */
public final class TestKeystores {
    public static final String PASSWORD = "changeit-" + Long.toHexString(System.nanoTime());

    /** A keystore file and the client side that trusts its certificate. */
    public record Keystore(Path path, String type, SSLContext clientContext) {}

    private TestKeystores() {}

    /** @param type {@code PKCS12} or {@code JKS} */
    public static Keystore create(String type) {
        try {
            Path directory = Files.createDirectories(Path.of("target", "keystores"));
            Path file = directory.resolve("server-" + type.toLowerCase() + "-" + System.nanoTime() + (type.equals("JKS") ? ".jks" : ".p12"));
            keytool(List.of("-genkeypair", "-alias", "wsstream", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-storetype", type, "-keystore", file.toAbsolutePath().toString(), "-storepass", PASSWORD, "-keypass", PASSWORD));
            return new Keystore(file.toAbsolutePath(), type, trusting(file, type));
        } catch (IOException e) {
            throw new AssertionError("cannot create a keystore: " + e, e);
        }
    }

    private static void keytool(List<String> arguments) throws IOException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("keytool did not finish within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for keytool");
        }
        if (process.exitValue() != 0) {
            throw new AssertionError("keytool failed (" + process.exitValue() + "): " + output);
        }
    }

    private static SSLContext trusting(Path file, String type) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore server = KeyStore.getInstance(type);
            server.load(in, PASSWORD.toCharArray());
            Certificate certificate = server.getCertificate("wsstream");
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("wsstream", certificate);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new AssertionError("cannot read the keystore " + file + ": " + e, e);
        }
    }
}
