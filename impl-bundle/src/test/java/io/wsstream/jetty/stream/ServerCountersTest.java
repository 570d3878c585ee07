package io.wsstream.jetty.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;

import io.wsstream.api.StreamStatistics;
import io.wsstream.api.runtime.dto.ClosedStreamsDTO;
import io.wsstream.api.runtime.dto.ServerDTO;

import org.junit.jupiter.api.Test;

class ServerCountersTest {
    private static final StreamStatistics NO_TRAFFIC = new StreamStatistics(0, 0, 0, 0);

    @Test
    void closesAreCountedByPathAndCode() {
        ServerCounters counters = new ServerCounters();
        counters.streamEnded(NO_TRAFFIC, "/b", 1000, () -> { });
        counters.streamEnded(NO_TRAFFIC, "/a", 4001, () -> { });
        counters.streamEnded(NO_TRAFFIC, "/a", 4001, () -> { });

        ClosedStreamsDTO[] rows = closedStreams(counters);
        assertEquals(2, rows.length);
        assertEquals("/a 4001 2", row(rows[0]));
        assertEquals("/b 1000 1", row(rows[1]));
    }

    @Test
    void aPeerCyclingThroughCloseCodesCannotGrowTheRowsWithoutEnd() {
        ServerCounters counters = new ServerCounters();
        for (int code = 3000; code < 5000; code++) {
            counters.streamEnded(NO_TRAFFIC, "/p", code, () -> { });
        }
        counters.streamEnded(NO_TRAFFIC, "/p", 3000, () -> { });

        ClosedStreamsDTO[] rows = closedStreams(counters);
        assertEquals(ServerCounters.MAX_CLOSED_ROWS + 1, rows.length);
        assertEquals("/p 0 " + (2000 - ServerCounters.MAX_CLOSED_ROWS), row(rows[0]));
        assertEquals("/p 3000 2", row(rows[1]));
        assertEquals(2001, Arrays.stream(rows).mapToLong(dto -> dto.count).sum());
    }

    private static ClosedStreamsDTO[] closedStreams(ServerCounters counters) {
        ServerDTO dto = counters.toDto("default", "127.0.0.1", 0, false, java.util.List::of);
        return dto.closedStreams;
    }

    private static String row(ClosedStreamsDTO dto) {
        return dto.path + " " + dto.code + " " + dto.count;
    }
}
