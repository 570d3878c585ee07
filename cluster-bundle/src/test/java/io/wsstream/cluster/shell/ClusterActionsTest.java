package io.wsstream.cluster.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

import io.wsstream.api.cluster.MemberDTO;
import io.wsstream.api.cluster.NodeGoneException;
import io.wsstream.api.cluster.StreamCluster;
import io.wsstream.api.cluster.StreamEntryDTO;

import org.junit.jupiter.api.Test;

class ClusterActionsTest {
    private final DirectoryOnly cluster = new DirectoryOnly(List.of(entry("a1b2", "a", "/chat"), entry("a1c3", "b", "/chat"), entry("d4", "b", "/echo")));

    @Test
    void broadcastPublishesTheParsedValueAndSaysWhere() {
        assertEquals("broadcast to /chat published to 2 nodes, 2 streams listed on the path\n",
                ClusterCommands.act(new ClusterActions(cluster), "broadcast", "/chat", "{\"n\":1}"));
        assertEquals(List.of("broadcast /chat {n=1}"), cluster.calls);
    }

    @Test
    void broadcastOfTextThatIsNotJsonIsRefused() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> ClusterCommands.act(new ClusterActions(cluster), "broadcast", "/chat", "{oops"));
        assertEquals("not JSON (a text is written \"in quotes\"): {oops", refused.getMessage());
        assertEquals(List.of(), cluster.calls);
    }

    @Test
    void sendByAUniqueBeginningOfTheIdNamesTheNode() {
        assertEquals("sent to a1c3 on node b\n", ClusterCommands.act(new ClusterActions(cluster), "send", "a1c", "hello"));
        assertEquals(List.of("sendText a1c3 hello"), cluster.calls);
    }

    @Test
    void anUnknownOrAmbiguousStreamIsRefusedInOneLine() {
        assertEquals("no open stream zz in the cluster", assertThrows(IllegalArgumentException.class,
                () -> ClusterCommands.act(new ClusterActions(cluster), "send", "zz", "hello")).getMessage());
        assertEquals("2 open streams in the cluster start with a1: give more of the id", assertThrows(IllegalArgumentException.class,
                () -> ClusterCommands.act(new ClusterActions(cluster), "close", "a1")).getMessage());
        assertEquals(List.of(), cluster.calls);
    }

    @Test
    void aNodeGoneFailsTheCommandWithItsReason() {
        cluster.failure = new NodeGoneException("b", "no answer within 4000 ms");
        assertEquals("send failed: node b is gone: no answer within 4000 ms", assertThrows(IllegalStateException.class,
                () -> ClusterCommands.act(new ClusterActions(cluster), "send", "d4", "hello")).getMessage());
    }

    @Test
    void closeWithTheDefaultsOrACodeAndReason() {
        assertEquals("closed d4 on node b with 1000\n", ClusterCommands.act(new ClusterActions(cluster), "close", "d4"));
        assertEquals("closed d4 on node b with 4000\n", ClusterCommands.act(new ClusterActions(cluster), "close", "d4", "4000", "moderated"));
        assertEquals(List.of("close d4 1000 closed from the shell", "close d4 4000 moderated"), cluster.calls);
    }

    @Test
    void aCloseCodeThatMayNotBeSentOrIsNoNumberIsRefused() {
        assertEquals("1005 may not be sent in a close frame: use 1000-1003, 1007-1014 or 3000-4999", assertThrows(IllegalArgumentException.class,
                () -> ClusterCommands.act(new ClusterActions(cluster), "close", "d4", "1005")).getMessage());
        assertEquals("not a close code: soon", assertThrows(IllegalArgumentException.class,
                () -> ClusterCommands.act(new ClusterActions(cluster), "close", "d4", "soon")).getMessage());
        assertEquals(List.of(), cluster.calls);
    }

    @Test
    void anUnknownActionAnswersWithTheUsage() {
        assertEquals("usage: wsstream:cluster [broadcast <path> <json> | send <stream> <text> | close <stream> [<code> [<reason>]]]",
                assertThrows(IllegalArgumentException.class, () -> ClusterCommands.act(new ClusterActions(cluster), "sned", "d4", "x")).getMessage());
    }

    private static StreamEntryDTO entry(String id, String node, String path) {
        StreamEntryDTO entry = new StreamEntryDTO();
        entry.id = id;
        entry.node = node;
        entry.path = path;
        return entry;
    }

    /** A cluster that is only a directory: it records what it was asked to do and completes (or fails) at once. */
    private static final class DirectoryOnly implements StreamCluster {
        final List<String> calls = new ArrayList<>();
        final List<StreamEntryDTO> entries;
        RuntimeException failure;

        DirectoryOnly(List<StreamEntryDTO> entries) {
            this.entries = entries;
        }

        @Override
        public String localNode() {
            return "a";
        }

        @Override
        public Collection<MemberDTO> members() {
            return List.of(new MemberDTO(), new MemberDTO());
        }

        @Override
        public Collection<StreamEntryDTO> streams() {
            return entries;
        }

        @Override
        public Collection<StreamEntryDTO> streams(String path) {
            return entries.stream().filter(entry -> entry.path.equals(path)).collect(Collectors.toList());
        }

        @Override
        public Optional<StreamEntryDTO> stream(String id) {
            return entries.stream().filter(entry -> entry.id.equals(id)).findFirst();
        }

        @Override
        public CompletionStage<Void> broadcast(String path, Object value) {
            return record("broadcast " + path + " " + value);
        }

        @Override
        public CompletionStage<Void> send(String streamId, Object value) {
            return record("send " + streamId + " " + value);
        }

        @Override
        public CompletionStage<Void> sendText(String streamId, String text) {
            return record("sendText " + streamId + " " + text);
        }

        @Override
        public CompletionStage<Void> close(String streamId, int code, String reason) {
            return record("close " + streamId + " " + code + " " + reason);
        }

        private CompletionStage<Void> record(String call) {
            if (failure != null) {
                return CompletableFuture.failedFuture(failure);
            }
            calls.add(call);
            return CompletableFuture.completedFuture(null);
        }
    }
}
