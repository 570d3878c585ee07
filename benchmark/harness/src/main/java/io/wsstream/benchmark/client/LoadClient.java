package io.wsstream.benchmark.client;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * The one load client of the benchmark: Jetty 12's websocket client, used alike against every server.
 * Connections are opened with a bounded number of handshakes in flight, so that 10,000 of them neither
 * overflow a listen backlog nor the client's request queue.
 */
public final class LoadClient implements AutoCloseable {
    /** Handshakes in flight at once while opening many connections. */
    static final int CONNECTS_IN_FLIGHT = 128;
    /** How long one handshake may take. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);

    private final WebSocketClient client;

    public LoadClient() {
        QueuedThreadPool threads = new QueuedThreadPool(64);
        threads.setName("load-client");
        threads.setDaemon(true);
        HttpClient http = new HttpClient();
        http.setExecutor(threads);
        http.setMaxConnectionsPerDestination(100_000);
        http.setMaxRequestsQueuedPerDestination(100_000);
        http.setConnectTimeout(CONNECT_TIMEOUT.toMillis());
        client = new WebSocketClient(http);
        client.setIdleTimeout(Duration.ofMinutes(5));
        client.setMaxTextMessageSize(1024 * 1024);
        client.setMaxBinaryMessageSize(1024 * 1024);
        client.setStopAtShutdown(false);
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("the websocket client did not start", e);
        }
    }

    /** Starts one handshake. */
    public CompletableFuture<Session> connect(Object listener, URI uri) {
        try {
            return client.connect(listener, uri);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Opens {@code count} connections, at most {@link #CONNECTS_IN_FLIGHT} handshakes at a time.
     *
     * @param listeners the listener of connection {@code i}
     * @return the sessions, in order
     * @throws IllegalStateException when a handshake fails or the whole does not finish within the timeout
     */
    public List<Session> connectAll(URI uri, int count, IntFunction<Object> listeners, Duration timeout) {
        Semaphore inFlight = new Semaphore(CONNECTS_IN_FLIGHT);
        List<CompletableFuture<Session>> futures = new ArrayList<>(count);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (int i = 0; i < count; i++) {
                if (!inFlight.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    throw new IllegalStateException("opening " + count + " connections to " + uri + " took longer than "
                            + timeout + " (" + i + " started)");
                }
                CompletableFuture<Session> future = connect(listeners.apply(i), uri);
                future.whenComplete((session, failure) -> inFlight.release());
                futures.add(future);
            }
            List<Session> sessions = new ArrayList<>(count);
            for (CompletableFuture<Session> future : futures) {
                sessions.add(future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            }
            return sessions;
        } catch (ExecutionException e) {
            futures.forEach(f -> f.thenAccept(Session::disconnect));
            throw new IllegalStateException("a handshake with " + uri + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            futures.forEach(f -> f.thenAccept(Session::disconnect));
            throw new IllegalStateException("opening " + count + " connections to " + uri + " took longer than " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to " + uri);
        }
    }

    /**
     * Attempts a handshake and tells the HTTP status: 101 when it succeeded (the connection is then
     * closed), the refusal's status otherwise, 0 when there was no HTTP answer at all.
     */
    public int handshakeStatus(URI uri) {
        try {
            Session session = connect(new HandshakeOnly(), uri)
                    .get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            session.close();
            return 101;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause != null && !(cause instanceof UpgradeException)) {
                cause = cause.getCause();
            }
            return cause == null ? 0 : ((UpgradeException) cause).getResponseStatusCode();
        } catch (TimeoutException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /**
     * Polls the handshake status of a path until it is (or, with {@code served} false, is no longer) 101.
     * Used to wait for a deployment to take effect; each try is a real handshake.
     *
     * @return the milliseconds it took
     * @throws IllegalStateException when the state was not reached within the timeout
     */
    public long awaitServed(URI uri, boolean served, Duration timeout, Duration pollInterval) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        int status;
        while (((status = handshakeStatus(uri)) == 101) != served) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(uri + " still answers " + status + " after " + timeout);
            }
            pause(pollInterval);
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    /** A listener that does nothing: for handshakes that only check a path. Public, as Jetty requires. */
    public static final class HandshakeOnly extends Session.Listener.AbstractAutoDemanding {
        @Override
        public void onWebSocketError(Throwable cause) {
            // a refused handshake is an answer here, not an error
        }
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    @Override
    public void close() {
        try {
            client.stop();
        } catch (Exception e) {
            // best effort: the JVM ends soon after
        }
    }
}
