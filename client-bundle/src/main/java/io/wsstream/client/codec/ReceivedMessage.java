package io.wsstream.client.codec;

import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.google.gson.JsonElement;
import com.google.gson.reflect.TypeToken;

import io.wsstream.api.Message;
import io.wsstream.api.MessageFormatException;

/** A received message; the JSON tree is parsed on the first decode and kept for later ones. */
public final class ReceivedMessage implements Message {
    private static final Type MAP_TYPE = new TypeToken<Map<String, Object>>() {}.getType();

    private final JsonCodec codec;
    private final String text;
    private final ByteBuffer bytes;
    private JsonElement tree;

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
    public <T> T as(Type type) {
        return codec.convert(tree(), type);
    }

    @Override
    public Map<String, Object> asMap() {
        JsonElement parsed = tree();
        if (!parsed.isJsonObject()) {
            throw new MessageFormatException("expected a JSON object, got: " + abbreviated(text), null);
        }
        return codec.convert(parsed, MAP_TYPE);
    }

    /** Handler calls on one message come from one thread at a time, so no synchronisation is needed. */
    private JsonElement tree() {
        if (text == null) {
            throw new BinaryMessageDecodeException();
        }
        if (tree == null) {
            tree = codec.parse(text);
        }
        return tree;
    }

    private static String abbreviated(String text) {
        return text.length() <= 64 ? text : text.substring(0, 61) + "...";
    }

    @Override
    public String toString() {
        return text != null ? "text(" + text.length() + " chars)" : "binary(" + bytes.remaining() + " bytes)";
    }
}
