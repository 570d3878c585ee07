package io.wsstream.cluster.shell;

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
 * node's view of the directory. Present while this node is in a cluster. Prints its answer and returns nothing,
 * as the {@code wsstream:*} commands of the implementation do (Karaf's {@code bin/client} prints no returned value).
 */
@Component(service = Object.class, property = {"osgi.command.scope=wsstream", "osgi.command.function=cluster"})
public final class ClusterCommands {

    @Reference
    private StreamCluster cluster;

    public void cluster() {
        System.out.print(answer(cluster.localNode(), cluster.members(), cluster.streams()));
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
