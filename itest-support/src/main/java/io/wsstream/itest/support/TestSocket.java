package io.wsstream.itest.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import javax.net.ssl.SSLContext;

/**
 * A websocket client for tests, on {@code java.net.http} (part of the JDK, so no bundle is needed).
 *
 * <p>It collects every complete message (partial frames are reassembled) into a queue that the test
 * takes from with a timeout, and records the close code and reason, or 1006 when the connection
 * failed, in {@link #closed()}. By default it reads as fast as messages come; a socket connected with
 * {@link Options#manualDemand()} reads only what the test {@link #request requests}, to let a test
 * play a slow client.
 *
 * <p>Sends wait until the frame is written ({@code java.net.http} allows one outstanding send of each
 * kind). {@link #close()} closes gracefully, so a test can use try-with-resources.
 *
 * <p>The Felix and the Karaf tests both use it: its bundle is installed into each container, and the test
 * probes import this package.
 */
public final class TestSocket implements WebSocket.Listener, AutoCloseable {

    /** How long sends, connects and the {@code next*} methods wait by default. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** The close code and reason the peer sent; 1006 with the error text when the connection failed. */
    public record Close(int code, String reason) {}

    /** A complete message: text ({@link #text} set) or binary ({@link #bytes} set, read-only). */
    public record Received(String text, ByteBuffer bytes) {
        public boolean isText() {
            return text != null;
        }

        @Override
        public String toString() {
            return isText() ? "text[" + text + "]" : "binary[" + bytes.remaining() + " bytes]";
        }
    }

    /** How to connect: request headers, subprotocols, demand, TLS trust. */
    public static final class Options {
        private final List<String[]> headers = new ArrayList<>();
        private final List<String> subprotocols = new ArrayList<>();
        private boolean manualDemand;
        private Duration connectTimeout = TIMEOUT;
        private SSLContext sslContext;

        /** Sends {@code Origin}, as a browser does for the page that opens the websocket. */
        public Options origin(String origin) {
            return header("Origin", origin);
        }

        /** For {@code wss://}: the TLS context whose trust store holds the server's certificate. */
        public Options sslContext(SSLContext context) {
            sslContext = context;
            return this;
        }

        public Options header(String name, String value) {
            headers.add(new String[] {name, value});
            return this;
        }

        public Options subprotocols(String... protocols) {
            subprotocols.addAll(List.of(protocols));
            return this;
        }

        /** Read nothing until {@link TestSocket#request} is called. */
        public Options manualDemand() {
            manualDemand = true;
            return this;
        }

        public Options connectTimeout(Duration timeout) {
            connectTimeout = timeout;
            return this;
        }
    }

    /** One client for all tests: {@code java.net.http} clients hold a selector thread each. */
    private static final HttpClient CLIENT = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(TIMEOUT)
        .build();

    /** One client per TLS context. */
    private static final Map<SSLContext, HttpClient> TLS_CLIENTS = new ConcurrentHashMap<>();

    private static HttpClient client(SSLContext sslContext) {
        if (sslContext == null) {
            return CLIENT;
        }
        return TLS_CLIENTS.computeIfAbsent(sslContext, context -> HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .sslContext(context)
            .build());
    }

    private final BlockingQueue<Received> messages = new LinkedBlockingQueue<>();
    private final BlockingQueue<ByteBuffer> pings = new LinkedBlockingQueue<>();
    private final BlockingQueue<ByteBuffer> pongs = new LinkedBlockingQueue<>();
    private final CompletableFuture<Close> closed = new CompletableFuture<>();
    private final CompletableFuture<Throwable> error = new CompletableFuture<>();
    private final boolean manualDemand;
    private final StringBuilder textParts = new StringBuilder();
    private final ByteArrayOutputStream binaryParts = new ByteArrayOutputStream();
    private volatile WebSocket socket;

    private TestSocket(boolean manualDemand) {
        this.manualDemand = manualDemand;
    }

    // ---------------------------------------------------------------- connecting

    /** Connects, failing the test when the handshake does not succeed within {@link #TIMEOUT}. */
    public static TestSocket connect(URI uri) {
        return connect(uri, new Options());
    }

    /** Connects with options, e.g. {@code connect(uri, o -> o.subprotocols("chat"))}. */
    public static TestSocket connect(URI uri, Consumer<Options> options) {
        Options o = new Options();
        options.accept(o);
        return connect(uri, o);
    }

