package io.wsstream.api.cluster;

import org.osgi.dto.DTO;

/** One open stream in the cluster's directory. */
public class StreamEntryDTO extends DTO {
    /** The stream's id, as {@link io.wsstream.api.WebsocketStream#id()} gives it on its node. */
    public String id;
    /** The name of the node the stream is open on ({@link MemberDTO#name}). */
    public String node;
    /** The stream's request path. */
    public String path;
    /** The peer's address, {@code host:port}. */
    public String remoteAddress;
    /** When the stream opened, in milliseconds since the epoch. */
    public long opened;
    /** The name of the authenticated principal, or {@code null} for an anonymous stream. */
    public String principal;
}
