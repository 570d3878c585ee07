package io.wsstream.api.client;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

import io.wsstream.api.CloseCodes;
import io.wsstream.api.StreamClosedException;

/**
 * How a client stream retries: a connection attempt that fails, and an open connection that the server or
 * the network ends abnormally. Immutable.
 *
 * <p>The delay before attempt {@code n} (counting from 1 after the first failure) is
 * {@code min(maxDelay, initialDelay x multiplier^(n-1))}, each with up to 20 % random jitter taken off so
 * that many clients do not come back at the same instant. The count starts again once a connection is open.
 *
 * <p>A connection that was open is re-established when it ends with one of {@link #RECONNECT_CODES}
 * (going away, abnormal drop, internal error, service restart, try again later, bad gateway) and the
 * program did not close it. Meanwhile the stream stays the same object: {@link WebsocketClientStream#isOpen()}
 * is {@code false} and sends fail with {@link StreamClosedException}; the {@link WebsocketClientStream#messages()}
 * subscriber stays subscribed and its demand carries over to the new connection. Messages in flight when
 * the connection dropped are lost: a byte stream that must not lose data should not reconnect. When the
 * attempts run out, the stream ends with the close of the last connection.
 *
 * @param initialDelay positive: the delay before the first retry
 * @param maxDelay at least {@code initialDelay}: the longest delay
 * @param multiplier at least 1, finite: the growth of the delay from one retry to the next
 * @param maxAttempts the retries allowed in a row, 0 for unlimited
 */
public record ReconnectPolicy(Duration initialDelay, Duration maxDelay, double multiplier, int maxAttempts) {
    /** Close codes after which an open connection is re-established: 1001, 1006, 1011, 1012, 1013, 1014. */
    public static final Set<Integer> RECONNECT_CODES = Set.of(CloseCodes.GOING_AWAY, CloseCodes.ABNORMAL,
            CloseCodes.INTERNAL_ERROR, CloseCodes.SERVICE_RESTART, 1013, 1014);

    /** @throws IllegalArgumentException for a value out of its range (see the components) */
    public ReconnectPolicy {
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (initialDelay.isNegative() || initialDelay.isZero()) {
            throw new IllegalArgumentException("initial delay must be positive, not " + initialDelay);
        }
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("max delay " + maxDelay + " is shorter than the initial delay " + initialDelay);
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("multiplier must be at least 1, not " + multiplier);
        }
        if (maxAttempts < 0) {
            throw new IllegalArgumentException("max attempts must be 0 (unlimited) or more, not " + maxAttempts);
        }
    }

    /** Doubling delays from {@code initialDelay} up to {@code maxDelay}, without limit on the attempts. */
    public static ReconnectPolicy exponential(Duration initialDelay, Duration maxDelay) {
        return new ReconnectPolicy(initialDelay, maxDelay, 2.0, 0);
    }

    /** @return this policy with another growth factor (1 for a fixed delay) */
    public ReconnectPolicy withMultiplier(double factor) {
        return new ReconnectPolicy(initialDelay, maxDelay, factor, maxAttempts);
    }

    /** @return this policy giving up after {@code attempts} retries in a row; 0 retries forever */
    public ReconnectPolicy withMaxAttempts(int attempts) {
        return new ReconnectPolicy(initialDelay, maxDelay, multiplier, attempts);
    }

    /**
     * @param attempt the retry about to be made, from 1
     * @return the delay before it, without jitter
     */
    public Duration delayBefore(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempts count from 1, not " + attempt);
        }
        double millis = initialDelay.toMillis() * Math.pow(multiplier, attempt - 1);
        return millis >= maxDelay.toMillis() ? maxDelay : Duration.ofMillis((long) millis);
    }

    /** @return whether retry number {@code attempt} (from 1) is allowed */
    public boolean allows(int attempt) {
        return maxAttempts == 0 || attempt <= maxAttempts;
    }

    @Override
    public String toString() {
        return "ReconnectPolicy{" + initialDelay + " x" + multiplier + " up to " + maxDelay
                + (maxAttempts == 0 ? ", unlimited" : ", " + maxAttempts + " attempts") + "}";
    }
}
