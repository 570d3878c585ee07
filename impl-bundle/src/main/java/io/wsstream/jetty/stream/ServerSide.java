package io.wsstream.jetty.stream;

/** What a stream needs to know of the server that accepted it. One per listening server. */
public final class ServerSide {
    private final String name;
    private final ServerCounters counters;
    private volatile long outboundLimitBytes;

    /**
     * @param outboundLimitBytes bytes a stream may have queued for sending before it is closed with 1008
     */
    public ServerSide(String name, ServerCounters counters, long outboundLimitBytes) {
        this.name = name;
        this.counters = counters;
        this.outboundLimitBytes = outboundLimitBytes;
    }

    /** A configuration change: streams opened from now on get the new limit. */
    public void outboundLimitBytes(long limit) {
        this.outboundLimitBytes = limit;
    }

    public String name() {
        return name;
    }

    ServerCounters counters() {
        return counters;
    }

    long outboundLimitBytes() {
        return outboundLimitBytes;
    }
}
