package io.wsstream.jetty.stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PeerLivenessTest {
    private final PeerLiveness liveness = new PeerLiveness();

    /** A tick that sends a ping which the network writes. */
    private boolean tick(boolean reading) {
        boolean silent = liveness.silentSinceLastPing(reading);
        liveness.pingWritten();
        return silent;
    }

    @Test
    void aPeerSilentForAWholeIntervalWhileTheStreamReadsIsDead() {
        assertFalse(tick(true), "the first tick only pings");
        assertTrue(tick(true));
    }

    @Test
    void anyFrameFromThePeerKeepsItAlive() {
        tick(true);
        liveness.heard();
        assertFalse(tick(true));
        liveness.heard();
        assertFalse(tick(true));
    }

    @Test
    void aStreamThatWasNotReadingIsNotJudged() {
        tick(false);
        assertFalse(tick(true), "not reading when the ping went out: the pong may wait unread");
        assertTrue(tick(true));
    }

    @Test
    void aPingThatWasNotWrittenIsNotJudged() {
        liveness.silentSinceLastPing(true);
        assertFalse(liveness.silentSinceLastPing(true), "the ping queued behind data the peer has not read");
    }
}
