package io.wsstream.itest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;

import io.wsstream.itest.support.TestSocket;

/**
 * A websocket client on {@code java.net.http} that treats the binary messages it receives as one byte stream:
 * it keeps their CRC-32 and count, not the bytes, so 100 MiB cost no memory. It reads as fast as messages
 * come (or not at all until {@link #request} with {@code manualDemand}), and {@link #sendStream} sends a
 * deterministic pseudo-random stream in chunks, each send waiting for the previous one.
 */
public final class BinaryStreamClient implements WebSocket.Listener, AutoCloseable {
    private static final HttpClient CLIENT = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(TestSocket.TIMEOUT)
        .build();

    private final CRC32 received = new CRC32();
    private final AtomicLong receivedBytes = new AtomicLong();
    private final CompletableFuture<TestSocket.Close> closed = new CompletableFuture<>();
    private final boolean manualDemand;
    private volatile WebSocket socket;

    private BinaryStreamClient(boolean manualDemand) {
        this.manualDemand = manualDemand;
    }

    public static BinaryStreamClient connect(URI uri) {
        return connect(uri, false);
    }

    public static BinaryStreamClient connect(URI uri, boolean manualDemand) {
        BinaryStreamClient client = new BinaryStreamClient(manualDemand);
        try {
            client.socket = CLIENT.newWebSocketBuilder().connectTimeout(TestSocket.TIMEOUT).buildAsync(uri, client)
                .get(TestSocket.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return client;
        } catch (ExecutionException e) {
            throw new AssertionError("connecting to " + uri + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException | InterruptedException e) {
            throw new AssertionError("connecting to " + uri + " failed: " + e, e);
        }
    }

    /**
     * Sends {@code total} bytes of {@link PseudoRandomBytes} with the seed, in binary messages of {@code chunk}
     * bytes, each send waiting for the last.
     *
     * @return the CRC-32 of what was sent
     */
    public long sendStream(long total, int chunk, long seed) {
        PseudoRandomBytes source = new PseudoRandomBytes(seed);
        CRC32 sent = new CRC32();
        byte[] buffer = new byte[chunk];
        long left = total;
        while (left > 0) {
            int n = (int) Math.min(chunk, left);
            source.fill(buffer, n);
            sent.update(buffer, 0, n);
            send(ByteBuffer.wrap(buffer, 0, n));
            left -= n;
        }
        return sent.getValue();
    }

    /** Sends one binary message and waits until it is written. */
    public void send(ByteBuffer bytes) {
        await(socket.sendBinary(bytes, true), "binary send");
    }

    /** Sends a text message and waits until it is written. */
    public void sendText(String text) {
        await(socket.sendText(text, true), "text send");
    }

    /** @return the sends started now, without waiting: for tests that watch a send stall */
    public CompletableFuture<WebSocket> sendAsync(ByteBuffer bytes) {
        return socket.sendBinary(bytes, true);
    }

    public void request(long n) {
        socket.request(n);
    }

    public long receivedBytes() {
        return receivedBytes.get();
    }

    public synchronized long receivedCrc() {
        return received.getValue();
    }

    public CompletableFuture<TestSocket.Close> closed() {
        return closed;
    }

    public TestSocket.Close awaitClose(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | InterruptedException e) {
            throw new AssertionError("no close within " + timeout.toMillis() + " ms", e);
        }
    }

    /** Sends a close frame and waits for the peer's. */
    public void closeGracefully(int code) {
        await(socket.sendClose(code, ""), "close");
        awaitClose(TestSocket.TIMEOUT);
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        more(webSocket);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        int n = data.remaining();
        synchronized (this) {
            received.update(data);
        }
        receivedBytes.addAndGet(n);
        more(webSocket);
        return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        more(webSocket);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new TestSocket.Close(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(new TestSocket.Close(1006, String.valueOf(error)));
    }

    private void more(WebSocket webSocket) {
        if (!manualDemand) {
            webSocket.request(1);
        }
    }

    /** Aborts the connection unless it closed already. Never throws. */
    @Override
    public void close() {
        WebSocket ws = socket;
        if (ws != null && !closed.isDone()) {
            ws.abort();
        }
    }

    private static void await(CompletableFuture<WebSocket> send, String what) {
        try {
            send.get(TestSocket.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(what + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException | InterruptedException e) {
            throw new AssertionError(what + " not written within " + TestSocket.TIMEOUT.toMillis() + " ms", e);
        }
    }

    /** A fast deterministic byte source (xorshift64*), the same for the same seed. */
    public static final class PseudoRandomBytes {
        private long state;

        public PseudoRandomBytes(long seed) {
            this.state = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
        }

        public void fill(byte[] buffer, int length) {
            int i = 0;
            while (i < length) {
                state ^= state >>> 12;
                state ^= state << 25;
                state ^= state >>> 27;
                long value = state * 0x2545F4914F6CDD1DL;
                for (int b = 0; b < 8 && i < length; b++, i++) {
                    buffer[i] = (byte) (value >>> (b * 8));
                }
            }
        }
    }
}
