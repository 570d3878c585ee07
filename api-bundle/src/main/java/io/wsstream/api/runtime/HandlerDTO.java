package io.wsstream.api.runtime;

import org.osgi.dto.DTO;

/** A handler service the whiteboard serves. */
public class HandlerDTO extends DTO {
    /** The {@code wsstream.path} of the handler, as registered. */
    public String path;
    /** The {@code service.id} of the handler service. */
    public long serviceId;
    /** The id of the bundle that registered the handler. */
    public long bundleId;
    /** The {@code service.ranking} of the handler service (0 when absent). */
    public int ranking;
    /** The number of streams the handler serves now. */
    public int openStreams;
}
