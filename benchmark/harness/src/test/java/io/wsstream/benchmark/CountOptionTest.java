package io.wsstream.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CountOptionTest {

    @Test
    void aPositiveWholeNumberIsTheCount() {
        assertEquals(19000, Benchmark.count("--idle-streams", "19000"));
    }

    @Test
    void anythingElseIsRefusedNamingTheOption() {
        for (String value : new String[] {"", "ten", "0", "-5", "1.5", "99999999999"}) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> Benchmark.count("--many-connections", value));
            assertTrue(refused.getMessage().startsWith("--many-connections takes"), refused.getMessage());
        }
    }
}
