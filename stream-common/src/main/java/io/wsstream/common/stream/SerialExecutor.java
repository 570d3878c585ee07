package io.wsstream.common.stream;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * Runs tasks one at a time, in submission order, on a shared executor: what makes a stream's handler
 * calls (a client stream's subscriber signals) sequential without a thread per stream. {@link #runHere} lets the calling thread run a task itself
 * when nothing else of the stream is queued or running.
 */
public final class SerialExecutor implements Executor {
    // An updated field rather than an AtomicBoolean: every open stream has its executor, most of them idle.
    private static final AtomicIntegerFieldUpdater<SerialExecutor> DRAINING =
            AtomicIntegerFieldUpdater.newUpdater(SerialExecutor.class, "draining");
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** 1 while a thread runs the tasks. */
    private volatile int draining;
    private final HandlerThreads threads;

    public SerialExecutor(HandlerThreads threads) {
        this.threads = threads;
    }

    /** For callers that have no thread to lend (the client): {@link #runHere} queues as {@link #execute} does. */
    public SerialExecutor(Executor pool) {
        this(new HandlerThreads(pool, 0));
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        scheduleDrain();
    }

    /**
     * Runs the task on the calling thread when the stream is idle and the thread may be lent to a handler;
     * otherwise queues it as {@link #execute} does.
     */
    public void runHere(Runnable task) {
        if (tasks.isEmpty() && threads.tryLend()) {
            try {
                if (DRAINING.compareAndSet(this, 0, 1)) {
                    try {
                        task.run();
                    } finally {
                        draining = 0;
                        scheduleDrain();
                    }
                    return;
                }
            } finally {
                threads.giveBack();
            }
        }
        execute(task);
    }

    private void scheduleDrain() {
        if (!tasks.isEmpty() && DRAINING.compareAndSet(this, 0, 1)) {
            threads.pool().execute(this::drain);
        }
    }

    private void drain() {
        try {
            Runnable task;
            while ((task = tasks.poll()) != null) {
                task.run();
            }
        } finally {
            draining = 0;
            // A task added between the last poll and the reset would otherwise wait for the next one.
            scheduleDrain();
        }
    }
}
