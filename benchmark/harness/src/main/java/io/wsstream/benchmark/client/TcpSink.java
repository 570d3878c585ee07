package io.wsstream.benchmark.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP service on loopback that reads every connection to its end and counts the bytes: the target of the
 * bridge section, and the far end of its direct-TCP baseline. One thread per connection, blocking reads
 * into a buffer of {@link BridgeLoad#CHUNK} bytes: the cheapest reader the JDK has.
 */
public final class TcpSink implements AutoCloseable {
    /** What one connection delivered: its bytes and when its end of stream was read. */
    public record Drained(long bytes, long endNanos) {}

    private final ServerSocket server;
    /** The run waiting for its bytes: taken by the first connection that delivers any. */
    private final AtomicReference<CompletableFuture<Drained>> expected = new AtomicReference<>();

    public TcpSink() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("the TCP sink cannot listen", e);
        }
        Thread acceptor = new Thread(this::acceptAll, "tcp-sink-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /**
     * Call before a run starts writing.
     *
     * @return what the next connection to deliver bytes delivers, completed at its end of stream. Connections
     *     without bytes do not count: the bridge also connects for the handshakes that check its path is served.
     */
    public CompletableFuture<Drained> expect() {
        CompletableFuture<Drained> next = new CompletableFuture<>();
        expected.set(next); // replaces the expectation of a run that failed before any byte arrived
        return next;
    }

    private void acceptAll() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException closed) {
                return;
            }
            Thread reader = new Thread(() -> drain(socket), "tcp-sink-read");
            reader.setDaemon(true);
            reader.start();
        }
    }

    private void drain(Socket socket) {
        byte[] buffer = new byte[BridgeLoad.CHUNK];
        long bytes = 0;
        CompletableFuture<Drained> run = null;
        try (socket; InputStream in = socket.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (run == null && n > 0) {
                    run = expected.getAndSet(null);
                }
                bytes += n;
            }
            if (run != null) {
                run.complete(new Drained(bytes, System.nanoTime()));
            }
        } catch (IOException e) {
            if (run != null) {
                run.completeExceptionally(e);
            }
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // nothing listens any more either way
        }
    }
}
