package io.wsstream.common.stream;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executors the server and the client make for their streams: daemon threads with names that say whose
 * they are, so that a thread dump shows wsstream's threads and none of them keeps the JVM alive.
 */
public final class DaemonThreads {
    /** How long an idle pool thread lives. */
    private static final long IDLE_SECONDS = 30;

    private DaemonThreads() {}

    /**
     * @return a pool of up to {@code threads} threads named {@code prefix-1, prefix-2, ...} that end when idle, with an
     *     unbounded queue (per-stream demand bounds it: one pending task per stream)
     */
    public static ThreadPoolExecutor pool(String prefix, int threads) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, IDLE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> daemon(task, prefix + "-" + count.incrementAndGet()));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** @return one timer thread of that name; a cancelled task leaves its queue at once */
    public static ScheduledThreadPoolExecutor timer(String name) {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> daemon(task, name));
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
