package io.wsstream.common.stream;

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
public final class HandlerThreads {
    private final Executor pool;
    private final Semaphore lendable;

    public HandlerThreads(Executor pool, int lendable) {
        this.pool = pool;
        this.lendable = new Semaphore(lendable);
    }

    public Executor pool() {
        return pool;
    }

    /** @return whether the calling Jetty thread may run a handler call; if so, {@link #giveBack()} follows */
    public boolean tryLend() {
        return lendable.tryAcquire();
    }

    public void giveBack() {
        lendable.release();
    }
}
