package io.wsstream.client.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.wsstream.api.CloseCodes;
import io.wsstream.api.client.ClientOptions;
import io.wsstream.api.client.ReconnectPolicy;
import io.wsstream.common.codec.JsonCodec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client stream's connecting states without a network: a dialer that is refused every time, and the
 * reconnect policy deciding how often it is tried again. (Open connections are ClientStreamIT's.)
 */
class ClientStreamReconnectTest {
    private static final URI TARGET = URI.create("ws://127.0.0.1:9/none");
    /** Bounds a wait for something that must happen, so that a failure cannot hang the build. */
    private static final long BOUND_SECONDS = 10;

    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    private final AtomicInteger dials = new AtomicInteger();

    ClientStreamReconnectTest() {
        // As the client bundle's own timer: a cancelled retry leaves the queue at once.
        timer.setRemoveOnCancelPolicy(true);
    }

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    private ClientStream refusedEveryTime(ClientOptions options) {
        return new ClientStream(TARGET, options, listener -> {
            dials.incrementAndGet();
            return CompletableFuture.failedFuture(new ConnectException("Connection refused"));
        }, timer, Runnable::run, new JsonCodec());
    }

    @Test
    void withoutAPolicyOneRefusalEndsTheStream() throws Exception {
        ClientStream stream = refusedEveryTime(ClientOptions.defaults());

        stream.start();

        stream.ended().toCompletableFuture().get(BOUND_SECONDS, TimeUnit.SECONDS);
        assertEquals(1, dials.get());
        assertThrows(ExecutionException.class, () -> stream.opened().toCompletableFuture().get());
    }

    @Test
    void refusalsAreRetriedAsOftenAsThePolicyAllowsThenTheStreamEnds() throws Exception {
        ReconnectPolicy twice = ReconnectPolicy.exponential(Duration.ofMillis(1), Duration.ofMillis(2)).withMaxAttempts(2);
        ClientStream stream = refusedEveryTime(ClientOptions.builder().reconnect(twice).build());

        stream.start();

        stream.ended().toCompletableFuture().get(BOUND_SECONDS, TimeUnit.SECONDS);
        assertEquals(3, dials.get(), "the first attempt and two retries");
        assertThrows(ExecutionException.class, () -> stream.opened().toCompletableFuture().get());
    }

    @Test
    void closingWhileWaitingToRetryEndsTheStreamWithoutAnotherAttempt() throws Exception {
        ReconnectPolicy hourly = ReconnectPolicy.exponential(Duration.ofHours(1), Duration.ofHours(1));
        ClientStream stream = refusedEveryTime(ClientOptions.builder().reconnect(hourly).build());
        stream.start();
        assertEquals(1, timer.getQueue().size(), "a retry is waiting");

        stream.close(CloseCodes.NORMAL, "changed my mind");

        assertTrue(stream.ended().toCompletableFuture().isDone());
        assertEquals(0, timer.getQueue().size(), "the waiting retry was cancelled");
        assertEquals(1, dials.get());
    }
}
