package io.wsstream.cluster.shell;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import io.wsstream.api.CloseCodes;
import io.wsstream.api.cluster.StreamCluster;
import io.wsstream.api.cluster.StreamEntryDTO;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.ToNumberPolicy;

/**
 * What {@code wsstream:cluster broadcast|send|close} answer: one line saying what was done, or an exception whose
 * one-line message says why not (the shells print it), as the node's own {@code wsstream:broadcast|send|close} do.
 * A stream is named by its id or a unique beginning of it, looked up in the cluster's directory.
 */
final class ClusterActions {
    /**
     * How long a command waits for its stage. The stage fails by itself when a node is gone (after the failure
     * detection); this only keeps the shell from hanging on a stage that never completes.
     */
    static final Duration STAGE_TIMEOUT = Duration.ofSeconds(30);
    static final String SHELL_REASON = "closed from the shell";

    private static final Gson JSON = new GsonBuilder()
            .setStrictness(Strictness.STRICT)
            .setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE)
            .create();

    private final StreamCluster cluster;

    ClusterActions(StreamCluster cluster) {
        this.cluster = cluster;
    }

    /** Publishes a JSON value to every stream on the path on every node. */
    String broadcast(String path, String json) {
        Object value;
        try {
            value = JSON.fromJson(json, Object.class);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("not JSON (a text is written \"in quotes\"): " + json, e);
        }
        await(cluster.broadcast(path, value), "broadcast");
        return "broadcast to " + path + " published to " + cluster.members().size() + " nodes, "
                + cluster.streams(path).size() + " streams listed on the path\n";
    }

    /** Sends one text message, as it is, to the stream wherever it is open. */
    String send(String stream, String text) {
        StreamEntryDTO target = find(stream);
        await(cluster.sendText(target.id, text), "send");
        return "sent to " + target.id + " on node " + target.node + "\n";
    }

    /** Closes the stream wherever it is open; the code is given as typed (a number the shell did not convert). */
    String close(String stream, String code, String reason) {
        int closeCode;
        try {
            closeCode = Integer.parseInt(code);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a close code: " + code, e);
        }
        if (!CloseCodes.isSendable(closeCode)) {
            throw new IllegalArgumentException(code + " may not be sent in a close frame: use 1000-1003, 1007-1014 or 3000-4999");
        }
        StreamEntryDTO target = find(stream);
        await(cluster.close(target.id, closeCode, reason), "close");
        return "closed " + target.id + " on node " + target.node + " with " + closeCode + "\n";
    }

    /** @return the directory entry with that id, or the only one whose id starts with it */
    private StreamEntryDTO find(String idOrPrefix) {
        return cluster.stream(idOrPrefix).orElseGet(() -> {
            List<StreamEntryDTO> matches = cluster.streams().stream()
                    .filter(entry -> entry.id.startsWith(idOrPrefix))
                    .collect(Collectors.toList());
            if (matches.size() == 1) {
                return matches.get(0);
            }
            throw new IllegalArgumentException(matches.isEmpty() ? "no open stream " + idOrPrefix + " in the cluster"
                    : matches.size() + " open streams in the cluster start with " + idOrPrefix + ": give more of the id");
        });
    }

    private static void await(CompletionStage<Void> stage, String what) {
        try {
            stage.toCompletableFuture().get(STAGE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + " not done within " + STAGE_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " interrupted");
        }
    }
}
