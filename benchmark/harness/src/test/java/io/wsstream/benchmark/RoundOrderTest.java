package io.wsstream.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class RoundOrderTest {
    private static final List<String> SERVERS = List.of("wsstream", "jetty", "paxweb");

    @Test
    void eachRoundStartsWithTheNextServer() {
        assertEquals(SERVERS, RoundOrder.forRound(SERVERS, 1));
        assertEquals(List.of("jetty", "paxweb", "wsstream"), RoundOrder.forRound(SERVERS, 2));
        assertEquals(List.of("paxweb", "wsstream", "jetty"), RoundOrder.forRound(SERVERS, 3));
        assertEquals(SERVERS, RoundOrder.forRound(SERVERS, 4));
    }

    @Test
    void twoServersTakeTurnsFirst() {
        assertEquals(List.of("b", "a"), RoundOrder.forRound(List.of("a", "b"), 2));
        assertEquals(List.of("a", "b"), RoundOrder.forRound(List.of("a", "b"), 3));
    }

    @Test
    void oneOrNoServerStaysAsItIs() {
        assertEquals(List.of("a"), RoundOrder.forRound(List.of("a"), 2));
        assertEquals(List.of(), RoundOrder.forRound(List.of(), 2));
    }

    @Test
    void roundsCountFromOne() {
        assertThrows(IllegalArgumentException.class, () -> RoundOrder.forRound(SERVERS, 0));
    }
}
