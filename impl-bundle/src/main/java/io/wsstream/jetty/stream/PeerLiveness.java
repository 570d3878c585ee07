package io.wsstream.jetty.stream;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * Whether a peer still answers, judged at each keep-alive tick. A peer is silent when, since the previous
 * ping, nothing at all arrived (not even the pong) although the ping was written and the stream was
 * reading the whole time. A stream that is not reading (a handler still busy with a message, a pull
 * consumer that requested nothing) or that has data queued for the peer is not judged: Jetty reads no
 * pong while there is no demand, and the peer reads our ping only after the data ahead of it.
 */
final class PeerLiveness {
    // An updated field rather than an AtomicBoolean: 16 bytes less on every stream, most of them idle.
    private static final AtomicIntegerFieldUpdater<PeerLiveness> HEARD = AtomicIntegerFieldUpdater.newUpdater(PeerLiveness.class, "heard");
    /** 1 once any frame arrived since the previous tick. */
    private volatile int heard;
    private volatile boolean pingWritten;
    /** Timer thread only: whether the previous ping went out while the stream was reading. */
    private boolean judgeable;

    /** Any frame arrived from the peer: called on a network thread. */
    void heard() {
        heard = 1;
    }

    /** The keep-alive ping left: called on a network thread. */
    void pingWritten() {
        pingWritten = true;
    }

    /**
     * Called on the timer thread at each tick, before a new ping is sent.
     *
     * @param readingNow whether the stream waits for the peer's next frame with nothing queued for it
     * @return whether the peer stayed silent over the whole interval since the previous ping
     */
    boolean silentSinceLastPing(boolean readingNow) {
        boolean heardSince = HEARD.getAndSet(this, 0) != 0;
        boolean silent = judgeable && pingWritten && !heardSince;
        judgeable = readingNow;
        pingWritten = false;
        return silent;
    }
}
