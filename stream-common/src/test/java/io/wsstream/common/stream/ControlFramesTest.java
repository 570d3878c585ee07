package io.wsstream.common.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;

import io.wsstream.api.CloseCodes;

import org.junit.jupiter.api.Test;

class ControlFramesTest {

    @Test
    void aCloseReasonIsCountedInBytesOfUtf8() {
        assertEquals("", ControlFrames.closeReason(CloseCodes.NORMAL, null));
        String fits = "é".repeat(61) + "x";
        assertEquals(fits, ControlFrames.closeReason(CloseCodes.NORMAL, fits), "123 bytes");
        assertThrows(IllegalArgumentException.class, () -> ControlFrames.closeReason(CloseCodes.NORMAL, "é".repeat(62)),
                "62 characters, 124 bytes");
    }

    @Test
    void codesThatOnlyDescribeAConnectionMayNotBeSent() {
        assertThrows(IllegalArgumentException.class, () -> ControlFrames.closeReason(CloseCodes.ABNORMAL, "dropped"));
    }

    @Test
    void aPingCarriesAtMost125Bytes() {
        ControlFrames.checkPingPayload(ByteBuffer.allocate(125));
        assertThrows(IllegalArgumentException.class, () -> ControlFrames.checkPingPayload(ByteBuffer.allocate(126)));
    }
}
