package io.wsstream.api;

/**
 * What one stream has done so far: a snapshot. Messages out count those written to the network.
 *
 * @param messagesIn messages received
 * @param messagesOut messages written
 * @param bytesIn payload bytes received (UTF-8 bytes for text)
 * @param bytesOut payload bytes written
 * @param outboundQueuedBytes payload bytes sent but not yet written to the network: a peer that reads slowly
 *     makes it grow, up to the server's outbound limit (0 where the implementation does not track it)
 * @since 1.1
 */
public record StreamStatistics(long messagesIn, long messagesOut, long bytesIn, long bytesOut, long outboundQueuedBytes) {
    /** The 1.0 constructor: nothing queued. */
    public StreamStatistics(long messagesIn, long messagesOut, long bytesIn, long bytesOut) {
        this(messagesIn, messagesOut, bytesIn, bytesOut, 0);
    }

    @Override
    public String toString() {
        return "in " + messagesIn + " (" + bytesIn + " B), out " + messagesOut + " (" + bytesOut + " B), queued "
                + outboundQueuedBytes + " B";
    }
}
