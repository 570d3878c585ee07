package io.wsstream.jetty.handshake;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * Counts one server's connections, from the moment a handshake passes the origin check until its stream
 * ends (or the handshake is refused later), against a maximum that may change at any time.
 */
final class ConnectionLimit {
    /** What a handshake holds; given back exactly once however often {@link #release()} is called. */
    final class Permit implements Runnable {
        /** 1 once given back; an updated field rather than an AtomicBoolean, as every open stream holds its permit. */
        private volatile int released;

        void release() {
            if (RELEASED.compareAndSet(this, 0, 1)) {
                count.decrementAndGet();
            }
        }

        @Override
        public void run() {
            release();
        }
    }

    private static final AtomicIntegerFieldUpdater<Permit> RELEASED = AtomicIntegerFieldUpdater.newUpdater(Permit.class, "released");

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
