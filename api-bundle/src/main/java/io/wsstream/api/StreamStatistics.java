package io.wsstream.api;

/**
 * What one stream has done so far: a snapshot. Messages out count those written to the network.
 *
 * @param messagesIn messages received
 * @param messagesOut messages written
 * @param bytesIn payload bytes received (UTF-8 bytes for text)
 * @param bytesOut payload bytes written
 */
public record StreamStatistics(long messagesIn, long messagesOut, long bytesIn, long bytesOut) {
    @Override
    public String toString() {
        return "in " + messagesIn + " (" + bytesIn + " B), out " + messagesOut + " (" + bytesOut + " B)";
    }
}
