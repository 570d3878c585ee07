package io.wsstream.cluster.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import io.wsstream.api.cluster.MemberDTO;
import io.wsstream.api.cluster.StreamEntryDTO;

import org.junit.jupiter.api.Test;

class ClusterCommandsTest {

    @Test
    void membersThenStreamsPerNodeAndPath() {
        String answer = ClusterCommands.answer("a", List.of(member("b", "127.0.0.1:5702", false, 2), member("a", "127.0.0.1:5701", true, 1)),
                List.of(entry("b", "/chat"), entry("a", "/echo"), entry("b", "/echo")));
        assertEquals("this node: a\n"
                + "NODE  ADDRESS         LOCAL  STREAMS\n"
                + "a     127.0.0.1:5701  yes    1\n"
                + "b     127.0.0.1:5702         2\n"
                + "\n"
                + "NODE  PATH   STREAMS\n"
                + "a     /echo  1\n"
                + "b     /chat  1\n"
                + "b     /echo  1\n", answer);
    }

    private static MemberDTO member(String name, String address, boolean local, int streams) {
        MemberDTO member = new MemberDTO();
        member.name = name;
        member.address = address;
        member.local = local;
        member.openStreams = streams;
        return member;
    }

    private static StreamEntryDTO entry(String node, String path) {
        StreamEntryDTO entry = new StreamEntryDTO();
        entry.node = node;
        entry.path = path;
        return entry;
    }
}