    /**
     * Connects.
     *
     * @throws WebSocketHandshakeException when the server refused the upgrade (its
     *     {@code getResponse().statusCode()} tells the HTTP status)
     * @throws AssertionError when there was no answer within the connect timeout
     */
    public static TestSocket connect(URI uri, Options options) {
        TestSocket listener = new TestSocket(options.manualDemand);
        WebSocket.Builder builder = client(options.sslContext).newWebSocketBuilder().connectTimeout(options.connectTimeout);
        for (String[] header : options.headers) {
            builder.header(header[0], header[1]);
        }
        if (!options.subprotocols.isEmpty()) {
            builder.subprotocols(options.subprotocols.get(0),
                options.subprotocols.subList(1, options.subprotocols.size()).toArray(new String[0]));
        }
        try {
            listener.socket = builder.buildAsync(uri, listener)
                .get(options.connectTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            return listener;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof WebSocketHandshakeException h) {
                throw new HandshakeRefused(uri, h);
            }
            throw new AssertionError("connecting to " + uri + " failed: " + cause, cause);
        } catch (TimeoutException e) {
            throw new AssertionError("no handshake answer from " + uri + " within " + options.connectTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while connecting to " + uri);
        }
    }

    /**
     * Attempts a websocket handshake and tells the HTTP status: 101 when it succeeded (the socket is
     * then closed gracefully), the status of the refusal otherwise (e.g. 404 for a path nobody serves).
     */
    public static int handshakeStatus(URI uri) {
        return handshakeStatus(uri, new Options());
    }

    /** @see #handshakeStatus(URI) */
    public static int handshakeStatus(URI uri, Consumer<Options> options) {
        Options o = new Options();
        options.accept(o);
        return handshakeStatus(uri, o);
    }

    /** @see #handshakeStatus(URI) */
    public static int handshakeStatus(URI uri, Options options) {
        try (TestSocket socket = connect(uri, options)) {
            return 101;
        } catch (HandshakeRefused e) {
            return e.statusCode();
        }
    }

    /** Sends a plain HTTP GET and returns the status code. */
    public static int httpGetStatus(URI uri) {
        return httpGet(uri).statusCode();
    }

    /** Sends a plain HTTP GET and returns the response with its body as a string. */
    public static HttpResponse<String> httpGet(URI uri) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build();
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("GET " + uri + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted during GET " + uri);
        }
    }

    /** A refused handshake, with the HTTP status of the refusal. */
    public static final class HandshakeRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient HttpResponse<?> response;

        HandshakeRefused(URI uri, WebSocketHandshakeException cause) {
            super("websocket handshake to " + uri + " refused with HTTP " + cause.getResponse().statusCode(), cause);
            this.response = cause.getResponse();
        }

        public int statusCode() {
            return response.statusCode();
        }

