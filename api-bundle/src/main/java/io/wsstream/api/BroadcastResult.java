package io.wsstream.api;

/**
 * What a broadcast did: to how many streams it tried to send, how many sends were written, how many failed.
 *
 * @param attempted the streams on the path that the filter accepted
 * @param written the sends written to the network
 * @param failed the sends that failed (the stream closed first)
 */
public record BroadcastResult(int attempted, int written, int failed) {
    /** @throws IllegalArgumentException unless {@code written + failed == attempted}, all of them at least 0 */
    public BroadcastResult {
        if (attempted < 0 || written < 0 || failed < 0 || written + failed != attempted) {
            throw new IllegalArgumentException("written + failed must equal attempted, none negative: " + written + " + " + failed
                    + " != " + attempted);
        }
    }
}
