package io.wsstream.jetty.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import io.wsstream.api.runtime.dto.DTOConstants;

import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void columnsAreAsWideAsTheirWidestCellTwoSpacesApart() {
        Table table = new Table("PATH", "STREAMS").row("/chat", 12).row("/a-long-path", 3);

        assertEquals("PATH          STREAMS\n"
                + "/chat         12\n"
                + "/a-long-path  3\n", table.toString());
        assertEquals(2, table.size());
    }

    @Test
    void aRowMustFillEveryColumn() {
        assertThrows(IllegalArgumentException.class, () -> new Table("A", "B").row("only one"));
    }

    @Test
    void agesReadLikeAClock() {
        assertEquals("0s", WsstreamCommands.age(Duration.ofMillis(400)));
        assertEquals("59s", WsstreamCommands.age(Duration.ofSeconds(59)));
        assertEquals("1m05s", WsstreamCommands.age(Duration.ofSeconds(65)));
        assertEquals("2h03m", WsstreamCommands.age(Duration.ofMinutes(123)));
    }

    @Test
    void failureReasonsHaveNames() {
        assertEquals("shadowed", WsstreamCommands.reason(DTOConstants.FAILURE_REASON_SHADOWED));
        assertEquals("invalid", WsstreamCommands.reason(DTOConstants.FAILURE_REASON_VALIDATION_FAILED));
        assertEquals("not gettable", WsstreamCommands.reason(DTOConstants.FAILURE_REASON_SERVICE_NOT_GETTABLE));
        assertEquals("no matching server", WsstreamCommands.reason(DTOConstants.FAILURE_REASON_NO_MATCHING_SERVER));
        assertEquals("unknown (0)", WsstreamCommands.reason(DTOConstants.FAILURE_REASON_UNKNOWN));
    }
}
