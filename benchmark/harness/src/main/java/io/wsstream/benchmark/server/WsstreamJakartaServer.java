package io.wsstream.benchmark.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.wsstream.benchmark.report.Results;

/**
 * wsstream serving the same endpoint classes as Pax Web ({@code io.wsstream.benchmark.paxweb.EchoEndpoint} and the
 * others of benchmark-paxweb-handlers) through jakarta-bundle: the Pax Web bundle moved to jakarta.websocket by the
 * Eclipse Transformer, dropped into {@code deploy/} with jakarta-bundle and the ee11 Jakarta WebSocket bundles of the
 * {@code wsstream-jakarta} feature. Its disturbance deploys and undeploys the transformed benchmark-paxweb-other.
 */
public final class WsstreamJakartaServer extends WsstreamFelixServer {
    private final Path jakartaDir;

    /**
     * @param benchDir the build's {@code target/bench}; its {@code jakarta/} holds the runtime bundles ({@code runtime/},
     *     and {@code client/}: the Jetty client bundles that the distribution already has) and the endpoint bundles
     *     ({@code endpoints/})
     */
    public WsstreamJakartaServer(Path workDir, List<String> jvmOptions, Path benchDir, Path classesDir, Path distributionJar) {
        super(workDir, jvmOptions, benchDir, classesDir, distributionJar);
        this.jakartaDir = benchDir.resolve("jakarta");
    }

    @Override
    public String key() {
        return Results.WSSTREAM_JAKARTA;
    }

    @Override
    public String description() {
        return super.description().replace("handlers: a DS component bundle in deploy/",
                "endpoints: the Pax Web endpoint bundle (same classes, moved to jakarta.websocket by the Eclipse Transformer) with "
                        + "jakarta-bundle and Jetty 12.1.14 ee11 Jakarta WebSocket, all in deploy/");
    }

    @Override
    protected void deployHandlers(Path deploy) throws IOException {
        copyAll(jakartaDir.resolve("runtime"), deploy);
        if (!inDistribution()) {
            copyAll(jakartaDir.resolve("client"), deploy);
        }
        copyAtomically(jar(jakartaDir.resolve("endpoints"), "benchmark-paxweb-handlers-jakarta"), deploy);
    }

    @Override
    protected Path otherBundle() throws IOException {
        return jar(jakartaDir.resolve("endpoints"), "benchmark-paxweb-other-jakarta");
    }

    private static void copyAll(Path dir, Path deploy) throws IOException {
        try (Stream<Path> jars = Files.list(dir)) {
            for (Path jar : jars.filter(f -> f.getFileName().toString().endsWith(".jar")).toList()) {
                copyAtomically(jar, deploy);
            }
        }
    }
}
