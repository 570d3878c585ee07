package io.wsstream.common.codec;

import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.Type;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.ToNumberPolicy;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import io.wsstream.api.MessageFormatException;

/**
 * JSON through Gson: strict parsing (no unquoted strings or trailing garbage), integral numbers in untyped
 * positions as {@code Long}, records supported. Thread safe.
 */
public final class JsonCodec {
    private final Gson gson = new GsonBuilder()
            .setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE)
            .disableHtmlEscaping()
            .serializeNulls()
            .create();

    /** @return the value as JSON text */
    public String encode(Object value) {
        return gson.toJson(value);
    }

    /**
     * Decodes the text straight into the type, without an intermediate tree (a tree and a conversion cost
     * twice the time and the garbage).
     *
     * @param objectOnly whether anything but a JSON object is refused
     * @throws MessageFormatException if the text is not exactly one JSON value of that type
     */
    public <T> T decode(String text, Type type, boolean objectOnly) {
        try (JsonReader reader = new JsonReader(new StringReader(text))) {
            reader.setStrictness(Strictness.STRICT);
            if (objectOnly && reader.peek() != JsonToken.BEGIN_OBJECT) {
                throw new MessageFormatException("expected a JSON object, got: " + abbreviated(text), null);
            }
            @SuppressWarnings("unchecked")
            T value = (T) gson.getAdapter(TypeToken.get(type)).read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new MessageFormatException("malformed JSON: data after the value at " + reader.getPath(), null);
            }
            return value;
        } catch (IOException | JsonParseException | IllegalStateException | IllegalArgumentException e) {
            throw new MessageFormatException("malformed JSON or not a " + type.getTypeName() + ": " + e.getMessage(), e);
        }
    }

    private static String abbreviated(String text) {
        return text.length() <= 64 ? text : text.substring(0, 61) + "...";
    }
}
