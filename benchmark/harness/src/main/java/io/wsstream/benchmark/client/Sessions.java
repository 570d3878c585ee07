package io.wsstream.benchmark.client;

import java.time.Duration;
import java.util.Collection;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/** Closing many client sessions at once. */
final class Sessions {
    private Sessions() {}

    /**
     * Closes every session gracefully (1000), waits for the closing handshakes up to the timeout, then
     * drops what is still open.
     *
     * @return the sessions that had to be dropped
     */
    static int closeAll(Collection<Session> sessions, Duration timeout) {
        for (Session session : sessions) {
            if (session != null && session.isOpen()) {
                session.close(1000, "benchmark done", Callback.NOOP);
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && sessions.stream().anyMatch(s -> s != null && s.isOpen())) {
            LoadClient.pause(Duration.ofMillis(10));
        }
        int dropped = 0;
        for (Session session : sessions) {
            if (session != null && session.isOpen()) {
                session.disconnect();
                dropped++;
            }
        }
        return dropped;
    }
}
