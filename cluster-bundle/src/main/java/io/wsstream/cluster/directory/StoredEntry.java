package io.wsstream.cluster.directory;

import java.net.InetSocketAddress;
import java.security.Principal;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.hazelcast.core.HazelcastJsonValue;

import io.wsstream.api.WebsocketServerStream;
import io.wsstream.api.cluster.StreamEntryDTO;

/**
 * A directory entry as the map holds it: the stream's {@link StreamEntryDTO} as JSON (so that Hazelcast can query its
 * attributes without our classes), plus the life of the node that wrote it. Stateless and thread-safe.
 *
 * @param life the {@link NodeLiveness} life of the node that wrote the entry, or null for an entry without one
 */
record StoredEntry(StreamEntryDTO entry, String life) {
    /** The JSON attribute that names the life. */
    static final String LIFE = "life";
    private static final Gson GSON = new Gson();

    static HazelcastJsonValue encode(StreamEntryDTO entry, String life) {
        JsonObject json = GSON.toJsonTree(entry).getAsJsonObject();
        json.addProperty(LIFE, life);
        return new HazelcastJsonValue(json.toString());
    }

    static StoredEntry decode(HazelcastJsonValue value) {
        JsonObject json = JsonParser.parseString(value.getValue()).getAsJsonObject();
        JsonElement life = json.get(LIFE);
        return new StoredEntry(GSON.fromJson(json, StreamEntryDTO.class), life == null || life.isJsonNull() ? null : life.getAsString());
    }

    /** @return the entry of a local stream */
    static StreamEntryDTO of(WebsocketServerStream stream, String node) {
        StreamEntryDTO entry = new StreamEntryDTO();
        entry.id = stream.id();
        entry.node = node;
        entry.path = stream.path();
        InetSocketAddress remote = stream.info().remoteAddress();
        entry.remoteAddress = remote == null ? null : remote.getHostString() + ":" + remote.getPort();
        entry.opened = stream.info().openedAt().toEpochMilli();
        entry.principal = stream.info().principal().map(Principal::getName).orElse(null);
        return entry;
    }
}
