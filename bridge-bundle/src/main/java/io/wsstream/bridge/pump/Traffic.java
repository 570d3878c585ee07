package io.wsstream.bridge.pump;

import java.util.concurrent.atomic.LongAdder;

/** Bytes carried by the connections of one bridge or forwarder, each way; counted on the I/O threads. */
public final class Traffic {
    private final LongAdder readFromTcp = new LongAdder();
    private final LongAdder writtenToTcp = new LongAdder();

    void readFromTcp(long bytes) {
        readFromTcp.add(bytes);
    }

    void writtenToTcp(long bytes) {
        writtenToTcp.add(bytes);
    }

    /** @return bytes read from TCP sockets and sent on as websocket messages */
    public long fromTcp() {
        return readFromTcp.sum();
    }

    /** @return bytes of websocket messages written to TCP sockets */
    public long toTcp() {
        return writtenToTcp.sum();
    }
}