        public HttpResponse<?> response() {
            return response;
        }
    }

    // ---------------------------------------------------------------- receiving

    /** @return the next complete message, waiting up to {@link #TIMEOUT} */
    public Received next() {
        return next(TIMEOUT);
    }

    /** @return the next complete message; fails the test when none came within the timeout */
    public Received next(Duration timeout) {
        try {
            Received message = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (message == null) {
                throw new AssertionError("no message within " + timeout.toMillis() + " ms"
                    + (closed.isDone() ? "; the socket closed: " + closed.join() : ""));
            }
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a message");
        }
    }

    /** @return the next message, which must be text */
    public String nextText() {
        return nextText(TIMEOUT);
    }

    /** @return the next message, which must be text */
    public String nextText(Duration timeout) {
        Received message = next(timeout);
        if (!message.isText()) {
            throw new AssertionError("expected a text message, got " + message);
        }
        return message.text();
    }

    /** @return the next {@code count} messages, which must be text */
    public List<String> nextTexts(int count) {
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            texts.add(nextText());
        }
        return texts;
    }

    /** @return the next message, which must be binary, as a read-only buffer */
    public ByteBuffer nextBinary() {
        return nextBinary(TIMEOUT);
    }

    /** @return the next message, which must be binary, as a read-only buffer */
    public ByteBuffer nextBinary(Duration timeout) {
        Received message = next(timeout);
        if (message.isText()) {
            throw new AssertionError("expected a binary message, got " + message);
        }
        return message.bytes();
    }

    /** Fails when a message arrives within the period (waits the whole period when none does). */
    public void assertNoMessage(Duration period) {
        try {
            Received message = messages.poll(period.toMillis(), TimeUnit.MILLISECONDS);
            if (message != null) {
                throw new AssertionError("expected no message, got " + message);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    /** @return the payload of the next pong, waiting up to {@link #TIMEOUT} */
    public ByteBuffer nextPong() {
        return take(pongs, "pong");
    }

    /** @return the payload of the next ping the server sent (answered automatically by the JDK) */
    public ByteBuffer nextPing() {
        return take(pings, "ping");
    }

    /** @return the messages received and not yet taken */
    public int pending() {
        return messages.size();
    }

    /** @return completed with the close code and reason when the connection closed */
    public CompletableFuture<Close> closed() {
        return closed;
    }

    /** Waits up to {@link #TIMEOUT} for the connection to close, and returns the code and reason. */
    public Close awaitClose() {
        return awaitClose(TIMEOUT);
    }

    /** Waits for the connection to close, and returns the code and reason. */
    public Close awaitClose(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the socket did not close within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the close");
        }
    }

    /** @return completed with the error when the connection failed (then {@link #closed()} says 1006) */
    public CompletableFuture<Throwable> error() {
        return error;
    }

    /** @return whether the input is closed: a close frame arrived or the connection failed */
    public boolean isClosed() {
        return closed.isDone();
    }

    // ---------------------------------------------------------------- sending

    public void sendText(String text) {
        await(socket().sendText(text, true), "send text");
    }

    /** Sends a text message as several frames: each part but the last with FIN unset. */
    public void sendTextFragments(String... parts) {
        for (int i = 0; i < parts.length; i++) {
            await(socket().sendText(parts[i], i == parts.length - 1), "send text fragment");
        }
    }

    public void sendBinary(ByteBuffer bytes) {
        await(socket().sendBinary(bytes, true), "send binary");
    }

    public void sendBinary(byte[] bytes) {
        sendBinary(ByteBuffer.wrap(bytes));
    }

    public void sendPing(ByteBuffer payload) {
        await(socket().sendPing(payload), "send ping");
    }

    /** Sends a close frame (the output closes; input continues until the peer answers). */
    public void sendClose(int code, String reason) {
        await(socket().sendClose(code, reason), "send close");
    }

    /** Lets the socket read {@code n} more messages (with {@link Options#manualDemand()}). */
    public void request(long n) {
        socket().request(n);
    }

    /** Drops the connection without a close frame (the server sees 1006). */
    public void abort() {
        socket().abort();
    }

    /** @return the subprotocol the server chose, empty when none */
    public String subprotocol() {
        return socket().getSubprotocol();
    }

    /** @return the underlying JDK websocket */
    public WebSocket socket() {
        return Objects.requireNonNull(socket, "not connected");
    }

    /**
     * Closes gracefully: sends 1000 unless the output is closed already, waits a little for the
     * server's close, then aborts whatever is left. Never throws.
     */
    @Override
    public void close() {
        WebSocket ws = socket;
        if (ws == null) {
            return;
        }
        try {
            if (!ws.isOutputClosed()) {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(2, TimeUnit.SECONDS);
            }
            closed.get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // fall through to abort
        } finally {
            ws.abort();
        }
    }

    // ---------------------------------------------------------------- listener

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        more(webSocket);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        textParts.append(data);
        if (last) {
            messages.add(new Received(textParts.toString(), null));
            textParts.setLength(0);
        }
        more(webSocket);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        binaryParts.writeBytes(chunk);
        if (last) {
            messages.add(new Received(null, ByteBuffer.wrap(binaryParts.toByteArray()).asReadOnlyBuffer()));
            binaryParts.reset();
        }
        more(webSocket);
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        pings.add(copy(message));
        more(webSocket);
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        pongs.add(copy(message));
        more(webSocket);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Close(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable failure) {
        error.complete(failure);
        closed.complete(new Close(1006, String.valueOf(failure)));
    }

    private void more(WebSocket webSocket) {
        if (!manualDemand) {
            webSocket.request(1);
        }
    }

    private static ByteBuffer copy(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }

    private static ByteBuffer take(BlockingQueue<ByteBuffer> queue, String what) {
        try {
            ByteBuffer value = queue.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (value == null) {
                throw new AssertionError("no " + what + " within " + TIMEOUT.toMillis() + " ms");
            }
            return value;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a " + what);
        }
    }

    private static void await(CompletableFuture<WebSocket> send, String what) {
        try {
            send.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(what + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError(what + " not written within " + TIMEOUT.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted during " + what);
        }
    }
}
