package io.wsstream.cluster.broadcast;

/**
 * Counts the broadcasts a node missed, from the ringbuffer sequences of the messages it received: the sequences of
 * one topic rise by one per message, so a jump is the number of messages that were overwritten before this node
 * read them. Not thread-safe: the topic calls its listener on one thread at a time.
 */
final class BroadcastLoss {
    private long lastSequence = -1;
    private long missed;

    /** @return how many messages were missed just before this one (0 in order) */
    long received(long sequence) {
        long gap = lastSequence < 0 || sequence <= lastSequence ? 0 : sequence - lastSequence - 1;
        lastSequence = Math.max(lastSequence, sequence);
        missed += gap;
        return gap;
    }

    /** @return the messages missed since the node joined */
    long missed() {
        return missed;
    }
}
