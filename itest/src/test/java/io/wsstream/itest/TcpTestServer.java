package io.wsstream.itest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A plain blocking TCP server on 127.0.0.1 and a free port, one thread per connection, for the bridge tests:
 * an echo server, or any per-connection behaviour. It counts connections and the bytes it read, and
 * {@link #close()} closes the listener and every connection.
 */
public final class TcpTestServer implements AutoCloseable {

    /** What the server does with one accepted connection; returning closes it. */
    @FunctionalInterface
    public interface Behaviour {
        void serve(Socket socket, TcpTestServer server) throws IOException;
    }

    /** Echoes every byte until the peer's end of stream, then closes in order. */
    public static final Behaviour ECHO = (socket, server) -> {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            server.bytesRead.addAndGet(n);
            out.write(buffer, 0, n);
        }
        server.endsOfStream.incrementAndGet();
        socket.shutdownOutput();
    };

    private final ServerSocket listener;
    private final Behaviour behaviour;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger maxOpen = new AtomicInteger();
    final AtomicLong bytesRead = new AtomicLong();
    final AtomicInteger endsOfStream = new AtomicInteger();
    private final Thread acceptor;
    private volatile boolean closed;

    private TcpTestServer(Behaviour behaviour) throws IOException {
        this.behaviour = behaviour;
        this.listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "tcp-test-server-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static TcpTestServer start(Behaviour behaviour) throws IOException {
        return new TcpTestServer(behaviour);
    }

    public static TcpTestServer echo() throws IOException {
        return start(ECHO);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** @return connections accepted so far */
    public int accepted() {
        return accepted.get();
    }

    /** @return connections open now */
    public int open() {
        return open.get();
    }

    /** @return the most connections that were open at once */
    public int maxOpen() {
        return maxOpen.get();
    }

    /** @return bytes read by behaviours that count them (the echo does) */
    public long bytesRead() {
        return bytesRead.get();
    }

    /** @return connections whose peer ended its stream in order (the echo counts them) */
    public int endsOfStream() {
        return endsOfStream.get();
    }

    /** For behaviours: counts bytes read. */
    public void countRead(long n) {
        bytesRead.addAndGet(n);
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            sockets.add(socket);
            accepted.incrementAndGet();
            int now = open.incrementAndGet();
            maxOpen.accumulateAndGet(now, Math::max);
            Thread worker = new Thread(() -> serve(socket), "tcp-test-connection-" + socket.getPort());
            worker.setDaemon(true);
            worker.start();
        }
    }

    private void serve(Socket socket) {
        try {
            behaviour.serve(socket, this);
        } catch (SocketException e) {
            // reset or closed by close(): the test looks at its own results
        } catch (IOException e) {
            // as above
        } finally {
            open.decrementAndGet();
            sockets.remove(socket);
            try {
                socket.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // nothing to do
        }
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
    }
}
