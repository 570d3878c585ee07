package io.wsstream.benchmark.paxweb;

import java.lang.reflect.Type;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.ToNumberPolicy;
import com.google.gson.reflect.TypeToken;

/** Gson configured as wsstream's codec is (Long integers, no HTML escaping, nulls kept): the same work per message. */
final class Json {
    static final Gson GSON = new GsonBuilder()
            .setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE)
            .disableHtmlEscaping()
            .serializeNulls()
            .create();
    static final Type MAP_TYPE = new TypeToken<Map<String, Object>>() {}.getType();

    private Json() {}

    /** Decodes a JSON object into a map and encodes it again (a {@code Map}, or Gson would pick toJson(JsonElement)). */
    static String reencode(String text) {
        Map<String, Object> decoded = GSON.fromJson(text, MAP_TYPE);
        return GSON.toJson(decoded);
    }
}
