package io.wsstream.jetty.stream;

import java.util.concurrent.atomic.AtomicLong;

/** Bytes a stream has queued for sending but not yet written, against its limit. */
final class OutboundBudget {
    private final AtomicLong queued = new AtomicLong();
    private final long limit;

    OutboundBudget(long limit) {
        this.limit = limit;
    }

    /** @return {@code false}, taking nothing, when the bytes would exceed the limit */
    boolean take(long bytes) {
        while (true) {
            long current = queued.get();
            if (current + bytes > limit && current > 0) {
                return false;
            }
            if (queued.compareAndSet(current, current + bytes)) {
                return true;
            }
        }
    }

    void giveBack(long bytes) {
        queued.addAndGet(-bytes);
    }

    long queued() {
        return queued.get();
    }

    long limit() {
        return limit;
    }
}
