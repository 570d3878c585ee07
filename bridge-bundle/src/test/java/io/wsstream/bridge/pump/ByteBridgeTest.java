package io.wsstream.bridge.pump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

class ByteBridgeTest {

    @Test
    void shortReasonsStay() {
        assertEquals("target unreachable: Connection refused", ByteBridge.truncate("target unreachable: Connection refused"));
    }

    @Test
    void longReasonsAreCutToTheCloseFrameLimitInBytes() {
        String cut = ByteBridge.truncate("é".repeat(200));
        assertTrue(cut.getBytes(StandardCharsets.UTF_8).length <= 123, cut);
        assertTrue(cut.endsWith("..."));
        String emoji = ByteBridge.truncate("😀".repeat(100));
        assertTrue(emoji.getBytes(StandardCharsets.UTF_8).length <= 123);
        assertEquals(0, emoji.replace("...", "").length() % 2, "no split surrogate pair");
    }

    @Test
    void describeUnwrapsAndNamesExceptionsWithoutMessage() {
        assertEquals("Connection refused", ByteBridge.describe(new CompletionException(new ConnectException("Connection refused"))));
        assertEquals("ConnectException", ByteBridge.describe(new ConnectException()));
    }
}
