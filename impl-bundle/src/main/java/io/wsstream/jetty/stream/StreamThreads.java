package io.wsstream.jetty.stream;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;

import io.wsstream.common.stream.DaemonThreads;
import io.wsstream.common.stream.HandlerThreads;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The threads of the server streams, owned in one place: the handler pool, and the timer for keep-alive,
 * close timeouts and handlers' grace periods. Stopped after the {@link StreamRegistry}, which needs them to
 * close its streams.
 *
 * <p>The handler pool has {@code max(8, 4 x cores)} threads that time out when idle, and an unbounded
 * queue: per-stream demand already bounds it to one pending message per stream. As many Jetty threads
 * may run handlers on their own (see {@link HandlerThreads}).
 */
@Component(service = StreamThreads.class)
public final class StreamThreads {
    private final ThreadPoolExecutor handlerExecutor;
    private final HandlerThreads handlerThreads;
    private final ScheduledThreadPoolExecutor timer;

    public StreamThreads() {
        int threads = Math.max(8, 4 * Runtime.getRuntime().availableProcessors());
        handlerExecutor = DaemonThreads.pool("wsstream-handler", threads);
        handlerThreads = new HandlerThreads(handlerExecutor, threads);
        timer = DaemonThreads.timer("wsstream-timer");
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
        handlerExecutor.shutdown();
    }

    HandlerThreads handlerThreads() {
        return handlerThreads;
    }

    /** @return the one timer thread: its tasks must not block */
    ScheduledExecutorService timer() {
        return timer;
    }
}
