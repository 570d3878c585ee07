package io.wsstream.benchmark.client;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Bytes one way into a {@link TcpSink}, directly over TCP or through the wsstream bridge (a websocket client
 * sending binary messages to a path that a {@code io.wsstream.bridge.tcp} configuration bridges to the sink,
 * {@link BinaryFrameWriter}). Both writers send the same {@link #CHUNK}-byte blocks from a blocking socket,
 * so that they measure the path, not themselves; a run ends when the sink has read the end of stream, which
 * the bridge passes on (FIN) only after its last write.
 */
public final class BridgeLoad {
    /** Bytes per write or message: the bridge's default {@code chunk.bytes}. */
    public static final int CHUNK = 64 * 1024;
    static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final TcpSink sink;
    private final byte[] block = new byte[CHUNK];

    public BridgeLoad(TcpSink sink) {
        this.sink = sink;
        new java.util.Random(20).nextBytes(block);
    }

    /** @return MB/s (10^6 bytes) of one TCP connection writing {@code total} bytes into the sink */
    public double direct(long total) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), sink.port())) {
            CompletableFuture<TcpSink.Drained> drained = sink.expect();
            long start = System.nanoTime();
            OutputStream out = socket.getOutputStream();
            for (long left = total; left > 0; left -= CHUNK) {
                out.write(block, 0, (int) Math.min(CHUNK, left));
            }
            socket.shutdownOutput();
            return megabytesPerSecond(total, start, drained);
        }
    }

    /** @return MB/s (10^6 bytes) of one websocket connection to the bridge writing {@code total} bytes into the sink */
    public double bridged(URI uri, long total) throws Exception {
        try (BinaryFrameWriter websocket = BinaryFrameWriter.connect(uri)) {
            CompletableFuture<TcpSink.Drained> drained = sink.expect();
            long start = System.nanoTime();
            for (long left = total; left > 0; left -= CHUNK) {
                websocket.sendBinary(block, (int) Math.min(CHUNK, left));
            }
            // the bridge shuts the TCP output down after its last write: the sink's end of stream
            websocket.closeNormally();
            return megabytesPerSecond(total, start, drained);
        }
    }

    private static double megabytesPerSecond(long total, long start, CompletableFuture<TcpSink.Drained> drained) throws Exception {
        TcpSink.Drained result = drained.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (result.bytes() != total) {
            throw new IOException("the sink read " + result.bytes() + " bytes, " + total + " were sent");
        }
        return total / ((result.endNanos() - start) / 1e9) / 1e6;
    }
}
