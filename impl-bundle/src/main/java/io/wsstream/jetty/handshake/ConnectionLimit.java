package io.wsstream.jetty.handshake;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts one server's connections, from the moment a handshake passes the origin check until its stream
 * ends (or the handshake is refused later), against a maximum that may change at any time.
 */
final class ConnectionLimit {
    /** What a handshake holds; given back exactly once however often {@link #release()} is called. */
    final class Permit implements Runnable {
        private final AtomicBoolean released = new AtomicBoolean();

        void release() {
            if (released.compareAndSet(false, true)) {
                count.decrementAndGet();
            }
        }

        @Override
        public void run() {
            release();
        }
    }

    private final AtomicInteger count = new AtomicInteger();

    /**
     * @param maximum the most connections, 0 for no limit
     * @return a permit, or {@code null} when the server has {@code maximum} connections already
     */
    Permit tryAcquire(int maximum) {
        while (true) {
            int current = count.get();
            if (maximum > 0 && current >= maximum) {
                return null;
            }
            if (count.compareAndSet(current, current + 1)) {
                return new Permit();
            }
        }
    }
}
