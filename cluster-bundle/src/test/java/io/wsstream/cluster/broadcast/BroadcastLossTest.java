package io.wsstream.cluster.broadcast;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BroadcastLossTest {

    @Test
    void messagesInOrderMissNothingWhereverTheyStart() {
        BroadcastLoss loss = new BroadcastLoss();
        assertEquals(0, loss.received(41));
        assertEquals(0, loss.received(42));
        assertEquals(0, loss.received(43));
        assertEquals(0, loss.missed());
    }

    @Test
    void aJumpInTheSequenceIsCountedAsTheMessagesOverwritten() {
        BroadcastLoss loss = new BroadcastLoss();
        loss.received(0);
        assertEquals(9, loss.received(10));
        assertEquals(0, loss.received(11));
        assertEquals(2, loss.received(14));
        assertEquals(11, loss.missed());
    }

    @Test
    void aSequenceSeenAgainIsNoLoss() {
        BroadcastLoss loss = new BroadcastLoss();
        loss.received(5);
        assertEquals(0, loss.received(5));
        assertEquals(0, loss.received(3));
        assertEquals(0, loss.received(6));
        assertEquals(0, loss.missed());
    }
}
