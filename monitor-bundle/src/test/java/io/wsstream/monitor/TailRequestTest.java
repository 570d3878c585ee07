package io.wsstream.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class TailRequestTest {

    @Test
    void aPathOrNullIsTheOnlyRequest() {
        assertEquals("/chat", TailRequest.parse(Map.of("tail", "/chat")).path());
        Map<String, Object> stop = new HashMap<>();
        stop.put("tail", null);
        assertNull(TailRequest.parse(stop).path());
    }

    @Test
    void anythingElseIsRefusedSayingWhy() {
        assertTrue(refusal(Map.of("close", "x")).contains("expected {\"tail\""));
        assertTrue(refusal(Map.of("tail", "/chat", "broadcast", "hi")).contains("keys"));
        assertTrue(refusal(Map.of("tail", 7L)).contains("not Long"));
        assertTrue(refusal(Map.of("tail", "chat")).contains("absolute path"));
        assertTrue(refusal(Map.of("tail", "/" + "a".repeat(TailRequest.MAX_PATH_LENGTH))).contains("at most 256"));
        assertTrue(refusal(Map.of("tail", "/a\nb")).contains("printable"));
    }

    private static String refusal(Map<String, Object> request) {
        return assertThrows(IllegalArgumentException.class, () -> TailRequest.parse(request)).getMessage();
    }
}
