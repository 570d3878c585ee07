package io.wsstream.api.runtime.dto;

import org.osgi.dto.DTO;

/**
 * How many of a server's streams on one handler path closed with one close code: a 1011 counts the streams whose
 * handler threw, a 4000-4999 code those an application closed on purpose.
 */
public class ClosedStreamsDTO extends DTO {
    /** The {@code wsstream.path} of the handler that served the streams, as registered. */
    public String path;
    /**
     * The close code the streams closed with (the peer's, or this side's when the connection ended without one); 0
     * for the closes of a path with codes first seen after the server already kept 256 rows (a peer chooses its code,
     * so the rows are bounded).
     */
    public int code;
    /** The number of streams. */
    public long count;
}
