package io.wsstream.cluster.shell;

import java.io.PrintStream;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.wsstream.api.cluster.MemberDTO;
import io.wsstream.api.cluster.StreamCluster;
import io.wsstream.api.cluster.StreamEntryDTO;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code wsstream:cluster}: the members of the cluster and how many streams each has on each path, from this
 * node's view of the directory; {@code wsstream:cluster broadcast|send|close ...}: the cluster forms of
 * {@code wsstream:broadcast|send|close}, reaching streams on every node. Subcommands rather than
 * {@code cluster-broadcast}: Gogo finds a command's method by its name, which cannot hold a dash. Present while
 * this node is in a cluster. Prints its answer and returns nothing, as the {@code wsstream:*} commands of the
 * implementation do (Karaf's {@code bin/client} prints no returned value); bad input or a failed send fails the
 * command with a one-line message, which every shell prints.
 */
@Component(service = Object.class, property = {"osgi.command.scope=wsstream", "osgi.command.function=cluster"})
public final class ClusterCommands {

    @Reference
    private StreamCluster cluster;

    public void cluster() {
        print(answer(cluster.localNode(), cluster.members(), cluster.streams()));
    }

    /** {@code wsstream:cluster close <stream>}: closes a stream on any node with 1000. */
    public void cluster(String action, String stream) {
        print(act(new ClusterActions(cluster), action, stream));
    }

    /**
     * {@code wsstream:cluster broadcast <path> <json>}, {@code wsstream:cluster send <stream> <text>},
     * {@code wsstream:cluster close <stream> <code>}.
     */
    public void cluster(String action, String first, String second) {
        print(act(new ClusterActions(cluster), action, first, second));
    }

    /** {@code wsstream:cluster close <stream> <code> <reason>}. */
    public void cluster(String action, String stream, String code, String reason) {
        print(act(new ClusterActions(cluster), action, stream, code, reason));
    }

    /** @return the answer of a subcommand, its arguments as typed */
    static String act(ClusterActions actions, String action, String... arguments) {
        switch (action + "/" + arguments.length) {
            case "broadcast/2":
                return actions.broadcast(arguments[0], arguments[1]);
            case "send/2":
                return actions.send(arguments[0], arguments[1]);
            case "close/1":
                return actions.close(arguments[0], "1000", ClusterActions.SHELL_REASON);
            case "close/2":
                return actions.close(arguments[0], arguments[1], ClusterActions.SHELL_REASON);
            case "close/3":
                return actions.close(arguments[0], arguments[1], arguments[2]);
            default:
                throw new IllegalArgumentException("usage: wsstream:cluster [broadcast <path> <json> | send <stream> <text>"
                        + " | close <stream> [<code> [<reason>]]]");
        }
    }

    private static void print(String answer) {
        // read System.out at each call: Gogo's ThreadIO sets it to the running session's output
        PrintStream out = System.out;
        out.print(answer);
        out.flush();
    }

    static String answer(String localNode, Collection<MemberDTO> members, Collection<StreamEntryDTO> streams) {
        StringBuilder text = new StringBuilder("this node: ").append(localNode).append('\n');
        TextTable memberTable = new TextTable("NODE", "ADDRESS", "LOCAL", "STREAMS");
        members.stream().sorted(Comparator.comparing(member -> member.name))
                .forEach(member -> memberTable.row(member.name, member.address, member.local ? "yes" : "", member.openStreams));
        text.append(memberTable);
        Map<String, Map<String, Long>> byNodeAndPath = streams.stream().collect(Collectors.groupingBy(entry -> entry.node, TreeMap::new,
                Collectors.groupingBy(entry -> entry.path, TreeMap::new, Collectors.counting())));
        TextTable pathTable = new TextTable("NODE", "PATH", "STREAMS");
        byNodeAndPath.forEach((node, paths) -> paths.forEach((path, count) -> pathTable.row(node, path, count)));
        return text.append('\n').append(pathTable).toString();
    }
}
