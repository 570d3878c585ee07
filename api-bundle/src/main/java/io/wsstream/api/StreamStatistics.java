package io.wsstream.api;

/** What one stream has done so far: a snapshot. Messages out count those written to the network. */
public final class StreamStatistics {
    private final long messagesIn;
    private final long messagesOut;
    private final long bytesIn;
    private final long bytesOut;

    public StreamStatistics(long messagesIn, long messagesOut, long bytesIn, long bytesOut) {
        this.messagesIn = messagesIn;
        this.messagesOut = messagesOut;
        this.bytesIn = bytesIn;
        this.bytesOut = bytesOut;
    }

    public long messagesIn() {
        return messagesIn;
    }

    public long messagesOut() {
        return messagesOut;
    }

    /** @return payload bytes received (UTF-8 bytes for text) */
    public long bytesIn() {
        return bytesIn;
    }

    /** @return payload bytes written */
    public long bytesOut() {
        return bytesOut;
    }

    @Override
    public String toString() {
        return "in " + messagesIn + " (" + bytesIn + " B), out " + messagesOut + " (" + bytesOut + " B)";
    }
}
