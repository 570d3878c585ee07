package io.wsstream.common.codec;

import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.wsstream.api.Message;
import io.wsstream.api.TypeReference;

import com.google.gson.reflect.TypeToken;

/** A received message; its JSON is decoded on each call of {@link #as} or {@link #asMap}. */
public final class ReceivedMessage implements Message {
    private static final Type MAP_TYPE = new TypeToken<Map<String, Object>>() {}.getType();

    private final JsonCodec codec;
    private final String text;
    private final ByteBuffer bytes;

    private ReceivedMessage(JsonCodec codec, String text, ByteBuffer bytes) {
        this.codec = codec;
        this.text = text;
        this.bytes = bytes;
    }

    public static ReceivedMessage text(JsonCodec codec, String text) {
        return new ReceivedMessage(codec, text, null);
    }

    /** @param bytes a buffer the message may keep: the caller gives up ownership */
    public static ReceivedMessage binary(JsonCodec codec, ByteBuffer bytes) {
        return new ReceivedMessage(codec, null, bytes.asReadOnlyBuffer());
    }

    @Override
    public boolean isText() {
        return text != null;
    }

    @Override
    public String text() {
        if (text == null) {
            throw new IllegalStateException("a binary message has no text");
        }
        return text;
    }

    @Override
    public ByteBuffer bytes() {
        return text != null ? ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer() : bytes.duplicate();
    }

    @Override
    public <T> T as(Class<T> type) {
        return codec.decode(json(), type, false);
    }

    /** The codec's unchecked cast is safe here: the type argument of the reference is the type decoded into. */
    @Override
    public <T> T as(TypeReference<T> type) {
        return codec.decode(json(), type.getType(), false);
    }

    @Override
    public Map<String, Object> asMap() {
        return codec.decode(json(), MAP_TYPE, true);
    }

    private String json() {
        if (text == null) {
            throw new BinaryMessageDecodeException();
        }
        return text;
    }

    @Override
    public String toString() {
        return text != null ? "text(" + text.length() + " chars)" : "binary(" + bytes.remaining() + " bytes)";
    }
}
