package io.wsstream.itest;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;

import io.wsstream.api.CloseCodes;

import org.junit.Test;

/**
 * The bridge throughput figure: MB/s through the bridge against direct TCP on loopback, in the same run, one
 * direction (a client writes the same 64 KiB over and over, a TCP sink reads and counts). It prints the figures and asserts only that the
 * bytes arrived: timings depend on the machine. Run it alone with
 * {@code mvn -B verify -pl api-bundle,impl-bundle,client-bundle,bridge-bundle,itest -am -Dit.test=BridgeThroughputIT}
 * and read the lines starting with {@code throughput:} in
 * {@code itest/target/failsafe-reports/io.wsstream.itest.BridgeThroughputIT-output.txt}.
 *
 * <p>Paths measured, each after a warm-up:
 * <ul>
 * <li>direct: TCP client to the TCP sink;
 * <li>bridge: a JDK websocket client to the websocket-to-TCP bridge to the sink;
 * <li>chain: TCP client to the forwarder, a wsstream client stream to the bridge, to the sink (wsstream at
 * both ends of the websocket), with the default {@code chunk.bytes} (64 KiB) and with 256 KiB messages.
 * </ul>
 */
public class BridgeThroughputIT extends BridgeTestSupport {
    private static final long MIB = 1024 * 1024;
    private static final long WARM_UP = 32 * MIB;
    private static final long MEASURED = Long.getLong("wsstream.throughput.mib", 256) * MIB;
    private static final byte[] CHUNK = new byte[64 * 1024];

    static {
        new BinaryStreamClient.PseudoRandomBytes(9).fill(CHUNK, CHUNK.length);
    }

    @Test
    public void bridgeAgainstDirectTcp() throws Exception {
        TcpTestServer sink = closeLater(TcpTestServer.start((socket, server) -> {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                server.countRead(n);
            }
        }));
        bridge("/throughput", sink.port());
        int forwarderPort = forwarder(uri("/throughput").toString(), Map.of());
        int bigChunkPort = forwarder(uri("/throughput").toString(), Map.of("chunk.bytes", 256 * 1024));

        direct(sink, WARM_UP);
        double direct = direct(sink, MEASURED);
        throughBridge(sink, WARM_UP);
        double bridge = throughBridge(sink, MEASURED);
        throughChain(sink, forwarderPort, WARM_UP);
        double chain = throughChain(sink, forwarderPort, MEASURED);
        throughChain(sink, bigChunkPort, WARM_UP);
        double bigChunks = throughChain(sink, bigChunkPort, MEASURED);

        System.out.printf("throughput: %d MiB one way on loopback, %d cores%n", MEASURED / MIB,
            Runtime.getRuntime().availableProcessors());
        System.out.printf("throughput: direct TCP                                   %8.1f MB/s%n", direct);
        System.out.printf("throughput: JDK websocket -> bridge -> TCP               %8.1f MB/s  (%.3f of direct)%n",
            bridge, bridge / direct);
        System.out.printf("throughput: TCP -> forwarder -> ws -> bridge -> TCP      %8.1f MB/s  (%.3f of direct)%n",
            chain, chain / direct);
        System.out.printf("throughput: same, forwarder chunk.bytes=262144           %8.1f MB/s  (%.3f of direct)%n",
            bigChunks, bigChunks / direct);
    }

    /** @return MB/s (10^6 bytes) of a plain TCP connection to the sink */
    private double direct(TcpTestServer sink, long total) throws Exception {
        return timed(sink, total, target -> {
            try (Socket socket = tcpConnect(sink.port())) {
                writeConstant(socket.getOutputStream(), total);
                awaitSink(sink, target);
            }
        });
    }

    private double throughBridge(TcpTestServer sink, long total) throws Exception {
        return timed(sink, total, target -> {
            try (BinaryStreamClient client = BinaryStreamClient.connect(uri("/throughput"))) {
                ByteBuffer chunk = ByteBuffer.wrap(CHUNK);
                for (long left = total; left > 0; left -= CHUNK.length) {
                    client.send(chunk.clear());
                }
                awaitSink(sink, target);
                client.closeGracefully(CloseCodes.NORMAL);
            }
        });
    }

    private double throughChain(TcpTestServer sink, int forwarderPort, long total) throws Exception {
        return timed(sink, total, target -> {
            try (Socket socket = tcpConnect(forwarderPort)) {
                writeConstant(socket.getOutputStream(), total);
                awaitSink(sink, target);
            }
        });
    }

    /** The producers write the same 64 KiB again and again: cheap, so that they measure the path, not themselves. */
    private static void writeConstant(OutputStream out, long total) throws IOException {
        for (long left = total; left > 0; left -= CHUNK.length) {
            out.write(CHUNK);
        }
        out.flush();
    }

    /** One measured transfer; {@code target} is the sink's count once all its bytes arrived. */
    private interface Run {
        void run(long target) throws Exception;
    }

    private static double timed(TcpTestServer sink, long total, Run run) throws Exception {
        long before = sink.bytesRead();
        long start = System.nanoTime();
        run.run(before + total);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(total, sink.bytesRead() - before);
        return total / seconds / 1e6;
    }

    private static void awaitSink(TcpTestServer sink, long target) {
        await("the sink read up to " + target + " bytes").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(2))
            .until(() -> sink.bytesRead() >= target);
    }
}
