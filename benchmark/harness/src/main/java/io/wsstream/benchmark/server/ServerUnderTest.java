package io.wsstream.benchmark.server;

import java.net.URI;
import java.time.Duration;

import io.wsstream.benchmark.client.LoadClient;

/**
 * A server the benchmark measures, running in a JVM of its own that the benchmark started. Every server
 * serves {@code /bench/echo} (text and binary), {@code /bench/json} (decode and re-encode) and {@code /bench/broadcast}.
 */
public interface ServerUnderTest extends AutoCloseable {

    /** @return the key in the results: {@code wsstream}, {@code jetty} or {@code paxweb} */
    String key();

    /** @return what runs, with versions */
    String description();

    /** Starts the JVM and returns once {@code /bench/echo}, {@code /bench/json} and {@code /bench/broadcast} are served. */
    void start(LoadClient client, Duration timeout) throws Exception;

    /** @return the websocket URI of a path */
    URI uri(String path);

    /** @return the server JVM's process id */
    long pid();

    /** @return whether the server can take a handler bundle in and out while running (a whiteboard) */
    default boolean isWhiteboard() {
        return false;
    }

    /** Deploys the bundle serving {@code /bench/other} and returns once it is served. */
    default void deployOther(LoadClient client, Duration timeout) throws Exception {
        throw new UnsupportedOperationException(key() + " is no whiteboard");
    }

    /** Undeploys the bundle serving {@code /bench/other} and returns once {@code /bench/other} is no longer served. */
    default void undeployOther(LoadClient client, Duration timeout) throws Exception {
        throw new UnsupportedOperationException(key() + " is no whiteboard");
    }

    /** Stops the JVM (gracefully, then forcibly). */
    @Override
    void close();
}
