package io.wsstream.jetty.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import io.wsstream.api.Message;
import io.wsstream.common.codec.JsonCodec;

import org.eclipse.jetty.websocket.core.Configuration;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.exception.BadPayloadException;
import org.eclipse.jetty.websocket.core.exception.MessageTooLargeException;
import org.junit.jupiter.api.Test;

class MessageAssemblerTest {
    private final MessageAssembler assembler = new MessageAssembler(new JsonCodec());
    private final Configuration.ConfigurationCustomizer limits = new Configuration.ConfigurationCustomizer();

    MessageAssemblerTest() {
        limits.setMaxTextMessageSize(16);
        limits.setMaxBinaryMessageSize(8);
    }

    private Message accept(byte opcode, boolean fin, byte[] payload) {
        return assembler.accept(new Frame(opcode, fin, ByteBuffer.wrap(payload)), limits);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aTextInOneFrameIsDecodedFromItsPayload() {
        Message message = accept(OpCode.TEXT, true, utf8("{\"n\":1}"));
        assertEquals("{\"n\":1}", message.text());
        assertEquals(1L, message.asMap().get("n"));
        assertEquals(7, assembler.completedBytes());
    }

    @Test
    void aTextFromADirectBufferIsDecodedToo() {
        ByteBuffer direct = ByteBuffer.allocateDirect(8);
        direct.put(utf8("a€")).flip();
        assertEquals("a€", assembler.accept(new Frame(OpCode.TEXT, true, direct), limits).text());
    }

    @Test
    void fragmentsAreGatheredAcrossASplitCharacter() {
        byte[] euro = utf8("€");
        assertNull(accept(OpCode.TEXT, false, new byte[] {'a', euro[0]}));
        assertNull(accept(OpCode.CONTINUATION, false, new byte[] {euro[1]}));
        Message message = accept(OpCode.CONTINUATION, true, new byte[] {euro[2], 'b'});
        assertEquals("a€b", message.text());
        assertEquals(5, assembler.completedBytes());
        assertEquals("next", accept(OpCode.TEXT, true, utf8("next")).text(), "the next message starts afresh");
    }

    @Test
    void aBinaryMessageIsItsOwnCopy() {
        byte[] payload = {1, 2, 3};
        Message message = accept(OpCode.BINARY, true, payload);
        payload[0] = 9;
        assertFalse(message.isText());
        assertEquals(ByteBuffer.wrap(new byte[] {1, 2, 3}), message.bytes());
    }

    @Test
    void binaryFragmentsAreGatheredBeyondTheFirstFragmentsSize() {
        assertNull(accept(OpCode.BINARY, false, new byte[] {1}));
        assertNull(accept(OpCode.CONTINUATION, false, new byte[] {2, 3, 4}));
        Message message = accept(OpCode.CONTINUATION, true, new byte[] {5, 6, 7, 8});
        assertEquals(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}), message.bytes());
        assertEquals(8, assembler.completedBytes());
    }

    @Test
    void emptyMessagesAndEmptyFragmentsAreMessagesToo() {
        assertEquals("", assembler.accept(new Frame(OpCode.TEXT), limits).text());
        assertEquals(0, assembler.completedBytes());
        assertEquals(0, assembler.accept(new Frame(OpCode.BINARY), limits).bytes().remaining());
        assertNull(accept(OpCode.TEXT, false, new byte[0]));
        assertEquals("x", accept(OpCode.CONTINUATION, true, utf8("x")).text());
    }

    @Test
    void invalidUtf8IsABadPayloadInOneFrameOrAcrossFragments() {
        assertEquals(1007, assertThrows(BadPayloadException.class, () -> accept(OpCode.TEXT, true, new byte[] {(byte) 0xC3, 0x28})).getStatusCode());
        assertNull(accept(OpCode.TEXT, false, new byte[] {'o', 'k', (byte) 0xE2, (byte) 0x82}));
        assertThrows(BadPayloadException.class, () -> accept(OpCode.CONTINUATION, true, new byte[] {0x28}));
    }

    @Test
    void aTextEndingInsideACharacterIsABadPayload() {
        assertNull(accept(OpCode.TEXT, false, new byte[] {'a'}));
        assertThrows(BadPayloadException.class, () -> accept(OpCode.CONTINUATION, true, new byte[] {(byte) 0xE2}));
    }

    @Test
    void invalidUtf8IsFoundInTheFragmentThatHasIt() {
        assertThrows(BadPayloadException.class, () -> accept(OpCode.TEXT, false, new byte[] {(byte) 0xFF}));
    }

    @Test
    void aMessageOverItsKindsLimitIsTooLargeInOneFrameOrAcrossFragments() {
        assertTrue(accept(OpCode.TEXT, true, new byte[16]).isText(), "at the limit");
        assertEquals(1009, assertThrows(MessageTooLargeException.class, () -> accept(OpCode.BINARY, true, new byte[9])).getStatusCode());
        assertNull(accept(OpCode.TEXT, false, new byte[10]));
        assertThrows(MessageTooLargeException.class, () -> accept(OpCode.CONTINUATION, false, new byte[7]));
        assertEquals("after", accept(OpCode.TEXT, true, utf8("after")).text(), "a failed message leaves nothing behind");
    }
}
