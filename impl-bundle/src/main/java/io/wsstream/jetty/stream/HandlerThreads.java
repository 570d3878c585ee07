package io.wsstream.jetty.stream;

import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;

/**
 * Where handler calls run. A call that arrives on a Jetty thread that has just read the message runs on
 * that thread, as a plain Jetty endpoint would, while fewer than {@code lendable} Jetty threads are inside
 * handlers at once; every other call (and every call beyond the limit) runs on the wsstream handler pool.
 *
 * <p>Handing each message to another thread cost two thread wake-ups per message (to the handler pool, and
 * back to Jetty for the next read, which Jetty dispatches when demand comes from a foreign thread): the
 * top frame of the profile and most of the gap to plain Jetty at low concurrency. The limit keeps what the
 * pool gave: handlers that block can hold at most {@code lendable} of Jetty's threads, the rest go on with
 * I/O, and the blocked handlers slow their own clients only.
 */
final class HandlerThreads {
    private final Executor pool;
    private final Semaphore lendable;

    HandlerThreads(Executor pool, int lendable) {
        this.pool = pool;
        this.lendable = new Semaphore(lendable);
    }

    Executor pool() {
        return pool;
    }

    /** @return whether the calling Jetty thread may run a handler call; if so, {@link #giveBack()} follows */
    boolean tryLend() {
        return lendable.tryAcquire();
    }

    void giveBack() {
        lendable.release();
    }
}
