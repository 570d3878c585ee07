package io.wsstream.benchmark.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.wsstream.benchmark.client.LoadClient;

/**
 * A server in a forked JVM: its working directory, its log file, its process, and the waits that tell
 * when it serves. Subclasses say how to start it.
 */
abstract class ServerProcess implements ServerUnderTest {
    /** How often a path is tried while waiting for it to be served or to go. */
    static final Duration POLL = Duration.ofMillis(50);
    static final List<String> SERVED_PATHS = List.of("/bench/echo", "/bench/json", "/bench/broadcast");

    protected final Path workDir;
    protected final List<String> jvmOptions;
    protected final int port;
    private Process process;
    /** Stops the server JVM when the harness JVM ends without closing it (Ctrl-C, a crash of the run). */
    private final Thread stopOnExit = new Thread(this::stopProcess, "stop-server");

    ServerProcess(Path workDir, List<String> jvmOptions) {
        this.workDir = workDir;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.port = freePort();
    }

    /** @return the command that starts the server JVM, with its working directory prepared */
    protected abstract List<String> prepare() throws IOException;

    /** @return environment variables for the server process */
    protected Map<String, String> environment() {
        return Map.of();
    }

    @Override
    public void start(LoadClient client, Duration timeout) throws Exception {
        deleteRecursively(workDir);
        Files.createDirectories(workDir);
        List<String> command = prepare();
        Files.writeString(workDir.resolve("command.txt"), String.join(" ", command) + "\n");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("server.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().putAll(environment());
        process = builder.start();
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        long deadline = System.nanoTime() + timeout.toNanos();
        for (String path : SERVED_PATHS) {
            long left = deadline - System.nanoTime();
            if (!process.isAlive()) {
                throw new IllegalStateException(key() + " exited with " + process.exitValue() + "; see " + workDir.resolve("server.log"));
            }
            try {
                client.awaitServed(uri(path), true, Duration.ofNanos(Math.max(left, 1)), POLL);
            } catch (IllegalStateException e) {
                throw new IllegalStateException(key() + " did not serve " + path + " within " + timeout + "; see "
                        + workDir.resolve("server.log"), e);
            }
        }
    }

    @Override
    public URI uri(String path) {
        return URI.create("ws://127.0.0.1:" + port + path);
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        if (process == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        stopProcess();
    }

    private void stopProcess() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    /** Copies a file into a watched folder so that the watcher never sees it half written. */
    static void copyAtomically(Path source, Path targetDir) throws IOException {
        Path temporary = targetDir.resolveSibling(source.getFileName() + ".part");
        Files.copy(source, temporary, StandardCopyOption.REPLACE_EXISTING);
        Files.move(temporary, targetDir.resolve(source.getFileName()), StandardCopyOption.ATOMIC_MOVE);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** @return the one file in {@code dir} whose name starts with {@code prefix} and ends with {@code .jar} */
    static Path jar(Path dir, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> jars = files.filter(f -> f.getFileName().toString().startsWith(prefix)
                    && f.getFileName().toString().endsWith(".jar")).toList();
            if (jars.size() != 1) {
                throw new IllegalStateException("expected one " + prefix + "*.jar in " + dir + ", found " + jars);
            }
            return jars.get(0);
        }
    }
}
