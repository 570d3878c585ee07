package io.wsstream.benchmark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The order of the servers in one round of a measurement: rotated by one each round. Throughput still climbs
 * from round to round after the warm-up (the JITs of the load client and the servers, the sockets), so a fixed
 * order favours whoever goes last in every round; measured at 100 connections, the same two builds read 0.84
 * one way round and 1.28 the other. Rotating gives each server each place in turn.
 */
final class RoundOrder {
    private RoundOrder() {
    }

    /**
     * @param round the round, from 1
     * @return the servers in the order they are measured in that round: round 1 as given, round 2 starting with the
     *     second, and so on
     */
    static <T> List<T> forRound(List<T> servers, int round) {
        if (round < 1) {
            throw new IllegalArgumentException("rounds count from 1, not " + round);
        }
        List<T> order = new ArrayList<>(servers);
        if (!order.isEmpty()) {
            Collections.rotate(order, -((round - 1) % order.size()));
        }
        return order;
    }
}
