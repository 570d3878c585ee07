package io.wsstream.client.stream;

import java.net.URI;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.wsstream.api.client.ClientOptions;
import io.wsstream.api.client.ReconnectPolicy;

import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The attempts of one {@link ClientStream} to have a connection: the dial, and after a failed dial or a dropped
 * connection the next one, when and as often as the stream's {@link ReconnectPolicy} allows (its delay less up to
 * a fifth, so that clients dropped together do not return together), on the client's timer.
 *
 * <p>Its state is guarded by the {@link ConnectionState}'s lock, the one under which the stream decides that it closes: an attempt
 * is never started, nor one scheduled, once the stream is closing. Dial results arrive on Jetty's threads,
 * retries on the timer.
 */
final class ConnectionAttempts {
    /** The stream's logger: one category for a client stream's lines. */
    private static final Logger LOG = LoggerFactory.getLogger(ClientStream.class);

    private final ClientStream stream;
    private final ConnectionState state;
    private final URI uri;
    private final ClientOptions options;
    private final Dialer dialer;
    private final ScheduledExecutorService timer;
    private final Object lock;
    // guarded by lock
    private int retries;
    private Future<?> pendingRetry;
    private CompletableFuture<Session> pendingDial;

    ConnectionAttempts(ClientStream stream, ConnectionState state, Object lock, Dialer dialer, ScheduledExecutorService timer) {
        this.stream = stream;
        this.state = state;
        this.uri = stream.uri();
        this.options = stream.options();
        this.dialer = dialer;
        this.timer = timer;
        this.lock = lock;
    }

    /** Dials once, unless the stream is closing; a failure is retried as the policy says, or ends the stream. */
    void dial() {
        ClientConnection connection = new ClientConnection(stream);
        CompletableFuture<Session> dialing;
        synchronized (lock) {
            if (state.isClosingOrEnded()) {
                return;
            }
            dialing = dialSafely(connection);
            pendingDial = dialing;
        }
        dialing.whenComplete((session, failure) -> {
            if (failure != null) {
                dialFailed(dialing, ConnectFailures.describe(uri, failure, options.connectTimeout()));
            }
        });
    }

    private CompletableFuture<Session> dialSafely(ClientConnection connection) {
        try {
            return dialer.dial(connection);
        } catch (Exception | LinkageError e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void dialFailed(CompletableFuture<Session> dialing, Throwable failure) {
        synchronized (lock) {
            if (pendingDial == dialing) {
                pendingDial = null;
            }
            if (state.isClosingOrEnded()) {
                return;
            }
        }
        if (!retryLater("connecting to " + uri + " failed: " + failure)) {
            state.connectingFailed(failure);
        }
    }

    /** @return whether a retry was scheduled; {@code false} when the policy allows none (more) */
    boolean retryLater(String why) {
        Optional<ReconnectPolicy> policy = options.reconnect();
        synchronized (lock) {
            if (policy.isEmpty() || state.isClosingOrEnded() || !policy.get().allows(retries + 1)) {
                if (policy.isPresent()) {
                    LOG.info("client stream {}: {}; giving up after {} retries", stream.id(), why, retries);
                }
                return false;
            }
            retries++;
            long delay = policy.get().delayBefore(retries).toMillis();
            long jittered = delay - (long) (delay * 0.2 * ThreadLocalRandom.current().nextDouble());
            LOG.info("client stream {}: {}; retry {} in {} ms", stream.id(), why, retries, jittered);
            pendingRetry = timer.schedule(this::dial, jittered, TimeUnit.MILLISECONDS);
            return true;
        }
    }

    /**
     * A dialed connection opened; called under the lock.
     *
     * @param kept whether it became the stream's connection (not abandoned because the stream is closing)
     */
    void opened(boolean kept) {
        pendingDial = null;
        if (kept) {
            retries = 0;
        }
    }

    /** The stream is closing: no dial in progress, no retry waiting. Called under the lock. */
    void cancel() {
        if (pendingRetry != null) {
            pendingRetry.cancel(false);
            pendingRetry = null;
        }
        if (pendingDial != null) {
            pendingDial.cancel(false);
            pendingDial = null;
        }
    }
}
