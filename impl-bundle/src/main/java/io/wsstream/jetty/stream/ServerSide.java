package io.wsstream.jetty.stream;

import java.time.Duration;

/** What a stream needs to know of the server that accepted it. One per listening server. */
public final class ServerSide {
    private final String name;
    private final ServerCounters counters;
    private volatile long outboundLimitBytes;
    private volatile Duration stopTimeout;

    /**
     * @param outboundLimitBytes bytes a stream may have queued for sending before it is closed with 1008
     * @param stopTimeout how long a stream that this side closes waits for the peer's close frame before
     *     it is disconnected ({@code stop.timeout.ms})
     */
    public ServerSide(String name, ServerCounters counters, long outboundLimitBytes, Duration stopTimeout) {
        this.name = name;
        this.counters = counters;
        this.outboundLimitBytes = outboundLimitBytes;
        this.stopTimeout = stopTimeout;
    }

    /** A configuration change: closes started from now on wait this long for the peer. */
    public void stopTimeout(Duration timeout) {
        this.stopTimeout = timeout;
    }

    /** A configuration change: streams opened from now on get the new limit. */
    public void outboundLimitBytes(long limit) {
        this.outboundLimitBytes = limit;
    }

    public String name() {
        return name;
    }

    public ServerCounters counters() {
        return counters;
    }

    long outboundLimitBytes() {
        return outboundLimitBytes;
    }

    Duration stopTimeout() {
        return stopTimeout;
    }
}
