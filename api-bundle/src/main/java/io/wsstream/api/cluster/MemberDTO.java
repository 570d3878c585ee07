package io.wsstream.api.cluster;

import org.osgi.dto.DTO;

/** One node of the cluster. */
public class MemberDTO extends DTO {
    /** The node's name ({@code node.name} of its configuration), unique in the cluster. */
    public String name;
    /** Where the node's cluster engine listens, {@code host:port}. */
    public String address;
    /** Whether this is the node that made the snapshot. */
    public boolean local;
    /** The node's open streams, as the directory lists them. */
    public int openStreams;
}
