package io.wsstream.client.codec;

import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.Type;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.ToNumberPolicy;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import io.wsstream.api.MessageFormatException;

/**
 * JSON through Gson: strict parsing (no unquoted strings or trailing garbage), integral numbers in untyped
 * positions as {@code Long}, records supported. Thread safe. The same codec as the server's
 * ({@code io.wsstream.jetty.codec} in impl-bundle): each bundle keeps its packages private.
 */
public final class JsonCodec {
    private final Gson gson = new GsonBuilder()
            .setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE)
            .disableHtmlEscaping()
            .serializeNulls()
            .create();
    private final TypeAdapter<JsonElement> treeAdapter = gson.getAdapter(JsonElement.class);

    /** @return the value as JSON text */
    public String encode(Object value) {
        return gson.toJson(value);
    }

    /**
     * Parses the text once into a tree that {@link #convert} turns into any type.
     *
     * @throws MessageFormatException if the text is not exactly one JSON value
     */
    public JsonElement parse(String text) {
        try (JsonReader reader = new JsonReader(new StringReader(text))) {
            reader.setStrictness(Strictness.STRICT);
            JsonElement tree = treeAdapter.read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new MessageFormatException("malformed JSON: data after the value at " + reader.getPath(), null);
            }
            return tree;
        } catch (IOException | JsonParseException | IllegalStateException e) {
            throw new MessageFormatException("malformed JSON: " + e.getMessage(), e);
        }
    }

    /** @throws MessageFormatException if the tree does not fit the type */
    public <T> T convert(JsonElement tree, Type type) {
        try {
            return gson.fromJson(tree, type);
        } catch (JsonParseException | IllegalStateException | IllegalArgumentException e) {
            throw new MessageFormatException("JSON does not match " + type.getTypeName() + ": " + e.getMessage(), e);
        }
    }
}
