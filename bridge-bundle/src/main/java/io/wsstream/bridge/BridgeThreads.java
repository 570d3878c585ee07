package io.wsstream.bridge;

import java.io.IOException;
import java.nio.channels.AsynchronousChannelGroup;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of one bridge configuration: a small channel group for its TCP sockets (I/O completions only,
 * nothing blocks on them) and a timer for connect timeouts and lingering closes, which also resolves and
 * connects new bridge targets (name resolution may block: never on a Jetty thread). Closed with the component.
 */
final class BridgeThreads implements AutoCloseable {
    private static final int IO_THREADS = 2;

    private final AsynchronousChannelGroup group;
    private final ScheduledThreadPoolExecutor timer;

    BridgeThreads(String name) throws IOException {
        AtomicInteger count = new AtomicInteger();
        group = AsynchronousChannelGroup.withFixedThreadPool(IO_THREADS, task -> {
            Thread thread = new Thread(task, "wsstream-bridge-" + name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "wsstream-bridge-" + name + "-timer");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    AsynchronousChannelGroup group() {
        return group;
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            group.shutdownNow();
            group.awaitTermination(2, TimeUnit.SECONDS);
        } catch (IOException e) {
            // the channels are closed either way
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
