package io.wsstream.itest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * A real VNC server for the noVNC test: TigerVNC's {@code Xvnc} (an X server that is its own VNC server) on
 * 127.0.0.1 with VNC password authentication, and one {@code xterm} on its screen whose red background fills the
 * screen and whose shell writes each line typed into it to a file. Both processes end in {@link #close()}.
 */
final class VncTestServer implements AutoCloseable {
    static final String XVNC = "/usr/bin/Xvnc";
    static final String XTERM = "/usr/bin/xterm";
    /** A font of xfonts-base: xterm's default font "fixed" comes from that package. */
    static final String FIXED_FONT = "/usr/share/fonts/X11/misc/6x13-ISO8859-1.pcf.gz";
    static final int WIDTH = 640;
    static final int HEIGHT = 480;

    private final List<Process> processes = new ArrayList<>();
    private final int port;
    private final Path typed;

    private VncTestServer(int port, Path typed) {
        this.port = port;
        this.typed = typed;
    }

    /** The files this server needs, each with the Debian package that brings it. */
    static final Map<String, String> PACKAGE_OF_FILE = Map.of(
        XVNC, "tigervnc-standalone-server",
        XTERM, "xterm",
        FIXED_FONT, "xfonts-base");

    /**
     * Starts Xvnc on the port (loopback only) on a display it picks itself, then the xterm.
     *
     * @param folder where the logs, the password file and the file of typed lines go
     * @param password the VNC password (at most 8 characters count, as in VNC)
     */
    static VncTestServer start(int port, Path folder, String password, Duration timeout) throws IOException {
        Files.createDirectories(folder);
        Path typed = folder.resolve("typed.txt");
        Files.deleteIfExists(typed);
        Path passwordFile = folder.resolve("passwd");
        Files.write(passwordFile, obfuscated(password));
        VncTestServer server = new VncTestServer(port, typed);
        try {
            // -displayfd 1: Xvnc takes a free display number and writes it to stdout once it accepts clients
            Process xvnc = server.started(new ProcessBuilder(XVNC, "-displayfd", "1", "-rfbport", Integer.toString(port),
                    "-localhost", "-SecurityTypes", "VncAuth", "-PasswordFile", passwordFile.toString(),
                    "-geometry", WIDTH + "x" + HEIGHT, "-depth", "24", "-nolisten", "tcp", "-AlwaysShared")
                .redirectError(folder.resolve("xvnc.log").toFile()));
            String display = ":" + readDisplay(xvnc, timeout);
            ProcessBuilder xterm = new ProcessBuilder(XTERM, "-bg", "red", "-fg", "white", "-geometry", "200x60+0+0",
                    "-e", "/bin/sh", "-c", "exec cat > \"$0\"", typed.toString())
                .redirectErrorStream(true)
                .redirectOutput(folder.resolve("xterm.log").toFile());
            xterm.environment().put("DISPLAY", display);
            server.started(xterm);
            return server;
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /**
     * @return the password as VNC password files hold it (what {@code vncpasswd -f} writes): its first 8 bytes,
     *     zero-padded, DES-encrypted with VNC's fixed key (bit-reversed, as VNC's DES takes key bits)
     */
    static byte[] obfuscated(String password) {
        try {
            Cipher des = Cipher.getInstance("DES/ECB/NoPadding");
            des.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(HexFormat.of().parseHex("e84ad660c4721ae0"), "DES"));
            return des.doFinal(Arrays.copyOf(password.getBytes(StandardCharsets.ISO_8859_1), 8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("DES is missing from this JDK", e);
        }
    }

    private Process started(ProcessBuilder builder) throws IOException {
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    private static String readDisplay(Process xvnc, Duration timeout) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(xvnc.getInputStream(), StandardCharsets.US_ASCII));
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        String display;
        try {
            display = line.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for Xvnc");
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("Xvnc did not name its display within " + timeout.toMillis() + " ms (see xvnc.log)");
        }
        if (display == null || !display.strip().matches("\\d+")) {
            throw new IOException("Xvnc ended before it named its display: " + display + " (see xvnc.log)");
        }
        // Keep draining stdout so that Xvnc can never block on a full pipe.
        Thread drain = new Thread(() -> {
            try {
                out.transferTo(Writer.nullWriter());
            } catch (IOException ended) {
                // the process ended
            }
        }, "xvnc-stdout");
        drain.setDaemon(true);
        drain.start();
        return display.strip();
    }

    /** @return the VNC (RFB) port on 127.0.0.1 */
    int port() {
        return port;
    }

    /** @return what was typed into the xterm so far, line by line as the terminal delivered it */
    String typed() throws IOException {
        return Files.exists(typed) ? Files.readString(typed, StandardCharsets.UTF_8) : "";
    }

    /** Ends the xterm, then the X server; waits for both. */
    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process process = processes.get(i);
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
    }
}
